/** Summaries of the insights data: calibration error and overall success rate. */
import type { Insights } from '../api/types.js';

/**
 * Expected calibration error: the count-weighted mean gap between predicted and observed
 * rates over the bins; null without data.
 */
export function expectedCalibrationError(bins: Insights['calibration']): number | null {
  const total = bins.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  return bins.reduce((sum, b) => sum + b.count * Math.abs(b.predicted - b.observed), 0) / total;
}

/** Successes over attempts across all strategies; null without attempts. */
export function overallSuccessRate(strategies: Insights['strategies']): number | null {
  const attempts = strategies.reduce((sum, s) => sum + s.attempts, 0);
  if (attempts === 0) return null;
  return strategies.reduce((sum, s) => sum + s.successes, 0) / attempts;
}
