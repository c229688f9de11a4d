/**
 * The simple streaming detectors: EWMA z-score, robust (median/MAD) z-score and two-sided
 * CUSUM. Each update is O(1) with no allocation; the score of a point depends only on the
 * points before and including it.
 */
import { EwmaStats, logisticScore, thresholdFor } from './streaming-stats.js';

/** Online detector: score at point t uses only points up to t. */
export interface StreamingDetector {
  /** Scores the point (0..1) and then learns from it. Non-finite values score 0 and are skipped. */
  update(timestamp: number, value: number): number;
}

const WARMUP = 20;

/** z-score against an exponentially weighted mean/variance (outliers clipped from the state). */
export class EwmaDetector implements StreamingDetector {
  private readonly stats = new EwmaStats(0.02, 3, WARMUP);
  private readonly threshold: number;

  constructor(sensitivity: number) {
    this.threshold = thresholdFor(sensitivity, 6, 2.5);
  }

  update(_timestamp: number, value: number): number {
    if (!Number.isFinite(value)) return 0;
    const score = this.stats.warm ? logisticScore(Math.abs(this.stats.zScore(value)), this.threshold, 2) : 0;
    this.stats.update(value);
    return score;
  }
}

/**
 * z-score against a streaming median and MAD, tracked by stochastic approximation (each
 * estimate steps towards the sample by a fraction of the current spread), seeded exactly
 * from the first samples.
 */
export class RobustZDetector implements StreamingDetector {
  private readonly seed = new Float64Array(WARMUP);
  private count = 0;
  private center = 0;
  private mad = 0;
  private readonly threshold: number;

  constructor(sensitivity: number) {
    this.threshold = thresholdFor(sensitivity, 6, 2.5);
  }

  update(_timestamp: number, value: number): number {
    if (!Number.isFinite(value)) return 0;
    if (this.count < WARMUP) {
      this.seed[this.count++] = value;
      if (this.count === WARMUP) this.initialise();
      return 0;
    }
    const spread = Math.max(1.4826 * this.mad, 1e-9, 1e-6 * Math.abs(this.center));
    const z = (value - this.center) / spread;
    const score = logisticScore(Math.abs(z), this.threshold, 2);
    const stepSize = 0.05 * spread;
    this.center += value > this.center ? stepSize : value < this.center ? -stepSize : 0;
    const deviation = Math.abs(value - this.center);
    this.mad += deviation > this.mad ? 0.05 * stepSize : -0.05 * stepSize;
    if (this.mad < 0) this.mad = 0;
    return score;
  }

  private initialise(): void {
    const sorted = Float64Array.from(this.seed).sort();
    this.center = (sorted[WARMUP / 2 - 1] + sorted[WARMUP / 2]) / 2;
    for (let i = 0; i < WARMUP; i++) sorted[i] = Math.abs(this.seed[i] - this.center);
    sorted.sort();
    this.mad = (sorted[WARMUP / 2 - 1] + sorted[WARMUP / 2]) / 2;
    if (this.mad === 0) {
      let sum = 0;
      for (let i = 0; i < WARMUP; i++) sum += sorted[i];
      this.mad = sum / WARMUP;
    }
  }
}

/**
 * Two-sided CUSUM of z-scores against a slowly adapting baseline. After an alarm the baseline
 * is relearnt from scratch, so a level shift alarms once instead of for ever.
 */
export class CusumDetector implements StreamingDetector {
  private readonly stats = new EwmaStats(0.01, 3, WARMUP);
  private high = 0;
  private low = 0;
  private readonly threshold: number;

  constructor(sensitivity: number) {
    this.threshold = thresholdFor(sensitivity, 14, 5);
  }

  update(_timestamp: number, value: number): number {
    if (!Number.isFinite(value)) return 0;
    if (!this.stats.warm) {
      this.stats.update(value);
      return 0;
    }
    const score = this.advance(this.stats.zScore(value));
    // After an alarm the state was reset: this value is the first of the new regime.
    this.stats.update(value);
    return score;
  }

  private advance(z: number): number {
    const capped = z > 4 ? 4 : Math.max(z, -4);
    this.high = Math.max(0, this.high + capped - 0.5);
    this.low = Math.max(0, this.low - capped - 0.5);
    const statistic = Math.max(this.high, this.low);
    const score = logisticScore(statistic, this.threshold, 6 / this.threshold);
    if (statistic >= this.threshold) {
      this.high = 0;
      this.low = 0;
      this.stats.reset();
    }
    return score;
  }
}
