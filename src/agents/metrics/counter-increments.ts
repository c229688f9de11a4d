import type { Point } from '../../core/index.js';

/** Per-sample increments of a counter, treating a drop as a counter reset. */
export function increments(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const delta = points[i][1] - points[i - 1][1];
    out.push([points[i][0], delta >= 0 ? delta : points[i][1]]);
  }
  return out;
}
