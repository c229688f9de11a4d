import { describe, expect, it } from 'vitest';
import { createStreamingDetector, DETECTOR_NAMES, UnknownDetectorError } from './streaming-detector.js';
import { blip, daily, step, synthesize } from './testing/synthetic-series.js';

function scoresOf(name: string, points: readonly [number, number][], sensitivity?: number): number[] {
  const detector = createStreamingDetector(name, { sensitivity });
  return points.map(([t, v]) => detector.update(t, v));
}

const alarmsOf = (scores: number[]) => scores.flatMap((s, i) => (s >= 0.5 ? [i] : []));

describe('streaming detectors', () => {
  const shifted = synthesize({ seed: 1, length: 1500, noise: 2, shape: step(1000, 20) });

  it('offers the documented names and rejects unknown ones', () => {
    expect(DETECTOR_NAMES).toEqual(expect.arrayContaining(['default', 'robust-z', 'ewma', 'cusum', 'bocpd']));
    expect(() => createStreamingDetector('nope')).toThrow(UnknownDetectorError);
    expect(() => createStreamingDetector('toString')).toThrow(/known detectors: default/);
  });

  for (const name of DETECTOR_NAMES) {
    it(`${name}: is online (a score never changes when later points are appended)`, () => {
      const full = scoresOf(name, shifted);
      const prefix = scoresOf(name, shifted.slice(0, 1003));
      expect(prefix).toEqual(full.slice(0, 1003));
    });

    it(`${name}: scores are in [0, 1], quiet on noise, and high at a level shift`, () => {
      const scores = scoresOf(name, shifted);
      expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
      expect(alarmsOf(scores.slice(0, 1000))).toEqual([]);
      expect(Math.max(...scores.slice(1000, 1010))).toBeGreaterThanOrEqual(0.5);
    });

    it(`${name}: skips non-finite values and survives constant input`, () => {
      const detector = createStreamingDetector(name);
      for (let i = 0; i < 50; i++) expect(detector.update(i, 3)).toBeLessThan(0.5);
      expect(detector.update(50, Number.NaN)).toBe(0);
      expect(detector.update(51, Number.POSITIVE_INFINITY)).toBe(0);
      const next = detector.update(52, 3);
      expect(next).toBeGreaterThanOrEqual(0);
      expect(next).toBeLessThan(0.5);
    });
  }

  it('default: flags a single spike once, and a seasonal shift only after learning the cycle', () => {
    const spikeScores = scoresOf(
      'default',
      synthesize({ seed: 2, length: 1500, noise: 2, shape: blip(1000, 25) }),
    );
    expect(alarmsOf(spikeScores)).toEqual([1000]);
    const seasonal = synthesize({
      seed: 3,
      length: 288 * 8,
      step_s: 300,
      noise: 2,
      shape: (i, t) => daily(40)(i, t) + step(2000, 20)(i),
    });
    const alarms = alarmsOf(scoresOf('default', seasonal)).filter((i) => i >= 3 * 288);
    expect(alarms[0]).toBeGreaterThanOrEqual(2000);
    expect(alarms[0]).toBeLessThanOrEqual(2005);
  });

  it('sensitivity moves the thresholds', () => {
    const points = synthesize({ seed: 4, length: 1500, noise: 2, shape: blip(1000, 9) });
    expect(scoresOf('ewma', points, 0)[1000]).toBeLessThan(scoresOf('ewma', points, 1)[1000]);
  });

  it('default: processes at least 1,000,000 points per second', () => {
    const count = 400_000;
    const values = new Float64Array(count);
    const source = synthesize({ seed: 5, length: 4000, noise: 2 });
    for (let i = 0; i < count; i++) values[i] = source[i % 4000][1];
    let best = 0;
    for (let run = 0; run < 3; run++) {
      const detector = createStreamingDetector('default');
      const started = performance.now();
      let sink = 0;
      for (let i = 0; i < count; i++) sink += detector.update(1_700_000_000 + 15 * i, values[i]);
      const rate = count / ((performance.now() - started) / 1000);
      expect(Number.isFinite(sink)).toBe(true);
      best = Math.max(best, rate);
    }
    console.log(`default streaming detector: ${(best / 1e6).toFixed(2)} M points/s`);
    expect(best).toBeGreaterThanOrEqual(1_000_000);
  });
});
