import { describe, expect, it } from 'vitest';
import type { Point } from '../../core/index.js';
import { gaussian, ramp, seededRandom, synthesize } from './testing/synthetic-series.js';
import { forecastExhaustion, mannKendall, theilSen } from './trend.js';

describe('mannKendall', () => {
  it('matches the hand-computed statistic of a strictly rising series', () => {
    const result = mannKendall([1, 2, 3, 4, 5]);
    expect(result.s).toBe(10);
    expect(result.tau).toBe(1);
    expect(result.z).toBeCloseTo(9 / Math.sqrt((5 * 4 * 15) / 18), 6);
    expect(result.p_value).toBeCloseTo(0.0275, 3);
    expect(result.trend).toBe('up');
  });

  it('applies the tie correction to the variance', () => {
    const result = mannKendall([1, 1, 2, 2]);
    expect(result.s).toBe(4);
    expect(result.z).toBeCloseTo(3 / Math.sqrt((4 * 3 * 13 - 2 * (2 * 1 * 9)) / 18), 6);
    expect(result.trend).toBe('none');
  });

  it('finds a falling trend in noise and none in pure noise', () => {
    const normal = gaussian(seededRandom(11));
    const falling = Array.from({ length: 100 }, (_, i) => 50 - 0.2 * i + normal());
    expect(mannKendall(falling).trend).toBe('down');
    const flat = Array.from({ length: 100 }, () => normal());
    expect(mannKendall(flat).trend).toBe('none');
  });

  it('gives a neutral result for short, constant or non-finite input', () => {
    expect(mannKendall([])).toEqual({ s: 0, z: 0, p_value: 1, tau: 0, trend: 'none' });
    expect(mannKendall([1, Number.NaN, 2]).trend).toBe('none');
    expect(mannKendall([3, 3, 3, 3]).p_value).toBe(1);
  });
});

describe('theilSen', () => {
  it('recovers slope and intercept of an exact line, per second', () => {
    const points: Point[] = Array.from({ length: 20 }, (_, i) => [1000 + 10 * i, 5 + 0.5 * (1000 + 10 * i)]);
    const { slope, intercept } = theilSen(points);
    expect(slope).toBeCloseTo(0.5, 9);
    expect(intercept).toBeCloseTo(5, 6);
  });

  it('ignores a minority of wild outliers', () => {
    const points: Point[] = Array.from({ length: 50 }, (_, i) => [i, i % 10 === 0 ? 1000 : 2 * i]);
    expect(theilSen(points).slope).toBeCloseTo(2, 6);
  });

  it('subsamples long series deterministically and stays accurate', () => {
    const normal = gaussian(seededRandom(5));
    const points: Point[] = Array.from({ length: 5000 }, (_, i) => [
      1_700_000_000 + 15 * i,
      0.01 * 15 * i + normal(),
    ]);
    const first = theilSen(points);
    expect(first.slope).toBeCloseTo(0.01, 3);
    expect(theilSen(points)).toEqual(first);
  });

  it('handles degenerate input', () => {
    expect(theilSen([])).toEqual({ slope: 0, intercept: 0 });
    expect(theilSen([[5, 7]])).toEqual({ slope: 0, intercept: 7 });
  });
});

describe('forecastExhaustion', () => {
  const rising: Point[] = Array.from({ length: 60 }, (_, i) => [1000 + 60 * i, 40 + 0.5 * i]);

  it('projects the time to reach the limit at the recent slope', () => {
    const forecast = forecastExhaustion(rising, 100);
    expect(forecast.slope_per_s).toBeCloseTo(0.5 / 60, 9);
    // Last value 69.5; 30.5 more at 0.5 per minute is 61 minutes.
    expect(forecast.seconds_to_exhaustion).toBeCloseTo(61 * 60, 3);
    // The current level is the median of the last 4 values (68, 68.5, 69, 69.5).
    expect(forecast.utilization).toBeCloseTo(0.6875, 6);
  });

  it('returns null when flat or falling, and 0 when already at the limit', () => {
    const flat: Point[] = rising.map(([t]) => [t, 50]);
    expect(forecastExhaustion(flat, 100).seconds_to_exhaustion).toBeNull();
    const falling: Point[] = rising.map(([t, v]) => [t, 200 - v]);
    expect(forecastExhaustion(falling, 300).seconds_to_exhaustion).toBeNull();
    expect(forecastExhaustion(rising, 60).seconds_to_exhaustion).toBe(0);
  });

  it('is defined for empty series and unusable limits', () => {
    expect(forecastExhaustion([], 10)).toEqual({
      seconds_to_exhaustion: null,
      slope_per_s: 0,
      utilization: 0,
    });
    expect(forecastExhaustion(rising, Number.NaN).seconds_to_exhaustion).toBeNull();
    expect(forecastExhaustion(rising, 0).utilization).toBe(0);
  });
});

describe('forecastExhaustion on incident-shaped series', () => {
  // 65 minutes at 15 s: a volume flat at 58% (creeping slightly) that starts filling late.
  const lateFill = (seed: number, rampSamples: number, perSample: number): Point[] =>
    synthesize({
      seed,
      length: 260,
      level: 0.58,
      noise: 0.0008,
      shape: (i) => 0.00002 * i + ramp(260 - rampSamples, perSample)(i),
    });

  it('projects a late ramp at its own slope, not the whole-window average', () => {
    for (const [seed, samples, perSample] of [
      [1, 40, 0.009],
      [2, 12, 0.02],
      [3, 60, 0.006],
    ] as const) {
      const points = lateFill(seed, samples, perSample);
      const forecast = forecastExhaustion(points, 1);
      const last = 0.58 + 0.00002 * 259 + perSample * (samples - 1);
      expect(forecast.slope_per_s).toBeGreaterThan(0.8 * (perSample / 15));
      expect(forecast.slope_per_s).toBeLessThan(1.2 * (perSample / 15));
      const expected = (1 - last) / (perSample / 15);
      expect(Math.abs(forecast.seconds_to_exhaustion! - expected)).toBeLessThan(0.25 * expected + 15);
      expect(forecast.utilization).toBeGreaterThan(last - 2 * perSample - 0.005);
    }
  });

  it('gives no time but a high utilization for a flat series near the limit', () => {
    const points = synthesize({ seed: 4, length: 260, level: 0.97, noise: 0.002 });
    const forecast = forecastExhaustion(points, 1);
    expect(forecast.seconds_to_exhaustion).toBeNull();
    expect(forecast.utilization).toBeGreaterThan(0.96);
    expect(forecast.utilization).toBeLessThan(0.98);
  });

  it('gives no time for a series that falls late, or that filled and then stopped', () => {
    const falling = synthesize({ seed: 5, length: 260, level: 0.9, noise: 0.001, shape: ramp(220, -0.005) });
    expect(forecastExhaustion(falling, 1).seconds_to_exhaustion).toBeNull();
    const stopped = synthesize({
      seed: 6,
      length: 260,
      level: 0.5,
      noise: 0.001,
      shape: (i) => Math.min(0.3, ramp(100, 0.003)(i)),
    });
    const forecast = forecastExhaustion(stopped, 1);
    expect(forecast.seconds_to_exhaustion).toBeNull();
    expect(forecast.utilization).toBeCloseTo(0.8, 2);
  });
});
