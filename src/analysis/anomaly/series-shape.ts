/**
 * Shape and scoring of a detected excursion: ramp-versus-step model choice for trends, the
 * effect-size gates from the options, and the 0..1 score and significance.
 */
import type { SeriesAnomaly } from './anomaly-types.js';
import { bestStepSse, hingeOnset, type Sign } from './change-point.js';
import { clamp01, median, normalUpperTail } from './robust-stats.js';
import { mannKendall } from './trend.js';

/** Everything the detector derived from the series once, shared by both directions. */
export interface SeriesContext {
  times: Float64Array;
  values: Float64Array;
  /** Values with any seasonal profile removed (detection runs on these). */
  adjusted: Float64Array;
  /** Robust z-scores of `adjusted` against the reference period. */
  z: Float64Array;
  n: number;
  referenceEnd: number;
  /** Median of `adjusted` over the reference period. */
  center: number;
  /** Robust scale used for z (MAD-based, floored). */
  scale: number;
  /** Median of the raw reference values (reported). */
  baseline: number;
  magnitudeScale: number;
  minAbsoluteChange: number;
  minRelativeChange: number;
  /** The smallest change that passes the gates, in z units (0 without gates). */
  gateZ: number;
}

export interface Candidate {
  sign: Sign;
  onset: number;
  /** Last index of the excursion (inclusive). */
  end: number;
  shape: SeriesAnomaly['shape'];
  ongoing: boolean;
}

/** The ramp must explain the data this much better than the best step to be called a trend. */
const TREND_SSE_RATIO = 0.9;
const TREND_MAX_P = 0.001;
/** Mann–Kendall cannot reach TREND_MAX_P on fewer points, so later knots are pointless. */
const MIN_TREND_POINTS = 8;
/** Mann–Kendall is O(n²): longer segments are thinned to about this many points. */
const MANN_KENDALL_MAX_POINTS = 400;
/** Effective sample size cap for the significance of a sustained shift (noise is rarely white). */
const MAX_EFFECTIVE_POINTS = 30;
const CURRENT_POINTS = 5;
const SHAPE_WEIGHT: Record<SeriesAnomaly['shape'], number> = { spike: 0.5, level_shift: 1, trend: 0.95 };
const RECOVERED_WEIGHT = 0.85;

/**
 * Re-reads an ongoing sustained excursion as a trend when a broken-stick ramp fits clearly
 * better than any step and Mann–Kendall confirms a monotonic rise (or fall) after the knot.
 * The onset then moves to the knot, where the slope began. Null when it is not a trend.
 */
export function trendRefinement(ctx: SeriesContext, base: Candidate, alarm: number): Candidate | null {
  // The knot may lie after the alarm: a small early shift can raise the alarm before a ramp
  // that dominates the excursion has even begun.
  const hinge = hingeOnset(ctx.times, ctx.z, base.sign, 0, Math.max(alarm, ctx.n - MIN_TREND_POINTS));
  if (!hinge) return null;
  if (hinge.sse >= TREND_SSE_RATIO * bestStepSse(ctx.z)) return null;
  const tail = thin(ctx.z.subarray(hinge.index), MANN_KENDALL_MAX_POINTS);
  const mk = mannKendall(tail);
  if (mk.p_value >= TREND_MAX_P || base.sign * mk.s <= 0) return null;
  return { ...base, onset: hinge.index, shape: 'trend' };
}

/**
 * Applies the effect-size gates and turns a candidate into the reported anomaly, or null when
 * the change is below `minAbsoluteChange` / `minRelativeChange`.
 */
export function scoreCandidate(ctx: SeriesContext, candidate: Candidate): SeriesAnomaly | null {
  const { adjusted, z, n, center, sign } = { ...ctx, sign: candidate.sign };
  const { onset, end, shape } = candidate;
  let peak = onset;
  for (let i = onset; i < n; i++) if (sign * adjusted[i] > sign * adjusted[peak]) peak = i;

  let level: number;
  if (shape === 'spike') level = adjusted[peak];
  else if (shape === 'trend') level = median(adjusted, Math.max(onset, n - CURRENT_POINTS), n);
  else level = median(adjusted, onset, end + 1);
  const deviation = sign * (level - center);
  if (!(deviation > 0)) return null;
  if (deviation < ctx.minAbsoluteChange) return null;
  if (deviation < ctx.minRelativeChange * Math.abs(center)) return null;

  const tests = Math.max(1, n - ctx.referenceEnd);
  let statistic: number;
  if (shape === 'spike') {
    statistic = sign * z[peak];
  } else {
    let sum = 0;
    for (let i = onset; i <= end; i++) sum += sign * z[i];
    const count = end - onset + 1;
    statistic = (sum / count) * Math.sqrt(Math.min(count, MAX_EFFECTIVE_POINTS));
  }
  const significance = Math.max(0, 1 - Math.min(1, tests * normalUpperTail(statistic)));

  const effectZ = deviation / ctx.scale;
  const relative = center !== 0 ? deviation / Math.abs(center) : Number.POSITIVE_INFINITY;
  const effect = (1 - Math.exp(-effectZ / 4)) * (0.5 + 0.5 * (1 - Math.exp(-relative / 0.5)));
  const persistence = SHAPE_WEIGHT[shape] * (shape !== 'spike' && !candidate.ongoing ? RECOVERED_WEIGHT : 1);
  const peakValue = ctx.values[peak];
  return {
    score: clamp01(significance * effect * persistence),
    significance: clamp01(significance),
    onset: ctx.times[onset],
    peak_time: ctx.times[peak],
    baseline: ctx.baseline,
    peak: peakValue,
    current: median(ctx.values, Math.max(0, n - CURRENT_POINTS), n),
    magnitude: Math.abs(peakValue - ctx.baseline) / Math.max(Math.abs(ctx.baseline), ctx.magnitudeScale),
    shape,
    direction: sign === 1 ? 'up' : 'down',
    ongoing: candidate.ongoing,
  };
}

function thin(values: Float64Array, maxPoints: number): number[] {
  const stride = Math.max(1, Math.ceil(values.length / maxPoints));
  const out: number[] = [];
  for (let i = 0; i < values.length; i += stride) out.push(values[i]);
  return out;
}
