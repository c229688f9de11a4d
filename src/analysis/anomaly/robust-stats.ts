/**
 * Small robust statistics shared by the batch and streaming detectors. Inputs are plain
 * numeric arrays; callers drop non-finite values before calling.
 */

/** Scale factor that makes the MAD a consistent estimator of a normal standard deviation. */
export const MAD_TO_SIGMA = 1.4826;

/** Median of `values[from, to)`; NaN for an empty range. Does not modify the input. */
export function median(values: ArrayLike<number>, from = 0, to = values.length): number {
  const count = to - from;
  if (count <= 0) return Number.NaN;
  const copy = new Float64Array(count);
  for (let i = 0; i < count; i++) copy[i] = values[from + i];
  copy.sort();
  const mid = count >> 1;
  return count % 2 === 1 ? copy[mid] : (copy[mid - 1] + copy[mid]) / 2;
}

/** Median absolute deviation from `center` over `values[from, to)`. */
export function medianAbsoluteDeviation(
  values: ArrayLike<number>,
  center: number,
  from = 0,
  to = values.length,
): number {
  const count = to - from;
  if (count <= 0) return Number.NaN;
  const deviations = new Float64Array(count);
  for (let i = 0; i < count; i++) deviations[i] = Math.abs(values[from + i] - center);
  return median(deviations);
}

/**
 * A robust standard deviation of `values[from, to)` around `center`: the MAD scaled to sigma,
 * falling back to the mean absolute deviation when more than half the values equal the
 * centre (quantised or mostly-constant metrics), so a few distinct values still count.
 * Returns 0 only when every value equals the centre.
 */
export function robustScale(values: ArrayLike<number>, center: number, from = 0, to = values.length): number {
  const mad = medianAbsoluteDeviation(values, center, from, to);
  if (mad > 0) return MAD_TO_SIGMA * mad;
  let sum = 0;
  for (let i = from; i < to; i++) sum += Math.abs(values[i] - center);
  const count = to - from;
  // sqrt(pi/2): mean absolute deviation to sigma for a normal distribution.
  return count > 0 ? (1.2533 * sum) / count : 0;
}

/** Standard normal cumulative distribution (Zelen & Severo, |error| < 7.5e-8). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z > 40) return 1;
  if (z < -40) return 0;
  const x = Math.abs(z);
  const t = 1 / (1 + 0.2316419 * x);
  const density = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  const poly =
    t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const upper = density * poly;
  return z >= 0 ? 1 - upper : upper;
}

/** Upper-tail probability P(Z > z) of a standard normal, accurate far into the tail. */
export function normalUpperTail(z: number): number {
  if (z < 5) return 1 - normalCdf(z);
  // Mills-ratio asymptotic expansion: 1 - normalCdf(z) loses all precision out here.
  const z2 = z * z;
  return (Math.exp(-0.5 * z2) / (z * Math.sqrt(2 * Math.PI))) * (1 - 1 / z2 + 3 / (z2 * z2));
}

/** Clamps to [0, 1]; NaN becomes 0. */
export function clamp01(value: number): number {
  if (!(value > 0)) return 0;
  return Math.min(value, 1);
}
