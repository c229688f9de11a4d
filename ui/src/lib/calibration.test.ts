import { describe, expect, it } from 'vitest';
import { expectedCalibrationError, overallSuccessRate } from './calibration.js';

describe('expectedCalibrationError', () => {
  it('weights each bin gap by its count', () => {
    const ece = expectedCalibrationError([
      { bin_low: 0.5, bin_high: 0.6, predicted: 0.55, observed: 0.45, count: 10 },
      { bin_low: 0.9, bin_high: 1, predicted: 0.95, observed: 0.95, count: 30 },
    ]);
    expect(ece).toBeCloseTo((10 * 0.1) / 40, 10);
  });
  it('is null without data', () => {
    expect(expectedCalibrationError([])).toBeNull();
    expect(
      expectedCalibrationError([{ bin_low: 0, bin_high: 0.1, predicted: 0.05, observed: 0, count: 0 }]),
    ).toBeNull();
  });
});

describe('overallSuccessRate', () => {
  it('pools the strategies', () => {
    expect(
      overallSuccessRate([
        { strategy: 'rollback', attempts: 8, successes: 7 },
        { strategy: 'restart', attempts: 2, successes: 0 },
      ]),
    ).toBeCloseTo(0.7);
    expect(overallSuccessRate([])).toBeNull();
  });
});
