import { describe, expect, it } from 'vitest';
import { calibrate } from '../reasoning/confidence.js';
import { fitIsotonic } from './isotonic.js';

const sample = (score: number, correct: boolean) => ({ score, correct });

describe('fitIsotonic', () => {
  it('is a monotone step per block, smoothed, and linear only between blocks', () => {
    const samples = [
      sample(0.1, false),
      sample(0.2, false),
      sample(0.25, true),
      sample(0.3, false),
      ...[0.5, 0.6, 0.7, 0.8, 0.9, 0.95].map((s) => sample(s, true)),
    ];
    const map = fitIsotonic(samples, 'test');
    // Blocks: 0.1–0.2 none right → 1/4; 0.25–0.3 one of two → 2/4; 0.5–0.95 all six → 7/8.
    expect(map.raw).toEqual([0, 0.1, 0.2, 0.25, 0.3, 0.5, 0.95, 1]);
    expect(map.calibrated.map((v) => Number(v.toFixed(4)))).toEqual([
      0.25, 0.25, 0.25, 0.5, 0.5, 0.875, 0.875, 0.875,
    ]);
    expect(calibrate(0.7, map)).toBeCloseTo(0.875, 6);
    expect(calibrate(0.15, map)).toBeCloseTo(0.25, 6);
    expect(calibrate(0.4, map)).toBeCloseTo((0.5 + 0.875) / 2, 6);
  });

  it('pools a violating pair and keeps the map monotone', () => {
    const map = fitIsotonic([sample(0.2, true), sample(0.4, false), sample(0.6, true), sample(0.8, true)]);
    for (let i = 1; i < map.raw.length; i++) {
      expect(map.raw[i]).toBeGreaterThan(map.raw[i - 1]);
      expect(map.calibrated[i]).toBeGreaterThanOrEqual(map.calibrated[i - 1]);
    }
    expect(calibrate(0.3, map)).toBeCloseTo(0.5, 6);
  });

  it('falls back to identity with too few samples', () => {
    expect(fitIsotonic([sample(0.5, true)]).raw).toEqual([0, 1]);
  });
});
