import { describe, expect, it } from 'vitest';
import type { LogLevel, LogRecord } from '../../core/telemetry.js';
import { Rng } from '../../sim/random.js';
import { logVolumeAnomalies } from './log-volume.js';

const START = 1_772_366_400;
const MINUTE = 60;
const WINDOW = { start: START, end: START + 45 * MINUTE };
const BASELINE_END = START + 20 * MINUTE;

/**
 * `perMinute(minute)` lines a minute for one service over the window (Poisson around the
 * rate, seeded), spread evenly inside each minute.
 */
function service(
  name: string,
  perMinute: (minute: number) => number,
  rng: Rng,
  level: (minute: number) => LogLevel = () => 'info',
  minutes = 45,
): LogRecord[] {
  const lines: LogRecord[] = [];
  for (let m = 0; m < minutes; m++) {
    const n = rng.poisson(perMinute(m));
    for (let k = 0; k < n; k++) {
      lines.push({
        timestamp: START + m * MINUTE + ((k + 0.5) / n) * MINUTE,
        service: name,
        level: level(m),
        message: `${name} line ${m}.${k}`,
      });
    }
  }
  return lines;
}

const byTime = (lines: LogRecord[]) => lines.sort((a, b) => a.timestamp - b.timestamp);
const options = { window: WINDOW, baselineEnd: BASELINE_END };

describe('logVolumeAnomalies', () => {
  it('finds a service that goes silent while the others keep logging', () => {
    const rng = new Rng(1);
    const records = byTime([
      ...service('payment', (m) => (m < 30 ? 20 : 0), rng),
      ...service('checkout', () => 20, rng),
      ...service('search', () => 5, rng),
    ]);
    const found = logVolumeAnomalies(records, options);
    expect(found.map((a) => [a.service, a.direction])).toEqual([['payment', 'silence']]);
    const [silence] = found;
    expect(silence).toMatchObject({ start: START + 30 * MINUTE, end: WINDOW.end, count: 0, ongoing: true });
    expect(silence.expected).toBeCloseTo(15 * silence.expected_rate, 5);
    expect(silence.expected_rate).toBeGreaterThan(15);
    expect(silence.observed_rate).toBe(0);
    expect(silence.surprise).toBeGreaterThan(100);
    // The last words before it stopped.
    expect(silence.examples).toHaveLength(2);
    expect(silence.examples[1]).toMatch(/^payment line 29\.\d+$/);
  });

  it('finds a burst with its stretch, rates and examples (warnings and errors first)', () => {
    const rng = new Rng(2);
    const burst = (m: number) => m >= 25 && m < 30;
    const records = byTime([
      ...service(
        'checkout',
        (m) => (burst(m) ? 90 : 12),
        rng,
        (m) => (burst(m) ? 'error' : 'info'),
      ),
      ...service('payment', () => 20, rng),
    ]);
    const found = logVolumeAnomalies(records, options);
    expect(found.map((a) => [a.service, a.direction])).toEqual([['checkout', 'burst']]);
    const [b] = found;
    expect(b).toMatchObject({ start: START + 25 * MINUTE, end: START + 30 * MINUTE, ongoing: false });
    expect(b.observed_rate).toBeGreaterThan(70);
    expect(b.expected_rate).toBeGreaterThan(8);
    expect(b.expected_rate).toBeLessThan(16);
    expect(b.count).toBeGreaterThan(5 * 70);
    expect(b.examples).toEqual([
      expect.stringMatching(/^checkout line 25\./),
      expect.stringMatching(/^checkout line 25\./),
    ]);
  });

  it('reports a partial silence (a service that almost stopped) with its lines', () => {
    const rng = new Rng(3);
    const records = byTime([
      ...service('orders', (m) => (m >= 22 && m < 32 ? 1 : 30), rng),
      ...service('other', () => 30, rng),
    ]);
    const [silence] = logVolumeAnomalies(records, options);
    expect(silence).toMatchObject({ service: 'orders', direction: 'silence', ongoing: false });
    expect(silence.start).toBe(START + 22 * MINUTE);
    expect(silence.end).toBe(START + 32 * MINUTE);
    expect(silence.count).toBeGreaterThan(0);
    expect(silence.count).toBeLessThan(30);
  });

  it('does not take the end of the data, or a collection gap, for a silence', () => {
    const rng = new Rng(4);
    // Every service stops at minute 38 (the export ended early) and all dip at 26-28.
    const rate = (m: number) => (m >= 26 && m < 29 ? 0 : 20);
    const records = byTime([
      ...service('a', rate, rng, undefined, 38),
      ...service('b', rate, rng, undefined, 38),
      ...service('c', rate, rng, undefined, 38),
    ]);
    expect(logVolumeAnomalies(records, options)).toEqual([]);
  });

  it('stays quiet on steady noisy volume and on sparse services', () => {
    for (let seed = 10; seed < 30; seed++) {
      const rng = new Rng(seed);
      const records = byTime([
        ...service('steady', () => 40, rng),
        ...service('noisy', () => rng.range(5, 25), rng),
        ...service('sparse', () => 0.4, rng),
      ]);
      expect(logVolumeAnomalies(records, options)).toEqual([]);
    }
  });

  it('needs a baseline, lines in the window and a sane window', () => {
    const rng = new Rng(5);
    const records = byTime(service('payment', (m) => (m < 30 ? 20 : 0), rng));
    expect(logVolumeAnomalies(records, { ...options, baselineEnd: START + 3 * MINUTE })).toEqual([]);
    expect(logVolumeAnomalies([], options)).toEqual([]);
    expect(
      logVolumeAnomalies(records, { ...options, window: { start: WINDOW.end, end: WINDOW.start } }),
    ).toEqual([]);
    const outside = records.map((r) => ({ ...r, timestamp: r.timestamp + 10 * 3600 }));
    expect(logVolumeAnomalies(outside, options)).toEqual([]);
  });
});
