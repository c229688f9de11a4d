import { describe, expect, it } from 'vitest';
import { CAUSE_KINDS, type Cause } from '../core/index.js';
import { DEFAULT_PRIORS, priorsFromHistory } from './priors.js';

const sum = (record: Record<Cause, number>) => CAUSE_KINDS.reduce((total, c) => total + record[c], 0);

describe('priorsFromHistory', () => {
  it('defaults sum to one', () => {
    expect(sum(DEFAULT_PRIORS.cause)).toBeCloseTo(1, 10);
  });

  it('equals the defaults without history', () => {
    const priors = priorsFromHistory({}, 0, 0);
    for (const cause of CAUSE_KINDS) expect(priors.cause[cause]).toBeCloseTo(DEFAULT_PRIORS.cause[cause], 10);
    expect(priors.none).toBeCloseTo(DEFAULT_PRIORS.none, 10);
  });

  it('moves towards observed counts without reaching them, and still sums to one', () => {
    const priors = priorsFromHistory({ traffic_surge: 40, config_change: 10 }, 10, 60, 20);
    // (40 + 20·0.1) / (50 + 20)
    expect(priors.cause.traffic_surge).toBeCloseTo(42 / 70, 10);
    expect(priors.cause.traffic_surge).toBeGreaterThan(DEFAULT_PRIORS.cause.traffic_surge);
    expect(priors.cause.traffic_surge).toBeLessThan(40 / 50);
    // Causes never seen lose share but keep some.
    expect(priors.cause.deployment_regression).toBeLessThan(DEFAULT_PRIORS.cause.deployment_regression);
    expect(priors.cause.deployment_regression).toBeGreaterThan(0);
    expect(sum(priors.cause)).toBeCloseTo(1, 10);
    // (10 + 20·0.2) / (60 + 20)
    expect(priors.none).toBeCloseTo(14 / 80, 10);
  });

  it('a larger alpha keeps priors closer to the defaults', () => {
    const weak = priorsFromHistory({ traffic_surge: 10 }, 0, 10, 5);
    const strong = priorsFromHistory({ traffic_surge: 10 }, 0, 10, 200);
    const shift = (p: number) => Math.abs(p - DEFAULT_PRIORS.cause.traffic_surge);
    expect(shift(strong.cause.traffic_surge)).toBeLessThan(shift(weak.cause.traffic_surge));
  });

  it('stays finite when false alarms exceed the total', () => {
    const priors = priorsFromHistory({}, 10, 5);
    for (const cause of CAUSE_KINDS) expect(Number.isFinite(priors.cause[cause])).toBe(true);
    expect(priors.none).toBeGreaterThan(0);
    expect(priors.none).toBeLessThanOrEqual(1);
  });
});
