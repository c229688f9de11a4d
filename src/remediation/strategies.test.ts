import { describe, expect, it } from 'vitest';
import { CAUSE_KINDS, KNOWN_MECHANISMS, STRATEGIES, type Strategy } from '../core/index.js';
import { assessRisk, scoreOf } from './risk.js';
import { baseRiskOf, candidateStrategies, STRATEGY_SPECS, treatmentOf } from './strategies.js';
import { SuccessModel } from './success-model.js';

describe('STRATEGY_SPECS', () => {
  it('declares, for every strategy, steps with durations, exactly one apply step, verification and undo', () => {
    for (const strategy of STRATEGIES) {
      const spec = STRATEGY_SPECS[strategy];
      expect(spec.strategy).toBe(strategy);
      expect(spec.verification.deadline_s).toBeGreaterThan(0);
      if (strategy === 'none') continue;
      expect(spec.steps.filter((s) => s.kind === 'apply')).toHaveLength(1);
      for (const s of spec.steps) expect(s.duration_s).toBeGreaterThan(0);
      expect(spec.undo.length).toBeGreaterThan(0);
      expect(spec.treats.length).toBeGreaterThan(0);
    }
  });

  it('orders action classes from a reversible config change up to a failover', () => {
    const order = [
      'scale_up',
      'config_revert',
      'rollback',
      'circuit_breaker',
      'restart',
      'shed_load',
      'failover',
    ] as const;
    const risks = order.map((s) => baseRiskOf(s));
    expect([...risks].sort((a, b) => a - b)).toEqual(risks);
    expect(baseRiskOf('none')).toBe(0);
  });

  it('prefers a mechanism-specific treatment over the generic one', () => {
    expect(treatmentOf('restart', 'resource_exhaustion', 'memory_leak')?.preference).toBe(1);
    expect(treatmentOf('restart', 'resource_exhaustion', 'cpu_saturation')?.preference).toBe(2);
    expect(treatmentOf('failover', 'config_change', 'error_spike')).toBeUndefined();
  });
});

describe('candidateStrategies', () => {
  it.each([
    ['deployment_regression', 'error_spike', ['rollback', 'restart']],
    ['config_change', 'connection_pool_exhaustion', ['config_revert', 'scale_up']],
    ['traffic_surge', 'cpu_saturation', ['scale_up', 'shed_load']],
    ['resource_exhaustion', 'memory_leak', ['restart', 'scale_up']],
    ['resource_exhaustion', 'crash_loop', ['restart', 'scale_up']],
    ['resource_exhaustion', 'disk_full', ['scale_up', 'restart']],
    ['resource_exhaustion', 'error_spike', ['scale_up', 'restart']],
    ['dependency_failure', 'latency_degradation', ['circuit_breaker', 'shed_load']],
    ['infrastructure_failure', 'error_spike', ['failover', 'restart']],
    ['unknown', 'error_spike', ['none']],
  ] as const)('%s (%s) → %j', (cause, mechanism, expected) => {
    expect(candidateStrategies(cause, mechanism)).toEqual(expected);
  });

  it('lets the first preference win on score with the default priors, even at the worst risk terms', () => {
    const model = new SuccessModel();
    for (const cause of CAUSE_KINDS) {
      for (const mechanism of KNOWN_MECHANISMS) {
        const [first, ...rest] = candidateStrategies(cause, mechanism);
        if (first === 'none') continue;
        const score = (s: Strategy, worst: boolean) =>
          scoreOf(
            model.predict(s, cause, mechanism),
            assessRisk({
              strategy: s,
              criticality: 'critical',
              blastRadius: worst ? 10 : 1,
              replicas: worst ? 20 : 1,
              confidence: 0.8,
              freeze: 'none',
              unverifiedPreconditions: worst ? 2 : 0,
            }).risk,
          );
        for (const other of rest)
          expect(score(first, true), `${cause}/${mechanism}: ${first} vs ${other}`).toBeGreaterThan(
            score(other, false),
          );
      }
    }
  });
});
