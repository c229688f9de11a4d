import { describe, expect, it } from 'vitest';
import type { Point } from '../../core/index.js';
import { detectSeriesAnomaly } from './series-anomaly.js';
import { blip, ramp, step, synthesize } from './testing/synthetic-series.js';

const STEP = 15;
const START = 1_772_368_200;
const at = (index: number) => START + index * STEP;
const indexOf = (time: number) => Math.round((time - START) / STEP);

describe('detectSeriesAnomaly: shapes and onsets', () => {
  it('finds an upward level shift, its onset, size and that it is ongoing', () => {
    const points = synthesize({ seed: 1, noise: 2, shape: step(180, 30) });
    const anomaly = detectSeriesAnomaly(points);
    expect(anomaly).not.toBeNull();
    expect(anomaly?.shape).toBe('level_shift');
    expect(anomaly?.direction).toBe('up');
    expect(Math.abs(indexOf(anomaly!.onset) - 180)).toBeLessThanOrEqual(2);
    expect(anomaly?.ongoing).toBe(true);
    expect(Math.abs(anomaly!.baseline - 100)).toBeLessThan(1.5);
    expect(anomaly?.current).toBeGreaterThan(125);
    expect(anomaly?.magnitude).toBeGreaterThan(0.3);
    expect(anomaly?.peak_time).toBeGreaterThanOrEqual(anomaly!.onset);
    expect(anomaly?.score).toBeGreaterThan(0.5);
  });

  it('finds a downward shift', () => {
    const anomaly = detectSeriesAnomaly(synthesize({ seed: 2, noise: 3, shape: step(170, -40) }));
    expect(anomaly?.direction).toBe('down');
    expect(anomaly?.shape).toBe('level_shift');
    expect(anomaly!.peak).toBeLessThan(70);
    expect(Math.abs(indexOf(anomaly!.onset) - 170)).toBeLessThanOrEqual(2);
  });

  it('orders two shifts whose onsets differ by 4 samples (1 minute)', () => {
    for (let seed = 10; seed < 20; seed++) {
      const cause = detectSeriesAnomaly(synthesize({ seed, noise: 3, shape: step(176, 25) }));
      const victim = detectSeriesAnomaly(synthesize({ seed: seed + 100, noise: 3, shape: step(180, 25) }));
      expect(cause!.onset).toBeLessThan(victim!.onset);
    }
  });

  it('dates a slow leak where the slope began, not where it crossed a threshold', () => {
    const points = synthesize({ seed: 3, noise: 2, shape: ramp(120, 0.5) });
    const anomaly = detectSeriesAnomaly(points);
    expect(anomaly?.shape).toBe('trend');
    expect(anomaly?.direction).toBe('up');
    expect(Math.abs(indexOf(anomaly!.onset) - 120)).toBeLessThanOrEqual(0.15 * 120);
    expect(anomaly?.ongoing).toBe(true);
  });

  it('reports a large single spike as a spike that is over', () => {
    const anomaly = detectSeriesAnomaly(synthesize({ seed: 4, noise: 2, shape: blip(200, 60) }));
    expect(anomaly?.shape).toBe('spike');
    expect(anomaly?.ongoing).toBe(false);
    expect(indexOf(anomaly!.onset)).toBe(200);
    expect(indexOf(anomaly!.peak_time)).toBe(200);
  });

  it('scores a spike lower than a sustained shift of the same height', () => {
    const spike = detectSeriesAnomaly(synthesize({ seed: 5, noise: 2, shape: blip(200, 30) }));
    const shift = detectSeriesAnomaly(synthesize({ seed: 5, noise: 2, shape: step(200, 30) }));
    expect(spike).not.toBeNull();
    expect(shift).not.toBeNull();
    expect(spike!.score).toBeLessThan(shift!.score);
  });

  it('reports a short excursion that returned as a spike, with onset at its start', () => {
    const points = synthesize({ seed: 6, noise: 1, shape: (i) => (i >= 200 && i < 204 ? 25 : 0) });
    const anomaly = detectSeriesAnomaly(points);
    expect(anomaly?.shape).toBe('spike');
    expect(anomaly?.ongoing).toBe(false);
    expect(Math.abs(indexOf(anomaly!.onset) - 200)).toBeLessThanOrEqual(1);
  });

  it('ignores a small blip on a noisy series, and pure noise', () => {
    expect(detectSeriesAnomaly(synthesize({ seed: 7, noise: 5, level: 0, shape: blip(200, 20) }))).toBeNull();
    for (const noise of [0.5, 5, 50]) {
      expect(detectSeriesAnomaly(synthesize({ seed: 8, noise, level: 0 }))).toBeNull();
    }
  });
});

describe('detectSeriesAnomaly: late and early ramps in an incident window', () => {
  // 65 minutes at 15 s; the alert is at sample 258 and the baseline ends 30 minutes before it.
  const LENGTH = 260;
  const baselineEnd = at(138);
  const utilisationOptions = {
    baselineEnd,
    direction: 'up',
    minAbsoluteChange: 0.03,
    minRelativeChange: 0.05,
  } as const;
  /** A volume at 58% creeping by 0.5 points an hour (below the gates), filling from `from` on. */
  const volume = (seed: number, from: number, perSample: number) =>
    synthesize({
      seed,
      length: LENGTH,
      level: 0.58,
      noise: 0.0008,
      shape: (i) => 0.00002 * i + ramp(from, perSample)(i),
    });

  it('finds a volume that starts filling late and is still filling, dated at the bend', () => {
    for (const seed of [41, 42, 43, 44]) {
      const anomaly = detectSeriesAnomaly(volume(seed, 222, 0.01), utilisationOptions);
      expect(anomaly?.shape).toBe('trend');
      expect(Math.abs(indexOf(anomaly!.onset) - 222)).toBeLessThanOrEqual(1);
      expect(anomaly?.ongoing).toBe(true);
      expect(anomaly?.score).toBeGreaterThan(0.6);
      expect(anomaly?.current).toBeGreaterThan(0.9);
    }
  });

  it('dates the fill at the bend without gates too, not at the start of the creep', () => {
    const anomaly = detectSeriesAnomaly(volume(45, 222, 0.01), {
      baselineEnd,
      minAbsoluteChange: 0,
      minRelativeChange: 0,
    });
    expect(anomaly?.shape).toBe('trend');
    expect(Math.abs(indexOf(anomaly!.onset) - 222)).toBeLessThanOrEqual(1);
  });

  it('reports nothing for the creep alone', () => {
    for (const seed of [46, 47, 48]) {
      expect(detectSeriesAnomaly(volume(seed, LENGTH, 0), utilisationOptions)).toBeNull();
    }
  });

  it('finds a slow memory leak that starts at 40% of the window, before the baseline ends', () => {
    for (const seed of [51, 52, 53]) {
      const leak = synthesize({
        seed,
        length: LENGTH,
        level: 0.4,
        noise: 0.004,
        shape: ramp(104, 0.3 / 156),
      });
      for (const options of [utilisationOptions, {}]) {
        const anomaly = detectSeriesAnomaly(leak, options);
        expect(anomaly?.shape).toBe('trend');
        expect(Math.abs(indexOf(anomaly!.onset) - 104)).toBeLessThanOrEqual(0.15 * 156);
        expect(anomaly?.ongoing).toBe(true);
      }
    }
  });

  it('dates a ramp that began well inside the reference period at its start', () => {
    const early = synthesize({
      seed: 54,
      length: LENGTH,
      level: 0.4,
      noise: 0.004,
      shape: ramp(60, 0.3 / 200),
    });
    const anomaly = detectSeriesAnomaly(early, utilisationOptions);
    expect(anomaly?.shape).toBe('trend');
    expect(Math.abs(indexOf(anomaly!.onset) - 60)).toBeLessThanOrEqual(0.15 * 200);
  });
});

describe('detectSeriesAnomaly: options', () => {
  const shiftUp = synthesize({ seed: 21, noise: 1, shape: step(200, 30) });

  it('honours the direction filter', () => {
    expect(detectSeriesAnomaly(shiftUp, { direction: 'down' })).toBeNull();
    expect(detectSeriesAnomaly(shiftUp, { direction: 'up' })?.direction).toBe('up');
  });

  it('applies absolute and relative change gates', () => {
    expect(detectSeriesAnomaly(shiftUp, { minAbsoluteChange: 50 })).toBeNull();
    expect(detectSeriesAnomaly(shiftUp, { minRelativeChange: 0.5 })).toBeNull();
    expect(detectSeriesAnomaly(shiftUp, { minRelativeChange: 0.1 })).not.toBeNull();
  });

  it('uses baselineEnd as the end of the reference period', () => {
    // When most of the reference is already shifted, the shifted level is the norm.
    const earlyShift = synthesize({ seed: 22, noise: 1, shape: step(60, 30) });
    expect(detectSeriesAnomaly(earlyShift, { baselineEnd: at(230), direction: 'up' })).toBeNull();
    expect(detectSeriesAnomaly(earlyShift, { baselineEnd: at(50) })?.direction).toBe('up');
    const early = detectSeriesAnomaly(shiftUp, { baselineEnd: at(100) });
    expect(Math.abs(indexOf(early!.onset) - 200)).toBeLessThanOrEqual(2);
  });

  it('reports changes from a flat zero baseline with a finite magnitude', () => {
    const errors: Point[] = Array.from({ length: 120 }, (_, i) => [at(i), i >= 90 ? 0.05 : 0]);
    const anomaly = detectSeriesAnomaly(errors, { minAbsoluteChange: 0.01 });
    expect(anomaly?.shape).toBe('level_shift');
    expect(indexOf(anomaly!.onset)).toBe(90);
    expect(Number.isFinite(anomaly!.magnitude)).toBe(true);
    expect(detectSeriesAnomaly(errors, { minAbsoluteChange: 0.1 })).toBeNull();
  });
});

describe('detectSeriesAnomaly: bad input', () => {
  it('returns null for empty, tiny and constant series', () => {
    expect(detectSeriesAnomaly([])).toBeNull();
    expect(detectSeriesAnomaly([[1, 1]])).toBeNull();
    expect(
      detectSeriesAnomaly([
        [1, 1],
        [2, 5],
      ]),
    ).toBeNull();
    expect(detectSeriesAnomaly(Array.from({ length: 100 }, (_, i): Point => [i, 7]))).toBeNull();
    expect(detectSeriesAnomaly(null as never)).toBeNull();
  });

  it('survives NaN, infinities, duplicates, gaps and shuffled order with the same answer', () => {
    const clean = synthesize({ seed: 31, noise: 1, shape: step(180, 20) });
    const messy: Point[] = [...clean].reverse();
    messy.push(
      [at(10), Number.NaN],
      [at(20), Number.POSITIVE_INFINITY],
      [Number.NaN, 3],
      clean[50],
      clean[50],
    );
    const withGap = clean.filter((_, i) => i < 100 || i > 130);
    const expected = detectSeriesAnomaly(clean);
    expect(detectSeriesAnomaly(messy)).toEqual(expected);
    expect(detectSeriesAnomaly(withGap)?.onset).toBe(expected!.onset);
  });

  it('never throws on hostile options', () => {
    const points = synthesize({ seed: 32, noise: 1, shape: step(180, 20) });
    const hostile = {
      baselineEnd: Number.NaN,
      minAbsoluteChange: -1,
      minRelativeChange: Number.NaN,
      scaleFloor: -5,
    };
    expect(detectSeriesAnomaly(points, hostile)?.shape).toBe('level_shift');
    expect(detectSeriesAnomaly(points, { baselineEnd: at(1000) })).toBeNull();
    expect(detectSeriesAnomaly(points, { baselineEnd: 0 })).toBeNull();
  });
});

describe('detectSeriesAnomaly: cost', () => {
  it("analyses an incident's 200 series of 260 points well under 1 ms each on average", () => {
    const series = Array.from({ length: 200 }, (_, k) =>
      synthesize({
        seed: 500 + k,
        length: 260,
        level: 0.5,
        noise: 0.002 * (1 + (k % 5)),
        shape: [ramp(200 + (k % 40), 0.005), step(220, 0.1), ramp(100, 0.001), () => 0][k % 4],
      }),
    );
    const options = { baselineEnd: at(138), minAbsoluteChange: 0.03, minRelativeChange: 0.05 };
    for (const points of series.slice(0, 20)) detectSeriesAnomaly(points, options);
    const started = performance.now();
    for (const points of series) detectSeriesAnomaly(points, options);
    const perSeries = (performance.now() - started) / series.length;
    // Typically ~0.05 ms; the bound leaves room for a loaded machine.
    expect(perSeries).toBeLessThan(1);
  });
});
