import { describe, expect, it } from 'vitest';
import { lastBend, recentSegmentStart } from './recent-trend.js';
import { ramp, synthesize } from './testing/synthetic-series.js';

const arrays = (points: [number, number][]) => ({
  times: Float64Array.from(points, ([t]) => t),
  values: Float64Array.from(points, ([, v]) => v),
});

describe('lastBend', () => {
  it('finds where a flat series starts to rise, with both slopes', () => {
    const { times, values } = arrays(synthesize({ seed: 1, length: 260, noise: 0.5, shape: ramp(230, 2) }));
    const bend = lastBend(times, values);
    expect(bend).not.toBeNull();
    expect(Math.abs(bend!.index - 230)).toBeLessThanOrEqual(1);
    expect(Math.abs(bend!.slope_before)).toBeLessThan(0.005);
    expect(bend!.slope_after).toBeCloseTo(2 / 15, 2);
  });

  it('finds where a rise stops', () => {
    const shape = (i: number) => Math.min(60, ramp(100, 1)(i));
    const { times, values } = arrays(synthesize({ seed: 2, length: 260, noise: 0.5, shape }));
    const bend = lastBend(times, values);
    expect(Math.abs(bend!.index - 160)).toBeLessThanOrEqual(1);
    expect(Math.abs(bend!.slope_after)).toBeLessThan(0.005);
  });

  it('reports no bend on a straight line or on noise', () => {
    const line = arrays(synthesize({ seed: 3, length: 260, noise: 1, shape: (i) => 0.3 * i }));
    expect(lastBend(line.times, line.values)).toBeNull();
    const exact = arrays(synthesize({ seed: 3, length: 100, noise: 0, shape: (i) => 0.3 * i }));
    expect(lastBend(exact.times, exact.values)).toBeNull();
    for (let seed = 10; seed < 30; seed++) {
      const noise = arrays(synthesize({ seed, length: 260, noise: 2 }));
      expect(lastBend(noise.times, noise.values)).toBeNull();
    }
  });

  it('is defined for short series', () => {
    expect(lastBend(new Float64Array(0), new Float64Array(0))).toBeNull();
    const few = arrays(synthesize({ seed: 4, length: 7 }));
    expect(lastBend(few.times, few.values)).toBeNull();
  });
});

describe('recentSegmentStart', () => {
  it('uses the last 10 minutes of 40 minutes of steady data', () => {
    const { times, values } = arrays(synthesize({ seed: 5, length: 160, noise: 1 }));
    // 10 minutes at 15 s: the last 41 samples (both ends included).
    expect(recentSegmentStart(times, values)).toBe(119);
  });

  it('uses 20% of a 65-minute incident window', () => {
    const { times, values } = arrays(synthesize({ seed: 5, length: 260, noise: 1 }));
    // 20% of 3885 s is 777 s: the last 52 samples.
    expect(recentSegmentStart(times, values)).toBe(208);
  });

  it('uses 20% of a long span', () => {
    const { times, values } = arrays(synthesize({ seed: 6, length: 1000, noise: 1 }));
    expect(recentSegmentStart(times, values)).toBe(800);
  });

  it('starts at the bend when the series bent inside the recent window', () => {
    const { times, values } = arrays(synthesize({ seed: 7, length: 260, noise: 0.5, shape: ramp(245, 3) }));
    expect(Math.abs(recentSegmentStart(times, values) - 245)).toBeLessThanOrEqual(1);
  });

  it('keeps at least 5 points, or all of a short series', () => {
    const { times, values } = arrays(synthesize({ seed: 8, length: 4 }));
    expect(recentSegmentStart(times, values)).toBe(0);
    const sparse = arrays(synthesize({ seed: 9, length: 20, step_s: 3600 }));
    expect(recentSegmentStart(sparse.times, sparse.values)).toBe(15);
  });
});
