import type { Point } from '../core/index.js';

/**
 * At most `max` points of a time-ordered series for a chart: the first and last points,
 * and between them the lowest and the highest point of each of `(max - 2) / 2` equal runs
 * of samples, in time order. Unlike taking every n-th sample, a one-sample spike (the peak
 * an anomaly was judged on) always survives.
 */
export function downsampleMinMax(points: readonly Point[], max: number): Point[] {
  if (!Number.isInteger(max) || max < 2) throw new RangeError(`max: expected an integer ≥ 2, got ${max}`);
  if (points.length <= max) return points.slice();
  const first = 1;
  const end = points.length - 1;
  const buckets = Math.floor((max - 2) / 2);
  const size = (end - first) / Math.max(buckets, 1);
  const out: Point[] = [points[0]];
  for (let b = 0; b < buckets; b++) {
    const from = first + Math.floor(b * size);
    const to = b === buckets - 1 ? end : first + Math.floor((b + 1) * size);
    if (to <= from) continue;
    let low = from;
    let high = from;
    for (let i = from + 1; i < to; i++) {
      if (points[i][1] < points[low][1]) low = i;
      if (points[i][1] > points[high][1]) high = i;
    }
    if (low === high) out.push(points[low]);
    else if (low < high) out.push(points[low], points[high]);
    else out.push(points[high], points[low]);
  }
  out.push(points[end]);
  return out;
}
