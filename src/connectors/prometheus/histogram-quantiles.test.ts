import { describe, expect, it } from 'vitest';
import { bucketQuantile, quantileSeries } from './histogram-quantiles.js';

describe('bucketQuantile (histogram_quantile semantics)', () => {
  const buckets: [number, number][] = [
    [0.1, 50],
    [0.5, 90],
    [1, 99],
    [Number.POSITIVE_INFINITY, 100],
  ];

  it('interpolates inside the bucket holding the rank', () => {
    expect(bucketQuantile(0.5, buckets)).toBeCloseTo(0.1, 10);
    expect(bucketQuantile(0.7, buckets)).toBeCloseTo(0.1 + 0.4 * (20 / 40), 10);
    expect(bucketQuantile(0.25, buckets)).toBeCloseTo(0.05, 10);
  });

  it('answers the highest finite bound for ranks in +Inf, and NaN without data', () => {
    expect(bucketQuantile(0.999, buckets)).toBe(1);
    expect(
      bucketQuantile(0.5, [
        [Number.POSITIVE_INFINITY, 0],
        [1, 0],
      ]),
    ).toBeNaN();
    expect(bucketQuantile(0.5, [[1, 5]])).toBeNaN();
  });

  it('repairs non-monotonic counts and groups series by service and time', () => {
    expect(
      bucketQuantile(0.9, [
        [0.1, 10],
        [0.2, 9],
        [Number.POSITIVE_INFINITY, 10],
      ]),
    ).toBeCloseTo(0.09, 10);
    const result = [
      {
        metric: { service: 'a', le: '0.1' },
        values: [
          [1, '5'],
          [2, '0'],
        ] as [number, string][],
      },
      {
        metric: { service: 'a', le: '+Inf' },
        values: [
          [1, '10'],
          [2, '0'],
        ] as [number, string][],
      },
      { metric: { service: 'b', le: '+Inf' }, values: [[1, '1']] as [number, string][] },
    ];
    const series = quantileSeries(result, 'service', 0.5);
    expect(series.get('a')).toEqual([[1, 0.1]]);
    expect(series.get('b')).toEqual([]);
  });
});
