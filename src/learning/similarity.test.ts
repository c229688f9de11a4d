import { describe, expect, it } from 'vitest';
import { changeFinding, logPattern, metricAnomaly, T0 } from '../reasoning/testing/findings.js';
import { fingerprintOf } from './fingerprint.js';
import { fingerprintSimilarity, weightedJaccard } from './similarity.js';

describe('fingerprintOf', () => {
  it('keeps services, the metric signature, error or novel templates and change kinds, by strength', () => {
    const fp = fingerprintOf('checkout', [
      metricAnomaly('payment', { strength: 0.8 }),
      metricAnomaly('payment', { metric: 'latency_p99', signal: 'latency', strength: 0.6 }),
      metricAnomaly('db', { metric: 'cpu', signal: 'cpu', direction: 'down', strength: 0.9 }),
      logPattern('payment', { template: 'pool exhausted after <*> ms', level: 'error', strength: 0.7 }),
      logPattern('payment', { template: 'GET /health <*>', level: 'info', novel: false, strength: 0.9 }),
      changeFinding('payment', T0 - 600, { change_kind: 'config', suspicion: 0.9 }),
    ]);
    expect(fp.services).toEqual({ checkout: 1, payment: 0.8, db: 0.9 });
    expect(fp.metrics).toEqual({
      'payment|errors|up': 0.8,
      'payment|latency|up': 0.6,
      'db|cpu|down': 0.9,
    });
    expect(fp.templates).toEqual({ 'payment|pool exhausted after <*> ms': 0.7 });
    expect(fp.changes).toEqual({ 'payment|config': 0.9 });
  });

  it('leaves out weak findings: noise differs between occurrences of the same fault', () => {
    const fp = fingerprintOf('checkout', [
      metricAnomaly('db', { strength: 0.5 }),
      logPattern('db', { template: 'slow query <*>', level: 'error', strength: 0.5 }),
      changeFinding('db', T0 - 600, { suspicion: 0.2 }),
    ]);
    expect(fp).toEqual({ services: { checkout: 1 }, templates: {}, metrics: {}, changes: {} });
  });
});

describe('similarity', () => {
  it('weighted Jaccard: Σ min / Σ max over the union of keys', () => {
    expect(weightedJaccard({ a: 1, b: 0.5 }, { a: 0.5, c: 0.5 })).toBeCloseTo(0.5 / 2, 10);
    expect(weightedJaccard({}, {})).toBe(0);
  });

  it('is 1 for the same incident, 0 for unrelated ones, and skips facets empty in both', () => {
    const findings = [metricAnomaly('payment'), logPattern('payment', { template: 'timeout <*>' })];
    const a = fingerprintOf('checkout', findings);
    expect(fingerprintSimilarity(a, fingerprintOf('checkout', findings))).toBeCloseTo(1, 10);
    const other = fingerprintOf('search', [metricAnomaly('index', { signal: 'cpu', metric: 'cpu' })]);
    expect(fingerprintSimilarity(a, other)).toBe(0);
    // No changes in either: the changes facet says nothing, so it does not dilute the score.
    const withChange = fingerprintOf('checkout', [...findings, changeFinding('payment', T0 - 60)]);
    expect(fingerprintSimilarity(a, withChange)).toBeLessThan(1);
    expect(fingerprintSimilarity(a, withChange)).toBeCloseTo((0.3 + 0.2 + 0.35) / 1, 10);
  });

  it('is symmetric and partial when the signature overlaps', () => {
    const a = fingerprintOf('checkout', [metricAnomaly('payment'), metricAnomaly('checkout')]);
    const b = fingerprintOf('checkout', [metricAnomaly('payment'), metricAnomaly('cart')]);
    const ab = fingerprintSimilarity(a, b);
    expect(ab).toBeCloseTo(fingerprintSimilarity(b, a), 12);
    expect(ab).toBeGreaterThan(0.3);
    expect(ab).toBeLessThan(0.8);
  });
});
