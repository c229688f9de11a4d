/**
 * A labelled set of synthetic series (seeded, deterministic) for precision/recall and onset
 * accuracy tests of the batch detector.
 */
import type { Point } from '../../../core/index.js';
import { blip, daily, ramp, seededRandom, step, synthesize } from './synthetic-series.js';

export interface LabelledSeries {
  name: string;
  points: Point[];
  /** null: nothing should be reported. */
  expected: {
    shape: 'spike' | 'level_shift' | 'trend';
    direction: 'up' | 'down';
    /** Index of the first anomalous sample. */
    onset_index: number;
    /** For trends: samples from onset to the end, for a relative onset tolerance. */
    duration: number;
  } | null;
}

const LEVEL = 100;

/** Builds the set: level shifts, leaks, spikes, seasonal shifts, noise-only, constant and tiny series. */
export function buildLabelledSet(seed = 20_240_601): LabelledSeries[] {
  const random = seededRandom(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const integer = (lo: number, hi: number) => Math.floor(between(lo, hi + 1));
  const out: LabelledSeries[] = [];
  let next = seed;
  const nextSeed = () => ++next;

  for (let k = 0; k < 30; k++) {
    const up = k % 2 === 0;
    const noise = between(0.5, 6);
    const height = between(30, 60) * (up ? 1 : -1);
    const at = integer(150, 220);
    out.push({
      name: `shift-${k}`,
      points: synthesize({ seed: nextSeed(), noise, level: LEVEL, shape: step(at, height) }),
      expected: { shape: 'level_shift', direction: up ? 'up' : 'down', onset_index: at, duration: 240 - at },
    });
  }
  for (let k = 0; k < 20; k++) {
    const at = integer(90, 170);
    const duration = 240 - at;
    const rise = between(40, 120);
    out.push({
      name: `leak-${k}`,
      points: synthesize({
        seed: nextSeed(),
        noise: between(1, 5),
        level: LEVEL,
        shape: ramp(at, rise / duration),
      }),
      expected: { shape: 'trend', direction: 'up', onset_index: at, duration },
    });
  }
  for (let k = 0; k < 12; k++) {
    const noise = between(0.5, 3);
    const at = integer(160, 225);
    out.push({
      name: `spike-${k}`,
      points: synthesize({
        seed: nextSeed(),
        noise,
        level: LEVEL,
        shape: blip(at, Math.max(40, 15 * noise)),
      }),
      expected: { shape: 'spike', direction: 'up', onset_index: at, duration: 1 },
    });
  }
  for (let k = 0; k < 8; k++) {
    const at = integer(1000, 1100);
    const up = k % 2 === 0;
    out.push({
      name: `seasonal-shift-${k}`,
      points: synthesize({
        seed: nextSeed(),
        length: 4 * 288,
        step_s: 300,
        noise: between(1, 3),
        level: LEVEL,
        shape: (i, t) => daily(40)(i, t) + step(at, up ? 35 : -35)(i),
      }),
      expected: { shape: 'level_shift', direction: up ? 'up' : 'down', onset_index: at, duration: 1152 - at },
    });
  }
  const noiseLevels = [0.1, 1, 3, 10, 25];
  for (let k = 0; k < 30; k++) {
    const noise = noiseLevels[k % noiseLevels.length];
    out.push({
      name: `noise-${k}-sigma-${noise}`,
      points: synthesize({ seed: nextSeed(), noise, level: k % 3 === 0 ? 0 : LEVEL }),
      expected: null,
    });
  }
  for (let k = 0; k < 6; k++) {
    out.push({
      name: `seasonal-noise-${k}`,
      points: synthesize({
        seed: nextSeed(),
        length: 4 * 288,
        step_s: 300,
        noise: 2,
        level: LEVEL,
        shape: daily(40),
      }),
      expected: null,
    });
  }
  for (let k = 0; k < 8; k++) {
    const noise = between(1, 4);
    out.push({
      name: `small-blip-${k}`,
      points: synthesize({
        seed: nextSeed(),
        noise,
        level: k % 2 === 0 ? 0 : LEVEL,
        shape: blip(200, 4 * noise),
      }),
      expected: null,
    });
  }
  for (let k = 0; k < 4; k++) {
    out.push({
      name: `constant-${k}`,
      points: synthesize({ seed: nextSeed(), noise: 0, level: k * 7 }),
      expected: null,
    });
  }
  for (let length = 0; length < 4; length++) {
    out.push({
      name: `tiny-${length}`,
      points: synthesize({ seed: nextSeed(), length, noise: 1 }),
      expected: null,
    });
  }
  return out;
}
