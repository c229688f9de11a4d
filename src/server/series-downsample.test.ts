import { describe, expect, it } from 'vitest';
import type { Point } from '../core/index.js';
import { downsampleMinMax } from './series-downsample.js';

const wave = (n: number): Point[] => Array.from({ length: n }, (_, i) => [1000 + i, Math.sin(i / 50)]);

describe('downsampleMinMax', () => {
  it('returns a copy of a series already within the cap', () => {
    const points = wave(10);
    const out = downsampleMinMax(points, 10);
    expect(out).toEqual(points);
    expect(out).not.toBe(points);
  });

  it('caps the points, keeps the first and last, and stays in time order', () => {
    const points = wave(5000);
    const out = downsampleMinMax(points, 400);
    expect(out.length).toBeLessThanOrEqual(400);
    expect(out.length).toBeGreaterThan(300);
    expect(out[0]).toEqual(points[0]);
    expect(out[out.length - 1]).toEqual(points[4999]);
    for (let i = 1; i < out.length; i++) expect(out[i][0]).toBeGreaterThan(out[i - 1][0]);
  });

  it('keeps a one-sample spike and a one-sample dip that every-n-th sampling would drop', () => {
    const points: Point[] = Array.from({ length: 3001 }, (_, i) => [i * 5, 1]);
    points[1234] = [1234 * 5, 42];
    points[2345] = [2345 * 5, -7];
    const out = downsampleMinMax(points, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out).toContainEqual([1234 * 5, 42]);
    expect(out).toContainEqual([2345 * 5, -7]);
  });

  it('rejects a cap below two points, naming it', () => {
    expect(() => downsampleMinMax(wave(10), 1)).toThrow(/max: expected an integer ≥ 2, got 1/);
    expect(() => downsampleMinMax(wave(10), 2.5)).toThrow(/max/);
  });

  it('answers two points (the ends) for a cap of two or three', () => {
    const points = wave(50);
    expect(downsampleMinMax(points, 3)).toEqual([points[0], points[49]]);
  });
});
