/**
 * O(1) building blocks for the streaming detectors: an exponentially weighted mean/variance
 * that outliers cannot drag (updates are clipped), and the score mapping shared by them all.
 */

/** Exponentially weighted mean and variance with winsorised updates. */
export class EwmaStats {
  count = 0;
  mean = 0;
  variance = 0;

  constructor(
    /** Smoothing once warm; before that the plain running mean/variance is used. */
    private readonly alpha: number,
    /** Residuals are clipped to ±clip standard deviations before they update the state. */
    private readonly clip: number,
    /** Updates before clipping starts (the state is not trustworthy until then). */
    readonly warmup: number,
  ) {}

  /** Standard deviation with a floor so a flat history does not give infinite z. */
  std(): number {
    const floor = Math.max(1e-9, 1e-6 * Math.abs(this.mean));
    const sd = Math.sqrt(this.variance);
    return Math.max(sd, floor);
  }

  /** z-score of `value` against the state before it is added. */
  zScore(value: number): number {
    return (value - this.mean) / this.std();
  }

  update(value: number): void {
    this.count++;
    if (this.count === 1) {
      this.mean = value;
      this.variance = 0;
      return;
    }
    const weight = Math.max(this.alpha, 1 / this.count);
    let residual = value - this.mean;
    if (this.count > this.warmup) {
      const limit = this.clip * this.std();
      if (residual > limit) residual = limit;
      else if (residual < -limit) residual = -limit;
    }
    this.mean += weight * residual;
    this.variance = (1 - weight) * (this.variance + weight * residual * residual);
  }

  reset(): void {
    this.count = 0;
    this.mean = 0;
    this.variance = 0;
  }

  get warm(): boolean {
    return this.count >= this.warmup;
  }
}

/** Logistic map of a statistic: 0.5 at `threshold`, steeper with larger `gain`. */
export function logisticScore(statistic: number, threshold: number, gain: number): number {
  const exponent = -gain * (statistic - threshold);
  // Far below the threshold the score is 0 to double precision; skip the exp.
  if (exponent > 40) return 0;
  const score = 1 / (1 + Math.exp(exponent));
  // NaN (from a degenerate statistic) must read as "not anomalous", never propagate.
  return score > 0 ? Math.min(score, 1) : 0;
}

/** Linear interpolation of a threshold by sensitivity: 0 → `strict`, 1 → `loose`. */
export function thresholdFor(sensitivity: number, strict: number, loose: number): number {
  return strict + (loose - strict) * sensitivity;
}

/** Sensitivity clamped to [0, 1]; anything unusable becomes the default 0.5. */
export function normaliseSensitivity(sensitivity: number | undefined): number {
  if (typeof sensitivity !== 'number' || !Number.isFinite(sensitivity)) return 0.5;
  return Math.min(1, Math.max(0, sensitivity));
}
