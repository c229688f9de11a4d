/** Small numeric helpers shared by agents and reasoning. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function mad(values: readonly number[], center = median(values)): number {
  return median(values.map((v) => Math.abs(v - center)));
}

export function clamp(value: number, lo = 0, hi = 1): number {
  return Math.min(hi, Math.max(lo, value));
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
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
