/**
 * Whether a recovery holds. A signal back near its baseline can still be on its way back to
 * the incident: a restart resets a leaking heap, which then climbs again at the same rate.
 * Such a signal is drifting back when its recent samples climb steadily towards the
 * incident's peak and the climb will take it out of the recovery band soon:
 * - steadily: a significant Mann–Kendall trend on the bad side with Kendall's tau of at
 *   least MIN_TAU (nearly every later sample worse than every earlier one), and a rise over
 *   the horizon of at least MIN_SIGNAL_TO_NOISE times the samples' scatter around the trend
 *   line, so a noisy but flat signal does not count;
 * - soon: the trend line (Theil–Sen), projected `horizonSeconds` past the last sample,
 *   leaves the recovery allowance.
 */
import { mannKendall, theilSen } from '../analysis/anomaly/trend.js';
import type { Point } from '../core/index.js';
import { mad, median } from '../util/stats.js';

/** Fewer recent samples than this say nothing about a trend. */
export const MIN_TREND_POINTS = 5;
/** Kendall's tau of a steady climb (1: every sample worse than all before it). */
export const MIN_TAU = 0.8;
/** The projected rise must be this many times the scatter (robust sigma) around the trend. */
export const MIN_SIGNAL_TO_NOISE = 4;

export interface DriftBack {
  /** Change per second towards the incident's peak (positive). */
  rate_per_s: number;
  /** The trend line at the last sample. */
  now: number;
  /** The trend line `horizon_s` after the last sample. */
  projected: number;
  horizon_s: number;
}

export interface RecoveryBand {
  /** The pre-incident level. */
  baseline: number;
  /** The incident's worst level (the side it went tells the bad direction). */
  peak: number;
  /** How far from the baseline, on the bad side, still counts as recovered. */
  allowance: number;
}

/** The drift back towards the incident, or null when the recovery holds (or cannot be judged). */
export function driftBack(
  points: readonly Point[],
  band: RecoveryBand,
  horizonSeconds: number,
): DriftBack | null {
  const usable = points.filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v));
  if (usable.length < MIN_TREND_POINTS || !(horizonSeconds > 0)) return null;
  const bad = Math.sign(band.peak - band.baseline);
  if (bad === 0) return null;
  const mk = mannKendall(usable.map(([, v]) => v));
  if (mk.trend !== (bad > 0 ? 'up' : 'down') || Math.abs(mk.tau) < MIN_TAU) return null;
  const { slope, intercept } = theilSen(usable);
  if (Math.sign(slope) !== bad) return null;
  const residuals = usable.map(([t, v]) => v - (slope * t + intercept));
  const scatter = 1.4826 * mad(residuals, median(residuals));
  if (Math.abs(slope) * horizonSeconds < MIN_SIGNAL_TO_NOISE * scatter) return null;
  const last = Math.max(...usable.map(([t]) => t));
  const now = slope * last + intercept;
  const projected = now + slope * horizonSeconds;
  const limit = band.baseline + bad * band.allowance;
  const leaves = bad > 0 ? projected > limit : projected < limit;
  return leaves ? { rate_per_s: Math.abs(slope), now, projected, horizon_s: horizonSeconds } : null;
}
