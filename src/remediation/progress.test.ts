import { describe, expect, it } from 'vitest';
import type { VerificationResult } from '../core/index.js';
import { degradedSignals, normalisedDeviation, resolutionOf } from './progress.js';

type Sig = VerificationResult['signals'][number];
const sig = (metric: string, after: number | null, recovered = false): Sig => ({
  service: 'api',
  metric,
  baseline: 0.01,
  before: 0.21, // peak: deviation 0.2
  after,
  recovered,
});
const result = (
  signals: Sig[],
  outcome: VerificationResult['outcome'] = 'not_recovered',
): VerificationResult => ({
  outcome,
  checked_at: 0,
  detail: '',
  signals,
});

describe('progress', () => {
  it('measures deviation on the bad side only, in units of the anomaly', () => {
    expect(normalisedDeviation(sig('e', 0.21))).toBeCloseTo(1, 10);
    expect(normalisedDeviation(sig('e', 0.11))).toBeCloseTo(0.5, 10);
    expect(normalisedDeviation(sig('e', 0))).toBe(0);
    expect(normalisedDeviation(sig('e', null))).toBeNull();
    const down: Sig = {
      service: 'api',
      metric: 'rps',
      baseline: 100,
      before: 20,
      after: 60,
      recovered: false,
    };
    expect(normalisedDeviation(down)).toBeCloseTo(0.5, 10);
  });

  it('calls degraded only what is worse than twice the worst before the action', () => {
    const before = result([sig('a', 0.11), sig('b', 0.21)]);
    // a: 0.35 (1.7 × the anomaly) is worse than before but within twice the peak: not degraded.
    expect(degradedSignals(before, result([sig('a', 0.35), sig('b', 0.21)]))).toEqual([]);
    expect(degradedSignals(before, result([sig('a', 0.5), sig('b', 0.21)]))).toEqual(['api a']);
    expect(degradedSignals(before, result([sig('a', null), sig('b', 0.9)]))).toEqual(['api b']);
  });

  it('classifies the end state: resolved, partially resolved, not resolved', () => {
    const before = result([sig('a', 0.21), sig('b', 0.21)]);
    expect(resolutionOf(result([sig('a', 0.01, true)], 'recovered'), before)).toBe('resolved');
    expect(resolutionOf(result([sig('a', 0.01, true), sig('b', 0.21)]), before)).toBe('partially_resolved');
    expect(resolutionOf(result([sig('a', 0.09), sig('b', 0.09)]), before)).toBe('partially_resolved');
    expect(resolutionOf(result([sig('a', 0.15), sig('b', 0.15)]), before)).toBe('not_resolved');
    expect(resolutionOf(result([sig('a', 0.09)]), null)).toBe('not_resolved');
    expect(resolutionOf(result([sig('a', null)], 'no_data'), before)).toBe('not_resolved');
  });
});
