import { describe, expect, it } from 'vitest';
import { cleanSeries } from './clean-series.js';
import { median, medianAbsoluteDeviation, normalCdf, normalUpperTail, robustScale } from './robust-stats.js';

describe('robust statistics', () => {
  it('computes medians and MAD over ranges', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([9, 9, 1, 2, 3], 2, 5)).toBe(2);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100], 3)).toBe(1);
  });

  it('falls back to the mean absolute deviation when the MAD is zero', () => {
    expect(robustScale([0, 0, 0, 0, 1], 0)).toBeCloseTo(1.2533 / 5, 9);
    expect(robustScale([2, 2, 2], 2)).toBe(0);
  });

  it('has an accurate normal distribution, including far tails', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalUpperTail(8)).toBeGreaterThan(5e-16);
    expect(normalUpperTail(8)).toBeLessThan(7e-16);
  });
});

describe('cleanSeries', () => {
  it('drops non-finite points, sorts, and merges duplicate timestamps into their mean', () => {
    const { times, values } = cleanSeries([
      [30, 3],
      [10, 1],
      [20, Number.NaN],
      [Number.POSITIVE_INFINITY, 5],
      [10, 3],
      [20, 4],
    ]);
    expect(Array.from(times)).toEqual([10, 20, 30]);
    expect(Array.from(values)).toEqual([2, 4, 3]);
  });

  it('tolerates null and malformed points', () => {
    expect(cleanSeries(null).times.length).toBe(0);
    expect(cleanSeries([[1, 2], 'x' as never, [3] as never]).times.length).toBe(1);
  });
});
