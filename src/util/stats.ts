/** Small numeric helpers shared by agents and reasoning. */
import { median, medianAbsoluteDeviation } from '../analysis/anomaly/robust-stats.js';

/** The anomaly engine's median: NaN for no values. */
export { median } from '../analysis/anomaly/robust-stats.js';

/** Median absolute deviation around `center` (the median by default). */
export function mad(values: readonly number[], center = median(values)): number {
  return medianAbsoluteDeviation(values, center);
}

export function clamp(value: number, lo = 0, hi = 1): number {
  return Math.min(hi, Math.max(lo, value));
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Natural log of the Poisson upper-tail-ish surprise of seeing `observed` when `expected` was due. */
export function poissonSurprise(observed: number, expected: number): number {
  const lambda = Math.max(expected, 0.5);
  if (observed <= lambda) return 0;
  return observed * Math.log(observed / lambda) - (observed - lambda);
}
