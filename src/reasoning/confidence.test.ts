import { describe, expect, it } from 'vitest';
import { type CalibrationMap, type Coverage, calibrate, coverageScore, rawConfidence } from './confidence.js';
import { FULL_COVERAGE } from './testing/findings.js';

describe('calibrate', () => {
  const map: CalibrationMap = { raw: [0, 0.5, 1], calibrated: [0.1, 0.3, 0.9] };

  it('interpolates linearly between breakpoints', () => {
    expect(calibrate(0.5, map)).toBeCloseTo(0.3, 10);
    expect(calibrate(0.25, map)).toBeCloseTo(0.2, 10);
    expect(calibrate(0.75, map)).toBeCloseTo(0.6, 10);
  });

  it('holds the end values outside the breakpoints', () => {
    expect(calibrate(-0.5, map)).toBeCloseTo(0.1, 10);
    expect(calibrate(1.5, map)).toBeCloseTo(0.9, 10);
  });

  it('clamps interpolated values to 0..1', () => {
    const wild: CalibrationMap = { raw: [0, 0.5, 1], calibrated: [0, 0.8, 1.6] };
    expect(calibrate(0.9, wild)).toBe(1);
  });

  it('copes with a repeated breakpoint', () => {
    const stepped: CalibrationMap = { raw: [0, 0.5, 0.5, 1], calibrated: [0, 0.2, 0.6, 1] };
    expect(calibrate(0.5, stepped)).toBeCloseTo(0.2, 10);
    expect(calibrate(0.75, stepped)).toBeCloseTo(0.8, 10);
  });

  it('clamps the end values of a map with out-of-range ends', () => {
    const wild: CalibrationMap = { raw: [0.2, 0.8], calibrated: [-0.1, 1.3] };
    expect(calibrate(0.95, wild)).toBeLessThanOrEqual(1);
    expect(calibrate(0.1, wild)).toBeGreaterThanOrEqual(0);
  });

  it('does not turn a NaN raw confidence into full confidence', () => {
    expect(calibrate(Number.NaN, { raw: [0, 1], calibrated: [0, 1] })).toBe(0);
  });
});

describe('rawConfidence', () => {
  it('is the top probability with full coverage and two agreeing agents', () => {
    expect(coverageScore(FULL_COVERAGE)).toBeCloseTo(1, 10);
    expect(rawConfidence(0.8, FULL_COVERAGE, 2)).toBeCloseTo(0.8, 10);
    expect(rawConfidence(0.8, FULL_COVERAGE, 3)).toBeCloseTo(0.8, 10);
  });

  it('falls with missing coverage, metrics weighing most', () => {
    const without = (key: keyof Coverage) => rawConfidence(0.8, { ...FULL_COVERAGE, [key]: false }, 2);
    const full = rawConfidence(0.8, FULL_COVERAGE, 2);
    for (const key of ['metrics', 'logs', 'changes', 'topology'] as const) {
      expect(without(key)).toBeLessThan(full);
    }
    expect(without('metrics')).toBeLessThan(without('logs'));
    const nothing = rawConfidence(0.8, { metrics: false, logs: false, changes: false, topology: false }, 2);
    expect(nothing).toBeCloseTo(0.4, 10);
  });

  it('falls with fewer agreeing agents', () => {
    const two = rawConfidence(0.9, FULL_COVERAGE, 2);
    const one = rawConfidence(0.9, FULL_COVERAGE, 1);
    const none = rawConfidence(0.9, FULL_COVERAGE, 0);
    expect(one).toBeLessThan(two);
    expect(none).toBeLessThan(one);
  });

  it('stays within 0..1', () => {
    expect(rawConfidence(1.4, FULL_COVERAGE, 2)).toBe(1);
    expect(rawConfidence(-0.2, FULL_COVERAGE, 2)).toBe(0);
  });
});
