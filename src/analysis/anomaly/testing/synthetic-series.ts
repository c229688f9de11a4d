/**
 * Labelled synthetic series for the anomaly tests: a seeded PRNG and generators for the
 * shapes the detector must recognise. Deterministic for a given seed.
 */
import type { Point } from '../../../core/index.js';

/** mulberry32: a tiny, fast, seedable PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box–Muller) from a uniform source. */
export function gaussian(random: () => number): () => number {
  return () => {
    const u = Math.max(random(), 1e-12);
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

export interface SyntheticSpec {
  seed: number;
  /** Number of samples. Default 240 (one hour at 15 s). */
  length?: number;
  step_s?: number;
  start?: number;
  level?: number;
  noise?: number;
  /** Extra value at sample i (the injected anomaly and any seasonality). */
  shape?: (index: number, time: number) => number;
}

/** level + shape(i, t) + noise·N(0,1), sampled every `step_s` seconds. */
export function synthesize(spec: SyntheticSpec): Point[] {
  const { seed, length = 240, step_s = 15, start = 1_772_368_200, level = 100, noise = 1 } = spec;
  const normal = gaussian(seededRandom(seed));
  const points: Point[] = [];
  for (let i = 0; i < length; i++) {
    const t = start + i * step_s;
    points.push([t, level + (spec.shape ? spec.shape(i, t) : 0) + noise * normal()]);
  }
  return points;
}

/** A step of `height` from sample `at` on. */
export const step =
  (at: number, height: number) =>
  (i: number): number =>
    i >= at ? height : 0;

/** A linear ramp from sample `at` rising `perSample` each sample. */
export const ramp =
  (at: number, perSample: number) =>
  (i: number): number =>
    i >= at ? (i - at) * perSample : 0;

/** A single-sample excursion of `height` at sample `at`. */
export const blip =
  (at: number, height: number) =>
  (i: number): number =>
    i === at ? height : 0;

/** A daily sinusoid of the given amplitude. */
export const daily =
  (amplitude: number) =>
  (_i: number, t: number): number =>
    amplitude * Math.sin((2 * Math.PI * (t % 86_400)) / 86_400);
