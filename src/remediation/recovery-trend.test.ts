import { describe, expect, it } from 'vitest';
import type { Point } from '../core/index.js';
import { driftBack } from './recovery-trend.js';

const T0 = 1_700_000_000;
/** Memory utilisation: baseline 0.5, the incident took it to 0.95; within 0.1125 counts as recovered. */
const band = { baseline: 0.5, peak: 0.95, allowance: 0.1125 };

/** Nine samples, 15 s apart, over the last two minutes. */
function series(value: (i: number) => number): Point[] {
  return Array.from({ length: 9 }, (_, i) => [T0 + 15 * i, value(i)]);
}

/** Deterministic noise in [-1, 1]. */
const noise = (i: number) => Math.sin(i * 12.9898) * 0.999;

describe('driftBack', () => {
  it('finds a reset heap climbing back: in the band now, out of it within the horizon', () => {
    // 0.03 of the limit per minute, as a leak after a restart.
    const climbing = series((i) => 0.52 + 0.0075 * i + 0.0005 * noise(i));
    const drift = driftBack(climbing, band, 120);
    expect(drift).not.toBeNull();
    expect(drift?.rate_per_s).toBeCloseTo(0.0005, 4);
    expect(drift?.now).toBeCloseTo(0.58, 2);
    expect(drift?.projected).toBeCloseTo(0.64, 2);
    expect(drift?.projected).toBeGreaterThan(band.baseline + band.allowance);
  });

  it('lets a flat, noisy recovery hold', () => {
    expect(
      driftBack(
        series((i) => 0.5 + 0.03 * noise(i)),
        band,
        120,
      ),
    ).toBeNull();
  });

  it('lets a zig-zag rise hold: a trend, but not a steady climb (tau below 0.8)', () => {
    const zigzag = [0.55, 0.57, 0.56, 0.59, 0.58, 0.61, 0.6, 0.63, 0.62];
    expect(
      driftBack(
        series((i) => zigzag[i]),
        band,
        120,
      ),
    ).toBeNull();
  });

  it('lets a one-off step inside the band hold: the rise is not above the scatter', () => {
    const step = [0.5, 0.5005, 0.501, 0.58, 0.5805, 0.581, 0.582, 0.5825, 0.583];
    expect(
      driftBack(
        series((i) => step[i]),
        band,
        120,
      ),
    ).toBeNull();
  });

  it('lets a slow steady climb that stays inside the band within the horizon hold', () => {
    expect(
      driftBack(
        series((i) => 0.5 + 0.0005 * i),
        band,
        120,
      ),
    ).toBeNull();
  });

  it('ignores a trend towards the good side', () => {
    expect(
      driftBack(
        series((i) => 0.6 - 0.0075 * i),
        band,
        120,
      ),
    ).toBeNull();
  });

  it('judges a "down" signal from below: throughput sliding back down', () => {
    const throughput = { baseline: 100, peak: 20, allowance: 20 };
    const sliding = series((i) => 95 - 2 * i);
    expect(driftBack(sliding, throughput, 120)?.projected).toBeLessThan(80);
    expect(
      driftBack(
        series((i) => 95 + 2 * i),
        throughput,
        120,
      ),
    ).toBeNull();
  });

  it('says nothing from too few samples, bad values or a zero horizon', () => {
    const climbing = series((i) => 0.52 + 0.0075 * i);
    expect(driftBack(climbing.slice(0, 4), band, 120)).toBeNull();
    expect(driftBack([...climbing.slice(0, 4), [T0 + 60, Number.NaN]], band, 120)).toBeNull();
    expect(driftBack(climbing, band, 0)).toBeNull();
    expect(driftBack(climbing, { ...band, peak: band.baseline }, 120)).toBeNull();
  });
});
