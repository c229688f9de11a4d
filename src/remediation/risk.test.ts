import { describe, expect, it } from 'vitest';
import { assessRisk, type RiskInput, scoreOf } from './risk.js';

const base: RiskInput = {
  strategy: 'config_revert',
  criticality: 'medium',
  blastRadius: 1,
  replicas: 3,
  confidence: 0.9,
  freeze: 'none',
  unverifiedPreconditions: 0,
};

describe('assessRisk', () => {
  it('adds named terms: class, criticality, blast radius, replicas, freeze, confidence, unverified', () => {
    const r = assessRisk(base);
    expect(r.factors).toEqual({
      class: 0.15,
      criticality: 0.05,
      blast_radius: 0,
      replicas: 0,
      freeze: 0,
      confidence: 0.02,
      unverified: 0,
    });
    expect(r.risk).toBeCloseTo(0.22, 10);
  });

  it('grows with each factor', () => {
    const r0 = assessRisk(base).risk;
    expect(assessRisk({ ...base, strategy: 'failover' }).risk).toBeGreaterThan(r0);
    expect(assessRisk({ ...base, criticality: 'critical' }).risk).toBeGreaterThan(r0);
    expect(assessRisk({ ...base, blastRadius: 5 }).risk).toBeGreaterThan(r0);
    expect(assessRisk({ ...base, freeze: 'soon' }).risk).toBeGreaterThan(r0);
    expect(assessRisk({ ...base, freeze: 'inside' }).risk).toBeGreaterThan(
      assessRisk({ ...base, freeze: 'soon' }).risk,
    );
    expect(assessRisk({ ...base, confidence: 0.3 }).risk).toBeGreaterThan(r0);
    expect(assessRisk({ ...base, unverifiedPreconditions: 2 }).risk).toBeGreaterThan(r0);
  });

  it('counts replicas only for strategies that replace pods', () => {
    expect(assessRisk({ ...base, strategy: 'restart', replicas: 12 }).factors.replicas).toBeCloseTo(0.12, 10);
    expect(assessRisk({ ...base, strategy: 'restart', replicas: 100 }).factors.replicas).toBe(0.2);
    expect(assessRisk({ ...base, replicas: 100 }).factors.replicas).toBe(0);
  });

  it('stays within 0..1', () => {
    const worst = assessRisk({
      strategy: 'failover',
      criticality: 'critical',
      blastRadius: 50,
      replicas: 100,
      confidence: 0,
      freeze: 'inside',
      unverifiedPreconditions: 5,
    });
    expect(worst.risk).toBe(1);
    expect(assessRisk({ ...base, strategy: 'none', criticality: 'low', confidence: 1 }).risk).toBe(0);
  });

  it('scores predicted success discounted by half the risk', () => {
    expect(scoreOf(0.8, 0.5)).toBeCloseTo(0.6, 10);
    expect(scoreOf(0.8, 0)).toBe(0.8);
  });
});
