/**
 * Batch anomaly analysis of one metric series against its own reference period: is there a
 * deviation, where did it start, how big is it, and what shape does it have.
 */
import type { Point } from '../../core/index.js';
import type { DetectOptions, SeriesAnomaly } from './anomaly-types.js';
import { cusumAlarm, excursionBounds, type Sign } from './change-point.js';
import { cleanSeries } from './clean-series.js';
import { median, robustScale } from './robust-stats.js';
import { deseasonalize } from './seasonality.js';
import { type Candidate, type SeriesContext, scoreCandidate, trendRefinement } from './series-shape.js';

const MIN_POINTS = 4;
const MIN_REFERENCE_POINTS = 3;
const DEFAULT_BASELINE_FRACTION = 0.6;
/** A flat baseline still has some spread: 0.1% of its level (keeps z finite and sane). */
const RELATIVE_SCALE_FLOOR = 1e-3;
/** CUSUM allowance, threshold and per-point cap, in robust z units. */
const CUSUM_K = 1;
const CUSUM_H = 8;
const CUSUM_CAP = 4;
/** A lone point must be this many robust sigmas out to be reported at all. */
const SPIKE_Z = 6;
/** Points bordering a spike belong to it while they are this far out. */
const SPIKE_EDGE_Z = 3;
/** How many final points give the "current" level. */
const CURRENT_POINTS = 5;

/**
 * Batch analysis of one series against its own reference period. Returns the most
 * significant deviation, or null when nothing is anomalous (including series too short to
 * judge). Bad input (NaN/±Inf, duplicate or unsorted times) is cleaned first. Never throws.
 *
 * @example
 * const anomaly = detectSeriesAnomaly(points, { baselineEnd: plan.baseline_end, direction: 'up' });
 * if (anomaly) console.log(anomaly.shape, toIso(anomaly.onset), anomaly.score);
 */
export function detectSeriesAnomaly(
  points: readonly Point[],
  options: DetectOptions = {},
): SeriesAnomaly | null {
  try {
    return analyse(points, options ?? {});
  } catch {
    // The contract is "never throws": a bug here must not take the whole investigation down.
    return null;
  }
}

function analyse(points: readonly Point[], options: DetectOptions): SeriesAnomaly | null {
  const { times, values } = cleanSeries(points);
  const n = times.length;
  if (n < MIN_POINTS) return null;
  const referenceEnd = referenceEndIndex(times, options.baselineEnd);
  if (referenceEnd < MIN_REFERENCE_POINTS || referenceEnd >= n) return null;

  const { adjusted } = deseasonalize(times, values, referenceEnd);
  const center = median(adjusted, 0, referenceEnd);
  const scaleFloor = positiveOr(options.scaleFloor, 1e-9);
  const spread = robustScale(adjusted, center, 0, referenceEnd);
  const scale = Math.max(spread, scaleFloor, RELATIVE_SCALE_FLOOR * Math.abs(center));
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = (adjusted[i] - center) / scale;

  const minAbsoluteChange = nonNegativeOr(options.minAbsoluteChange, 0);
  const minRelativeChange = nonNegativeOr(options.minRelativeChange, 0.2);
  const context: SeriesContext = {
    times,
    values,
    adjusted,
    z,
    n,
    referenceEnd,
    center,
    scale,
    baseline: median(values, 0, referenceEnd),
    magnitudeScale: Math.max(scaleFloor, spread),
    minAbsoluteChange,
    minRelativeChange,
    gateZ: Math.max(minAbsoluteChange, minRelativeChange * Math.abs(center)) / scale,
  };

  let best: SeriesAnomaly | null = null;
  for (const sign of signsFor(options.direction)) {
    const candidate = findCandidate(context, sign);
    const anomaly = candidate ? scoreCandidate(context, candidate) : null;
    if (anomaly && (!best || anomaly.score > best.score)) best = anomaly;
  }
  return best;
}

/**
 * Sustained deviations come from CUSUM; otherwise a lone extreme point may be a spike.
 *
 * The CUSUM looks for shifts of at least the smallest change that matters (the gates): its
 * allowance is half that change, as for any CUSUM tuned to a minimum shift. Otherwise a slow
 * creep below the gates (a volume growing a little) raises the alarm first, the excursion
 * spans creep and real change, its level fails the gates and the real change is never seen.
 */
function findCandidate(ctx: SeriesContext, sign: Sign): Candidate | null {
  const { z, n, referenceEnd } = ctx;
  const current = sign * median(z, Math.max(0, n - CURRENT_POINTS), n);
  const allowance = Math.max(CUSUM_K, ctx.gateZ / 2);
  const cap = allowance + (CUSUM_CAP - CUSUM_K);
  const alarm = cusumAlarm(z, referenceEnd, sign, allowance, CUSUM_H, cap);
  if (alarm) {
    const excursion = excursionBounds(z, sign, alarm, Math.max(1, ctx.gateZ));
    const ongoing = current >= Math.max(1.5, excursion.delta / 2);
    const base: Candidate = {
      sign,
      onset: excursion.onset,
      end: ongoing ? n - 1 : excursion.end,
      shape: 'level_shift',
      ongoing,
    };
    const duration = base.end - base.onset + 1;
    if (!ongoing && duration <= Math.max(3, Math.ceil(0.05 * n))) return { ...base, shape: 'spike' };
    return (ongoing && trendRefinement(ctx, base, alarm.alarm)) || base;
  }

  let peak = -1;
  for (let i = referenceEnd; i < n; i++) if (peak < 0 || sign * z[i] > sign * z[peak]) peak = i;
  if (peak < 0 || sign * z[peak] < SPIKE_Z) return null;
  let onset = peak;
  while (onset > referenceEnd && sign * z[onset - 1] > SPIKE_EDGE_Z) onset--;
  let end = peak;
  while (end < n - 1 && sign * z[end + 1] > SPIKE_EDGE_Z) end++;
  return { sign, onset, end, shape: 'spike', ongoing: end === n - 1 };
}

function referenceEndIndex(times: Float64Array, baselineEnd: number | undefined): number {
  const n = times.length;
  if (typeof baselineEnd !== 'number' || !Number.isFinite(baselineEnd)) {
    return Math.floor(n * DEFAULT_BASELINE_FRACTION);
  }
  let index = 0;
  while (index < n && times[index] < baselineEnd) index++;
  return index;
}

function signsFor(direction: DetectOptions['direction']): Sign[] {
  if (direction === 'up') return [1];
  if (direction === 'down') return [-1];
  return [1, -1];
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function nonNegativeOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
