/**
 * Batch seasonal adjustment: when the reference period covers at least two daily (or weekly)
 * cycles, subtract the typical value at each phase of the cycle so a daily peak is not
 * mistaken for an incident. Incident windows are usually ~1 h, so this is mostly a no-op.
 */
import { median, robustScale } from './robust-stats.js';

export const DAY_S = 86_400;
export const WEEK_S = 7 * DAY_S;

export interface SeasonalAdjustment {
  /** Values minus the seasonal profile (equal to the input when no adjustment applied). */
  adjusted: Float64Array;
  /** The period removed in seconds, or null. */
  period_s: number | null;
}

/** Apply the profile only if it removes a real share of the reference spread. */
const MIN_SPREAD_REDUCTION = 0.9;
const MIN_SAMPLES_PER_BIN = 2;

/**
 * Removes a weekly or daily profile learnt from `values[0, referenceEnd)` when that span
 * covers ≥ 2 periods and the profile actually reduces the spread; otherwise returns the
 * values unchanged with `period_s: null`.
 */
export function deseasonalize(
  times: Float64Array,
  values: Float64Array,
  referenceEnd: number,
): SeasonalAdjustment {
  const unchanged: SeasonalAdjustment = { adjusted: values, period_s: null };
  if (referenceEnd < 2) return unchanged;
  const span = times[referenceEnd - 1] - times[0];
  for (const period of [WEEK_S, DAY_S]) {
    if (span < 2 * period) continue;
    const adjusted = removeProfile(times, values, referenceEnd, period);
    if (!adjusted) continue;
    const center = median(values, 0, referenceEnd);
    const before = robustScale(values, center, 0, referenceEnd);
    const after = robustScale(adjusted, median(adjusted, 0, referenceEnd), 0, referenceEnd);
    if (after < before * MIN_SPREAD_REDUCTION) return { adjusted, period_s: period };
  }
  return unchanged;
}

/**
 * Subtracts, for each phase bin, the median of the reference values in that bin and its two
 * neighbours. Reference points get a leave-one-out profile (their own value excluded), so
 * their residual spread is an honest estimate of the spread of later points.
 */
function removeProfile(
  times: Float64Array,
  values: Float64Array,
  referenceEnd: number,
  period: number,
): Float64Array | null {
  const step = medianStep(times, referenceEnd);
  // About 5-minute bins for a day, hourly for a week, never finer than the sampling.
  const binWidth = Math.max(step, period / (period === DAY_S ? 288 : 168));
  const binCount = Math.max(1, Math.round(period / binWidth));
  const binOf = (t: number) => {
    const phase = ((t % period) + period) % period;
    return Math.min(binCount - 1, Math.floor((phase / period) * binCount));
  };
  const buckets: number[][] = Array.from({ length: binCount }, () => []);
  for (let i = 0; i < referenceEnd; i++) buckets[binOf(times[i])].push(values[i]);
  const pools: Float64Array[] = [];
  let filled = 0;
  for (let b = 0; b < binCount; b++) {
    const pool = [
      ...buckets[(b + binCount - 1) % binCount],
      ...buckets[b],
      ...(binCount > 2 ? buckets[(b + 1) % binCount] : []),
    ];
    pools.push(Float64Array.from(pool).sort());
    if (pool.length >= MIN_SAMPLES_PER_BIN) filled++;
  }
  if (filled < binCount / 2) return null;
  const center = median(values, 0, referenceEnd);
  const adjusted = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const pool = pools[binOf(times[i])];
    const typical = i < referenceEnd ? medianWithout(pool, values[i]) : median(pool);
    adjusted[i] = Number.isNaN(typical) ? values[i] : values[i] - (typical - center);
  }
  return adjusted;
}

/** Median of a sorted array with one occurrence of `excluded` (which it contains) removed. */
function medianWithout(sorted: Float64Array, excluded: number): number {
  const m = sorted.length - 1;
  if (m < MIN_SAMPLES_PER_BIN) return Number.NaN;
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < excluded) lo = mid + 1;
    else hi = mid;
  }
  const at = (k: number) => (k < lo ? sorted[k] : sorted[k + 1]);
  const mid = m >> 1;
  return m % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/** Median spacing of the first `count` timestamps (1 s when unknown). */
export function medianStep(times: Float64Array, count = times.length): number {
  if (count < 2) return 1;
  const steps = new Float64Array(count - 1);
  for (let i = 1; i < count; i++) steps[i - 1] = times[i] - times[i - 1];
  const step = median(steps);
  return step > 0 ? step : 1;
}
