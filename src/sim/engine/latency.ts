/** Latency percentiles in milliseconds. */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

/** Spread of a healthy service's response times (lognormal sigma). */
export const CORE_SIGMA = 0.45;

/** Percentiles of a lognormal response time with the given median. */
export function lognormalPercentiles(median: number, sigma = CORE_SIGMA): Percentiles {
  return { p50: median, p95: median * Math.exp(1.645 * sigma), p99: median * Math.exp(2.326 * sigma) };
}

/** Standard normal CDF (Abramowitz-Stegun erf approximation). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Share of requests slower than `thresholdMs`, fitting a lognormal through p50 and p99. */
export function fractionAbove(p: Percentiles, thresholdMs: number): number {
  if (p.p50 <= 0) return 0;
  const sigma = Math.max(0.05, Math.log(Math.max(p.p99, p.p50 * 1.01) / p.p50) / 2.326);
  return 1 - normalCdf((Math.log(thresholdMs) - Math.log(p.p50)) / sigma);
}

/**
 * Percentiles when a share `slowFraction` of requests takes `slowMs` (waiting for a pool
 * connection, queued behind saturation). A percentile moves once the slow share reaches
 * its tail, smoothly so the series does not jump.
 */
export function withSlowShare(base: Percentiles, slowFraction: number, slowMs: number): Percentiles {
  if (slowFraction <= 0) return base;
  const move = (value: number, tail: number) => {
    const x = Math.min(1, slowFraction / tail);
    return value + Math.max(0, slowMs - value) * x * x;
  };
  return { p50: move(base.p50, 0.5), p95: move(base.p95, 0.05), p99: move(base.p99, 0.01) };
}

export function addPercentiles(a: Percentiles, b: Percentiles, weight = 1): Percentiles {
  return { p50: a.p50 + weight * b.p50, p95: a.p95 + weight * b.p95, p99: a.p99 + weight * b.p99 };
}

export function scalePercentiles(a: Percentiles, factor: number): Percentiles {
  return { p50: a.p50 * factor, p95: a.p95 * factor, p99: a.p99 * factor };
}
