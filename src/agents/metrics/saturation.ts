import { mannKendall, type SeriesAnomaly, theilSen } from '../../analysis/anomaly/index.js';
import type { Point } from '../../core/index.js';
import { clamp, mad, median } from '../../util/stats.js';

/**
 * A resource close to its hard limit is a finding even when it got there slowly enough
 * that no change point stands out (a disk filling all hour, a pool always near max):
 * it reports the utilisation, the trend and the time to exhaustion.
 */
export function saturationAnomaly(points: readonly Point[], limit: number): SeriesAnomaly | null {
  const clean = points.filter((p) => Number.isFinite(p[1]));
  if (clean.length < 4 || !(limit > 0)) return null;
  const values = clean.map((p) => p[1]);
  const utilization = median(values.slice(-4)) / limit;
  // The recent slope, not the whole window's: a volume fills fast once it starts to.
  const span = clean[clean.length - 1][0] - clean[0][0];
  const recentFrom = clean[clean.length - 1][0] - Math.max(600, 0.2 * span);
  const recent = clean.filter((p) => p[0] >= recentFrom);
  const slope = recent.length >= 3 ? theilSen(recent).slope : 0;
  const secondsToExhaustion = slope > 0 ? Math.max(0, (limit - median(values.slice(-4))) / slope) : null;
  const soon = secondsToExhaustion !== null && secondsToExhaustion <= 3600;
  if (utilization < 0.85 && !(soon && utilization >= 0.6)) return null;
  const trend = mannKendall(
    values.length > 400 ? values.filter((_, i) => i % Math.ceil(values.length / 400) === 0) : values,
  );
  const rising = trend.trend === 'up' && trend.p_value < 0.01;
  const head = values.slice(0, Math.max(3, Math.floor(values.length / 5)));
  const baseline = median(head);
  // Onset: just after the last sample still at the baseline level (within its noise).
  const noise = Math.max(3 * 1.4826 * mad(head), 0.01 * limit);
  let lastAtBaseline = -1;
  for (let i = 0; i < clean.length; i++) if (clean[i][1] <= baseline + noise) lastAtBaseline = i;
  // Not rising: it got near the limit when it last crossed 85% of it (or was always there).
  let lastBelow = -1;
  for (let i = 0; i < clean.length; i++) if (clean[i][1] < 0.85 * limit) lastBelow = i;
  const onset =
    rising && lastAtBaseline >= 0 && lastAtBaseline < clean.length - 1
      ? clean[lastAtBaseline + 1][0]
      : lastBelow >= 0 && lastBelow < clean.length - 1
        ? clean[lastBelow + 1][0]
        : clean[0][0];
  let peakPoint = clean[0];
  for (const p of clean) if (p[1] > peakPoint[1]) peakPoint = p;
  const current = median(values.slice(-4));
  const level = clamp((utilization - 0.8) / 0.2);
  const score = clamp(0.45 + 0.45 * level + (soon ? 0.1 : 0));
  return {
    score,
    significance: rising ? clamp(1 - trend.p_value) : 0.7,
    onset,
    peak_time: peakPoint[0],
    baseline,
    peak: peakPoint[1],
    current,
    magnitude: Math.abs(peakPoint[1] - baseline) / Math.max(Math.abs(baseline), 1e-9),
    shape: rising ? 'trend' : 'level_shift',
    direction: 'up',
    ongoing: true,
  };
}
