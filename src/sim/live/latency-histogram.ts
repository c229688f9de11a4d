/**
 * Spreads a step's requests over Prometheus histogram buckets from the observed
 * percentiles: latency is modelled as log-normal, its median the p50 and its spread fitted
 * to the p99 (2.326 standard deviations above the median in log space).
 */

/** Bucket bounds (seconds) of a typical HTTP server histogram; +Inf is implicit. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

const Z99 = 2.3263478740408408;

export interface LogNormal {
  mu: number;
  sigma: number;
}

export function fitLogNormal(p50: number, p99: number): LogNormal {
  const median = Math.max(1e-6, p50);
  const tail = Math.max(median * 1.0001, p99);
  return { mu: Math.log(median), sigma: Math.log(tail / median) / Z99 };
}

/** P(latency ≤ bound) for each bucket bound. */
export function bucketFractions(dist: LogNormal, bounds: readonly number[] = LATENCY_BUCKETS): number[] {
  return bounds.map((bound) => normalCdf((Math.log(bound) - dist.mu) / dist.sigma));
}

export function logNormalMean(dist: LogNormal): number {
  return Math.exp(dist.mu + (dist.sigma * dist.sigma) / 2);
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
