import { describe, expect, it } from 'vitest';
import type { Point } from '../../core/index.js';
import { saturationAnomaly } from './saturation.js';

const series = (values: number[], step = 15): Point[] => values.map((v, i) => [1_000_000 + i * step, v]);

describe('saturationAnomaly', () => {
  it('reports a volume filling fast, with the onset where the ramp began', () => {
    const flat = Array.from({ length: 200 }, (_, i) => 0.58 + 0.002 * Math.sin(i));
    const ramp = Array.from({ length: 40 }, (_, i) => 0.59 + 0.0092 * (i + 1));
    const points = series([...flat, ...ramp]);
    const found = saturationAnomaly(points, 1);
    expect(found).not.toBeNull();
    expect(found!.shape).toBe('trend');
    expect(Math.abs(found!.onset - points[200][0])).toBeLessThanOrEqual(30);
    expect(found!.score).toBeGreaterThan(0.8);
  });

  it('reports a resource that sits at its limit', () => {
    const found = saturationAnomaly(series(Array.from({ length: 100 }, () => 0.97)), 1);
    expect(found?.shape).toBe('level_shift');
  });

  it('stays silent well below the limit, and on tiny or broken input', () => {
    expect(
      saturationAnomaly(series(Array.from({ length: 100 }, (_, i) => 0.4 + 0.001 * (i % 5))), 1),
    ).toBeNull();
    expect(saturationAnomaly(series([0.99, 0.99]), 1)).toBeNull();
    expect(saturationAnomaly(series([Number.NaN, 0.99, 0.99, 0.99, 0.99]), 0)).toBeNull();
  });
});

describe('saturationAnomaly onset of a step to the limit', () => {
  it('dates a jump to the limit at the jump, not at the window start', () => {
    const points = series([
      ...Array.from({ length: 100 }, () => 0.5),
      ...Array.from({ length: 20 }, () => 1),
    ]);
    const found = saturationAnomaly(points, 1);
    expect(found?.onset).toBe(points[100][0]);
  });
});
