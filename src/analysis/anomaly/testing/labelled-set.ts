/**
 * A labelled set of synthetic series (seeded, deterministic) for precision/recall and onset
 * accuracy tests of the batch detector.
 */
import type { Point } from '../../../core/index.js';
import type { DetectOptions } from '../anomaly-types.js';
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
  /** Options to detect with (the defaults when absent). */
  options?: DetectOptions;
}

const LEVEL = 100;

/**
 * Builds the set: level shifts, leaks, late ramps, spikes, seasonal shifts, noise-only (some
 * matched to the late ramps), constant and tiny series.
 */
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
  // Last, with its own random stream, so the series above stay as they always were.
  out.push(...lateRamps(seededRandom(seed + 1), nextSeed));
  return out;
}

/** Samples in an incident window: 65 minutes at 15 s, the alert 30 s before the end. */
const INCIDENT_LENGTH = 260;
const INCIDENT_ALERT_INDEX = 258;
/** The planner's baseline ends 30 minutes before the alert. */
const INCIDENT_BASELINE_INDEX = INCIDENT_ALERT_INDEX - 120;

/**
 * Ramps that begin well after the baseline and are still rising at the end (a disk or pool
 * filling up: neither a finished step nor a whole-window trend), 3 to 15 minutes long, each
 * with a noise-only twin of the same level, noise, options and slow sub-gate creep. Half use
 * the options the metrics agent passes for a utilisation metric, half the defaults.
 */
function lateRamps(random: () => number, nextSeed: () => number): LabelledSeries[] {
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const out: LabelledSeries[] = [];
  for (let k = 0; k < 16; k++) {
    const duration = 12 + Math.floor((48 * k) / 15);
    const at = INCIDENT_LENGTH - duration;
    const fraction = k % 2 === 0;
    const level = fraction ? between(0.3, 0.7) : LEVEL;
    const noise = level * between(0.0005, 0.01);
    // From just above the smallest change that passes the gates to several times it.
    const gate = fraction ? Math.max(0.03, 0.05 * level) : 0.2 * level;
    const rise = gate * between(1.6, 6);
    // A creep well below the gates, like a database volume growing slowly before a fault.
    const creep = k % 4 < 2 ? level * between(0.002, 0.01) : 0;
    const drift = (i: number) => (creep * i) / INCIDENT_LENGTH;
    const options: DetectOptions | undefined = fraction
      ? {
          baselineEnd: 1_772_368_200 + 15 * INCIDENT_BASELINE_INDEX,
          direction: 'up',
          minAbsoluteChange: 0.03,
          minRelativeChange: 0.05,
        }
      : undefined;
    const spec = { length: INCIDENT_LENGTH, level, noise };
    out.push({
      name: `late-ramp-${k}-${duration}-samples`,
      points: synthesize({
        ...spec,
        seed: nextSeed(),
        shape: (i) => drift(i) + ramp(at, rise / duration)(i),
      }),
      expected: { shape: 'trend', direction: 'up', onset_index: at, duration },
      options,
    });
    out.push({
      name: `late-ramp-twin-${k}`,
      points: synthesize({ ...spec, seed: nextSeed(), shape: drift }),
      expected: null,
      options,
    });
  }
  return out;
}
