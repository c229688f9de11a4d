/**
 * The default streaming detector: seasonal adjustment (once two days are seen and only if it
 * helps), then an EWMA z-score for spikes and a two-sided CUSUM for sustained shifts; the
 * score is the larger of the two. After a sustained alarm the baseline is relearnt so a level
 * shift alarms once. O(1) per point, no allocation.
 */
import { SeasonalAdjuster } from './seasonal-profile.js';
import type { StreamingDetector } from './streaming-detectors.js';
import { EwmaStats, logisticScore, thresholdFor } from './streaming-stats.js';

const WARMUP = 30;
/** CUSUM allowance and per-point cap in z units. */
const CUSUM_K = 0.75;
const CUSUM_CAP = 5;

export class DefaultDetector implements StreamingDetector {
  private readonly seasonal = new SeasonalAdjuster();
  private readonly stats = new EwmaStats(0.02, 3, WARMUP);
  private high = 0;
  private low = 0;
  private readonly spikeThreshold: number;
  private readonly shiftThreshold: number;

  constructor(sensitivity: number) {
    this.spikeThreshold = thresholdFor(sensitivity, 7, 3);
    this.shiftThreshold = thresholdFor(sensitivity, 16, 6);
  }

  update(timestamp: number, value: number): number {
    if (!Number.isFinite(value) || !Number.isFinite(timestamp)) return 0;
    const adjusted = this.seasonal.adjust(timestamp, value);
    const stats = this.stats;
    if (!stats.warm) {
      stats.update(adjusted);
      return 0;
    }
    const z = stats.zScore(adjusted);
    const spike = logisticScore(z < 0 ? -z : z, this.spikeThreshold, 1.5);
    const capped = z > CUSUM_CAP ? CUSUM_CAP : Math.max(z, -CUSUM_CAP);
    this.high = Math.max(0, this.high + capped - CUSUM_K);
    this.low = Math.max(0, this.low - capped - CUSUM_K);
    const statistic = Math.max(this.high, this.low);
    const shift = logisticScore(statistic, this.shiftThreshold, 6 / this.shiftThreshold);
    if (statistic >= this.shiftThreshold) {
      this.high = 0;
      this.low = 0;
      stats.reset();
    }
    stats.update(adjusted);
    return Math.max(spike, shift);
  }
}
