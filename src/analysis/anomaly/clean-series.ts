import type { Point } from '../../core/index.js';

/** A series with finite values, strictly increasing times, as parallel typed arrays. */
export interface CleanSeries {
  times: Float64Array;
  values: Float64Array;
}

/**
 * Makes raw points safe to analyse: drops points whose time or value is not finite (or that
 * are not [number, number] at all), sorts by time, and merges samples sharing a timestamp
 * into their mean, so every later step may assume strictly increasing times.
 */
export function cleanSeries(points: readonly Point[] | null | undefined): CleanSeries {
  if (!Array.isArray(points)) return { times: new Float64Array(0), values: new Float64Array(0) };
  const kept: Point[] = [];
  for (const point of points) {
    if (!Array.isArray(point)) continue;
    const [t, v] = point;
    if (typeof t === 'number' && typeof v === 'number' && Number.isFinite(t) && Number.isFinite(v)) {
      kept.push([t, v]);
    }
  }
  let sorted = true;
  for (let i = 1; i < kept.length; i++) {
    if (kept[i][0] < kept[i - 1][0]) {
      sorted = false;
      break;
    }
  }
  if (!sorted) kept.sort((a, b) => a[0] - b[0]);

  const times: number[] = [];
  const values: number[] = [];
  let i = 0;
  while (i < kept.length) {
    const t = kept[i][0];
    let sum = 0;
    let count = 0;
    while (i < kept.length && kept[i][0] === t) {
      sum += kept[i][1];
      count++;
      i++;
    }
    times.push(t);
    values.push(sum / count);
  }
  return { times: Float64Array.from(times), values: Float64Array.from(values) };
}
