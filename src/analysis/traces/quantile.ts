/** Latency percentiles over span durations: linear interpolation between closest ranks. */

/** The q-quantile (0..1) of ascending-sorted `sorted`; NaN when empty. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const weight = position - lower;
  return sorted[lower] + (sorted[upper] - sorted[lower]) * weight;
}

/** p50 and p95 of `values` (sorted in place), rounded to microseconds; null when empty. */
export function latencyStats(values: number[]): { p50_ms: number | null; p95_ms: number | null } {
  if (values.length === 0) return { p50_ms: null, p95_ms: null };
  values.sort((a, b) => a - b);
  return { p50_ms: roundMs(quantileSorted(values, 0.5)), p95_ms: roundMs(quantileSorted(values, 0.95)) };
}

function roundMs(value: number): number {
  return Math.round(value * 1000) / 1000;
}
