/**
 * Quantiles from Prometheus histogram bucket rates, computed like PromQL's
 * `histogram_quantile`: buckets sorted by `le`, cumulative counts, linear interpolation
 * inside the bucket that holds the rank, the lower bound of the first bucket taken as 0
 * (when its upper bound is positive), and the highest finite bound when the rank falls in
 * the +Inf bucket. Lets one bucket-rate query answer p50, p95 and p99 at once.
 */
import type { Point } from '../../core/telemetry.js';
import { type MatrixSeries, sampleValue } from './prometheus-api.js';

/** The quantile at one instant from (upper bound, cumulative count) pairs; NaN when empty. */
export function bucketQuantile(q: number, buckets: readonly [number, number][]): number {
  if (buckets.length < 2) return Number.NaN;
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const last = sorted[sorted.length - 1] as [number, number];
  if (last[0] !== Number.POSITIVE_INFINITY) return Number.NaN;
  // Counts must be monotonic; rate() jitter can break that slightly.
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as [number, number];
    const cur = sorted[i] as [number, number];
    if (cur[1] < prev[1]) sorted[i] = [cur[0], prev[1]];
  }
  const total = last[1];
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  let index = sorted.findIndex(([, count]) => count >= rank);
  if (index < 0) index = sorted.length - 1;
  if (index === sorted.length - 1) return (sorted[sorted.length - 2] as [number, number])[0];
  const [upper, count] = sorted[index] as [number, number];
  let lower = 0;
  let below = 0;
  if (index > 0) {
    [lower, below] = sorted[index - 1] as [number, number];
  } else if (upper <= 0) {
    return upper;
  }
  const inBucket = count - below;
  return inBucket > 0 ? lower + (upper - lower) * ((rank - below) / inBucket) : upper;
}

/** Per service, the q-quantile series from `sum by (service, le) (rate(..._bucket[w]))` results. */
export function quantileSeries(
  result: readonly MatrixSeries[],
  serviceLabel: string,
  q: number,
): Map<string, Point[]> {
  const byService = new Map<string, Map<number, [number, number][]>>();
  for (const series of result) {
    const service = series.metric[serviceLabel];
    const le = series.metric.le;
    if (!service || le === undefined) continue;
    const bound = sampleValue(le);
    if (Number.isNaN(bound)) continue;
    let byTime = byService.get(service);
    if (!byTime) {
      byTime = new Map();
      byService.set(service, byTime);
    }
    for (const [t, raw] of series.values ?? []) {
      const value = sampleValue(raw);
      if (!Number.isFinite(value)) continue;
      const list = byTime.get(t) ?? [];
      list.push([bound, value]);
      byTime.set(t, list);
    }
  }
  const out = new Map<string, Point[]>();
  for (const [service, byTime] of byService) {
    const points: Point[] = [];
    for (const [t, buckets] of [...byTime].sort((a, b) => a[0] - b[0])) {
      const value = bucketQuantile(q, buckets);
      if (Number.isFinite(value)) points.push([t, value]);
    }
    out.set(service, points);
  }
  return out;
}
