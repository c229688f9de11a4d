import type { Point } from '../../core/index.js';

/**
 * A metric as a share of its limit, sample by sample: each value divided by the limit in
 * force at its time (the latest limit sample at or before it), so a limit that was cut
 * shows up as a rise. Samples before the first limit use the first; a limit ≤ 0 or a
 * non-finite value yields no point. Both series sorted by time.
 */
export function utilizationSeries(values: readonly Point[], limits: readonly Point[]): Point[] {
  const out: Point[] = [];
  if (!limits.length) return out;
  let j = 0;
  for (const [t, v] of values) {
    while (j + 1 < limits.length && limits[j + 1][0] <= t) j++;
    const limit = limits[j][1];
    if (limit > 0 && Number.isFinite(v)) out.push([t, v / limit]);
  }
  return out;
}
