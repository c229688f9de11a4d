import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibrate, shippedCalibration } from './confidence.js';

describe('shipped calibration (calibration/confidence.json)', () => {
  it('is a monotone map over 0..1 that says how it was built', () => {
    const file = JSON.parse(
      readFileSync(new URL('../../calibration/confidence.json', import.meta.url), 'utf8'),
    );
    const map = shippedCalibration();
    expect(map.raw).toEqual(file.raw);
    expect(map.source).toMatch(/scripts\/calibrate\.ts/);
    expect(map.raw[0]).toBe(0);
    expect(map.raw[map.raw.length - 1]).toBe(1);
    for (let i = 1; i < map.raw.length; i++) {
      expect(map.raw[i]).toBeGreaterThan(map.raw[i - 1]);
      expect(map.calibrated[i]).toBeGreaterThanOrEqual(map.calibrated[i - 1]);
    }
    for (const value of map.calibrated) expect(value).toBeGreaterThanOrEqual(0);
    for (const value of map.calibrated) expect(value).toBeLessThanOrEqual(1);
    expect(calibrate(0.5, map)).toBeGreaterThan(0);
  });
});
