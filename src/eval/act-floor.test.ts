import { describe, expect, it } from 'vitest';
import { calibrate } from '../reasoning/confidence.js';
import { actFloor, capBelowFloor } from './act-floor.js';
import { fitIsotonic } from './isotonic.js';

const claim = (score: number, correct: boolean) => ({ score, correct });
const right = (from: number, to: number, n: number) =>
  Array.from({ length: n }, (_, i) => claim(from + ((to - from) * i) / Math.max(1, n - 1), true));

describe('actFloor', () => {
  it('is halfway between the highest wrong claim and the next right one, given enough support', () => {
    const samples = [
      claim(0.1, false),
      claim(0.42, false),
      ...right(0.3, 0.4, 20),
      ...right(0.44, 0.99, 300),
    ];
    expect(actFloor(samples)).toBeCloseTo(0.43, 6);
  });

  it('is null when too few right claims lie above the last wrong one', () => {
    const samples = [claim(0.9, false), ...right(0.1, 0.95, 300)];
    expect(actFloor(samples, { minSupport: 200 })).toBeNull();
  });
});

describe('capBelowFloor', () => {
  it('keeps the map below the act threshold under the floor and unchanged above it', () => {
    const samples = [
      claim(0.1, false),
      claim(0.2, false),
      claim(0.42, false),
      ...right(0.3, 0.4, 30),
      ...right(0.44, 0.99, 300),
    ];
    const isotonic = fitIsotonic(samples);
    const floor = actFloor(samples) as number;
    const capped = capBelowFloor(isotonic, floor, 0.8);
    // Between 0.3 and 0.42 the isotonic block is ~0.94 right: calibrated on average, but not safe to act on.
    expect(calibrate(0.35, isotonic)).toBeGreaterThan(0.8);
    expect(calibrate(0.35, capped)).toBeLessThanOrEqual(0.8);
    expect(calibrate(0.6, capped)).toBeCloseTo(calibrate(0.6, isotonic), 9);
    expect(calibrate(0.15, capped)).toBeCloseTo(calibrate(0.15, isotonic), 9);
    for (let i = 1; i < capped.raw.length; i++) {
      expect(capped.raw[i]).toBeGreaterThan(capped.raw[i - 1]);
      expect(capped.calibrated[i]).toBeGreaterThanOrEqual(capped.calibrated[i - 1]);
    }
  });
});
