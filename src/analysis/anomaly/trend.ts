/**
 * Trend statistics: the Mann–Kendall test (is there a monotonic trend, and how sure are we),
 * the Theil–Sen slope (how steep, robust to outliers) and a linear exhaustion forecast.
 */
import type { Point } from '../../core/index.js';
import { cleanSeries } from './clean-series.js';
import { recentSegmentStart } from './recent-trend.js';
import { median, normalCdf } from './robust-stats.js';

export interface MannKendallResult {
  s: number;
  z: number;
  p_value: number;
  tau: number;
  trend: 'up' | 'down' | 'none';
}

/** Significance level at which Mann–Kendall calls a trend. */
const TREND_ALPHA = 0.05;

/**
 * Mann–Kendall trend test with significance (normal approximation with tie correction and
 * continuity correction). Non-finite values are ignored; fewer than 3 values give no trend
 * with p = 1. Cost is O(n²); callers with very long series should aggregate first.
 */
export function mannKendall(values: readonly number[]): MannKendallResult {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n < 3) return { s: 0, z: 0, p_value: 1, tau: 0, trend: 'none' };
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = xs[i];
    for (let j = i + 1; j < n; j++) {
      const d = xs[j] - xi;
      if (d > 0) s++;
      else if (d < 0) s--;
    }
  }
  const variance = (n * (n - 1) * (2 * n + 5) - tieCorrection(xs)) / 18;
  let z = 0;
  if (variance > 0) {
    if (s > 0) z = (s - 1) / Math.sqrt(variance);
    else if (s < 0) z = (s + 1) / Math.sqrt(variance);
  }
  const pValue = z === 0 ? 1 : Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
  const tau = s / ((n * (n - 1)) / 2);
  const trend = pValue < TREND_ALPHA ? (s > 0 ? 'up' : 'down') : 'none';
  return { s, z, p_value: pValue, tau, trend };
}

/** Σ t(t-1)(2t+5) over groups of tied values. */
function tieCorrection(xs: readonly number[]): number {
  const sorted = Float64Array.from(xs).sort();
  let total = 0;
  let run = 1;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[i - 1]) {
      run++;
    } else {
      if (run > 1) total += run * (run - 1) * (2 * run + 5);
      run = 1;
    }
  }
  return total;
}

/** Above this many points Theil–Sen uses a deterministic sample of pairs. */
const THEIL_SEN_EXACT_LIMIT = 200;
const THEIL_SEN_SAMPLED_PAIRS = 20_000;

/**
 * Theil–Sen estimator: the median of pairwise slopes (per second of the point times) and the
 * median intercept at t = 0. Above ~200 points a fixed-seed sample of pairs bounds the cost.
 * Fewer than 2 usable points give slope 0 and the median value as intercept.
 */
export function theilSen(points: readonly Point[]): { slope: number; intercept: number } {
  const { times, values } = cleanSeries(points);
  const n = times.length;
  if (n === 0) return { slope: 0, intercept: 0 };
  if (n === 1) return { slope: 0, intercept: values[0] };
  const slopes: number[] = [];
  if (n <= THEIL_SEN_EXACT_LIMIT) {
    for (let i = 0; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) slopes.push((values[j] - values[i]) / (times[j] - times[i]));
    }
  } else {
    let state = 0x9e3779b9;
    for (let k = 0; k < THEIL_SEN_SAMPLED_PAIRS; k++) {
      state = xorshift32(state);
      const a = state % n;
      state = xorshift32(state);
      const b = state % n;
      if (a === b) continue;
      const i = Math.min(a, b);
      const j = Math.max(a, b);
      slopes.push((values[j] - values[i]) / (times[j] - times[i]));
    }
  }
  const slope = slopes.length > 0 ? median(slopes) : 0;
  // Centre the intercept on the series' own time so huge epoch offsets don't lose precision.
  const t0 = times[0];
  const offsets = new Float64Array(n);
  for (let i = 0; i < n; i++) offsets[i] = values[i] - slope * (times[i] - t0);
  const interceptAtT0 = median(offsets);
  return { slope, intercept: interceptAtT0 - slope * t0 };
}

function xorshift32(x: number): number {
  let s = x >>> 0;
  s ^= s << 13;
  s >>>= 0;
  s ^= s >>> 17;
  s ^= s << 5;
  return s >>> 0;
}

export interface ExhaustionForecast {
  seconds_to_exhaustion: number | null;
  slope_per_s: number;
  utilization: number;
}

/** How many final points give the current level (a median, so one odd sample can't move it). */
const CURRENT_POINTS = 4;

/**
 * Time until the series reaches `limit` at its current trend; null when it is not rising
 * towards the limit. The trend is Theil–Sen over the recent segment (the last
 * max(10 minutes, 20% of the span), or less when the series bent inside that window; see
 * `recentSegmentStart`), and Mann–Kendall must confirm the rise. The projection starts from
 * the trend line at the last sample. Already at or above the limit gives 0. `utilization` is
 * the current level (median of the last 4 points) / limit, 0 when the limit is not a positive
 * number.
 */
export function forecastExhaustion(points: readonly Point[], limit: number): ExhaustionForecast {
  const { times, values } = cleanSeries(points);
  const n = times.length;
  if (n === 0) return { seconds_to_exhaustion: null, slope_per_s: 0, utilization: 0 };
  const from = recentSegmentStart(times, values);
  const recent: Point[] = [];
  for (let i = from; i < n; i++) recent.push([times[i], values[i]]);
  const { slope, intercept } = theilSen(recent);
  const current = median(values, Math.max(0, n - CURRENT_POINTS), n);
  const level = n >= 2 ? slope * times[n - 1] + intercept : values[0];
  const validLimit = Number.isFinite(limit) && limit > 0;
  const utilization = validLimit ? Math.max(0, current / limit) : 0;
  if (!Number.isFinite(limit)) return { seconds_to_exhaustion: null, slope_per_s: slope, utilization };
  if (level >= limit || current >= limit)
    return { seconds_to_exhaustion: 0, slope_per_s: slope, utilization };
  const rising = slope > 0 && mannKendall(Array.from(values.subarray(from))).trend === 'up';
  if (!rising) return { seconds_to_exhaustion: null, slope_per_s: slope, utilization };
  return { seconds_to_exhaustion: (limit - level) / slope, slope_per_s: slope, utilization };
}
