/**
 * Streaming seasonal adjustment: an exponentially weighted typical deviation per phase bin of
 * a daily and a weekly cycle, used only once the stream covers two periods and only while it
 * actually predicts better than no adjustment. O(1) per point, fixed memory.
 */
import { DAY_S, WEEK_S } from './seasonality.js';

class PhaseProfile {
  private readonly offsets: Float64Array;
  private readonly visits: Uint32Array;
  private readonly inversePeriod: number;

  constructor(
    period: number,
    private readonly bins: number,
    private readonly rate: number,
  ) {
    this.offsets = new Float64Array(bins);
    this.inversePeriod = 1 / period;
    this.visits = new Uint32Array(bins);
  }

  binOf(timestamp: number): number {
    // Floor-based phase: faster than % on doubles and already non-negative.
    const cycles = timestamp * this.inversePeriod;
    const bin = Math.floor((cycles - Math.floor(cycles)) * this.bins);
    return bin >= this.bins ? this.bins - 1 : bin;
  }

  offset(bin: number): number {
    return this.visits[bin] > 0 ? this.offsets[bin] : 0;
  }

  learn(bin: number, deviation: number): void {
    const visits = ++this.visits[bin];
    this.offsets[bin] += Math.max(this.rate, 1 / visits) * (deviation - this.offsets[bin]);
  }
}

export class SeasonalAdjuster {
  private readonly daily = new PhaseProfile(DAY_S, 144, 0.2);
  private readonly weekly = new PhaseProfile(WEEK_S, 168, 0.3);
  private first = Number.NaN;
  private level = Number.NaN;
  /** Smoothed squared prediction error with and without the profile. */
  private errorPlain = 0;
  private errorSeasonal = 0;

  /**
   * The value with the seasonal offset removed (the value itself until the profile has proved
   * useful), then learns from it.
   */
  adjust(timestamp: number, value: number): number {
    if (Number.isNaN(this.first)) {
      this.first = timestamp;
      this.level = value;
    }
    const dayBin = this.daily.binOf(timestamp);
    const weekBin = this.weekly.binOf(timestamp);
    const span = timestamp - this.first;
    const dailyOffset = span >= 2 * DAY_S ? this.daily.offset(dayBin) : 0;
    const weeklyOffset = span >= 2 * WEEK_S ? this.weekly.offset(weekBin) : 0;
    const deviation = value - this.level;
    const seasonalResidual = deviation - dailyOffset - weeklyOffset;
    this.errorPlain += 0.01 * (deviation * deviation - this.errorPlain);
    this.errorSeasonal += 0.01 * (seasonalResidual * seasonalResidual - this.errorSeasonal);

    this.daily.learn(dayBin, deviation);
    this.weekly.learn(weekBin, deviation - this.daily.offset(dayBin));
    this.level += 0.001 * deviation;

    const useful = span >= 2 * DAY_S && this.errorSeasonal < 0.8 * this.errorPlain;
    return useful ? value - dailyOffset - weeklyOffset : value;
  }
}
