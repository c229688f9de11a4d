import { describe, expect, it } from 'vitest';
import { type Cause, type Finding, RemediationPlanSchema, type Strategy } from '../core/index.js';
import { changeFinding, hypothesis, metricAnomaly, T0, topologyOf } from '../reasoning/testing/findings.js';
import { RemediationEngine } from './planner.js';

const topology = topologyOf(['web>api', 'api>db'], {
  api: { criticality: 'medium', replicas: 3 },
  db: { criticality: 'critical' },
  web: { criticality: 'low' },
});

function plan(
  cause: Cause,
  mechanism: string,
  findings: Finding[] = [],
  extra: { service?: string; confidence?: number; blastRadius?: string[] } = {},
) {
  return new RemediationEngine().plan({
    hypothesis: hypothesis({ service: extra.service ?? 'api', cause, mechanism }),
    confidence: extra.confidence ?? 0.8,
    blastRadius: extra.blastRadius ?? [extra.service ?? 'api'],
    topology,
    findings,
    incidentId: 'INC-1',
  });
}

describe('RemediationEngine.plan: strategy per cause', () => {
  const cases: [Cause, string, Finding[], Strategy][] = [
    ['deployment_regression', 'error_spike', [changeFinding('api', T0 - 60)], 'rollback'],
    [
      'config_change',
      'connection_pool_exhaustion',
      [changeFinding('api', T0 - 60, { change_kind: 'config' })],
      'config_revert',
    ],
    ['traffic_surge', 'cpu_saturation', [], 'scale_up'],
    ['resource_exhaustion', 'memory_leak', [], 'restart'],
    ['resource_exhaustion', 'crash_loop', [], 'restart'],
    ['resource_exhaustion', 'cpu_saturation', [], 'scale_up'],
    ['resource_exhaustion', 'disk_full', [], 'scale_up'],
    ['dependency_failure', 'latency_degradation', [], 'circuit_breaker'],
    ['infrastructure_failure', 'error_spike', [], 'failover'],
  ];
  for (const [cause, mechanism, findings, strategy] of cases) {
    it(`${cause} (${mechanism}) → ${strategy}`, () => {
      const result = plan(cause, mechanism, findings);
      expect(result.strategy).toBe(strategy);
      expect(result.target).toBe('api');
      expect(() => RemediationPlanSchema.parse(result)).not.toThrow();
    });
  }

  it('plans nothing for an unknown cause', () => {
    const result = plan('unknown', 'error_spike');
    expect(result.strategy).toBe('none');
    expect(result.steps).toEqual([]);
  });

  it('plans nothing without a hypothesis', () => {
    const result = new RemediationEngine().plan({
      hypothesis: null,
      confidence: 0,
      blastRadius: [],
      topology,
      findings: [],
      incidentId: 'INC-1',
    });
    expect(result).toMatchObject({ strategy: 'none', target: null, risk_level: 0, steps: [] });
    expect(result.rationale).toMatch(/no credible root cause/);
  });
});

describe('RemediationEngine.plan: preconditions', () => {
  it('rolls back to the previous version of the latest deploy of the target', () => {
    const result = plan('deployment_regression', 'error_spike', [
      changeFinding('api', T0 - 3600, { version: 'v1', previous_version: 'v0' }),
      changeFinding('api', T0 - 60, { version: 'v2', previous_version: 'v1' }),
      changeFinding('web', T0 - 30, { version: 'w9', previous_version: 'w8' }),
    ]);
    expect(result.strategy).toBe('rollback');
    const apply = result.steps.find((s) => s.strategy === 'rollback');
    expect(apply?.params).toEqual({ to_version: 'v1', from_version: 'v2' });
    expect(result.alternatives.map((a) => a.strategy)).toContain('restart');
  });

  it('rolls back the latest deploy by time, whatever the findings order', () => {
    const result = plan('deployment_regression', 'error_spike', [
      changeFinding('api', T0 - 60, { version: 'v2', previous_version: 'v1' }),
      changeFinding('api', T0 - 3600, { version: 'v1', previous_version: 'v0' }),
    ]);
    expect(result.steps.find((s) => s.strategy === 'rollback')?.params).toEqual({
      to_version: 'v1',
      from_version: 'v2',
    });
  });

  it('falls back from rollback when the target has no deploy, and says why', () => {
    const result = plan('deployment_regression', 'error_spike', [
      changeFinding('web', T0 - 60),
      changeFinding('api', T0 - 60, { change_kind: 'config' }),
    ]);
    expect(result.strategy).toBe('restart');
    const rollback = result.alternatives.find((a) => a.strategy === 'rollback');
    expect(rollback?.reason).toMatch(/no deploy/);
    expect(result.rationale).toMatch(/rollback not possible/);
  });

  it('needs config history for a config revert', () => {
    const without = plan('config_change', 'connection_pool_exhaustion', [changeFinding('api', T0 - 60)]);
    expect(without.strategy).toBe('scale_up');
    expect(without.alternatives.find((a) => a.strategy === 'config_revert')?.reason).toMatch(/config/);
    const flag = plan('config_change', 'error_spike', [
      changeFinding('api', T0 - 60, { change_kind: 'feature_flag', description: 'new-checkout on' }),
    ]);
    expect(flag.strategy).toBe('config_revert');
    expect(flag.steps.find((s) => s.strategy === 'config_revert')?.params).toMatchObject({
      change: 'new-checkout on',
    });
  });
});

describe('RemediationEngine.plan: risk, steps and rollback plan', () => {
  it('keeps risk within 0..1, higher with lower confidence', () => {
    const sure = plan('traffic_surge', 'cpu_saturation', [], { confidence: 0.95 });
    const unsure = plan('traffic_surge', 'cpu_saturation', [], { confidence: 0.3 });
    expect(unsure.risk_level).toBeGreaterThan(sure.risk_level);
    for (const p of [sure, unsure]) {
      expect(p.risk_level).toBeGreaterThanOrEqual(0);
      expect(p.risk_level).toBeLessThanOrEqual(1);
    }
  });

  it('rates a more critical target as riskier', () => {
    const low = plan('infrastructure_failure', 'error_spike', [], { service: 'web' });
    const critical = plan('infrastructure_failure', 'error_spike', [], { service: 'db' });
    expect(critical.risk_level).toBeGreaterThan(low.risk_level);
    expect(critical.risk_level).toBeLessThanOrEqual(1);
  });

  it('rates a wider blast radius as riskier', () => {
    const narrow = plan('traffic_surge', 'cpu_saturation', [], { blastRadius: ['api'] });
    const wide = plan('traffic_surge', 'cpu_saturation', [], { blastRadius: ['api', 'web', 'db', 'x'] });
    expect(wide.risk_level).toBeGreaterThan(narrow.risk_level);
  });

  it('gives every step a duration and sums them', () => {
    const result = plan('deployment_regression', 'error_spike', [changeFinding('api', T0 - 60)]);
    expect(result.steps.length).toBeGreaterThan(1);
    for (const step of result.steps) {
      expect(step.estimated_duration_s).toBeGreaterThan(0);
      expect(step.target).toBe('api');
      expect(step.description).toContain('api');
      expect(step.id).toMatch(/^INC-1-s\d+$/);
    }
    expect(result.estimated_duration_s).toBe(
      result.steps.reduce((sum, s) => sum + s.estimated_duration_s, 0),
    );
    expect(result.actions).toHaveLength(result.steps.length);
    expect(result.actions[0]).toMatch(/\(\d+s\)$/);
    // Only the apply step carries the strategy; checks are 'none'.
    expect(result.steps.filter((s) => s.strategy === 'rollback')).toHaveLength(1);
    expect(result.rollback_plan.length).toBeGreaterThan(0);
    expect(result.rollback_plan[0]).toContain('api');
    expect(result.verification?.deadline_s).toBeGreaterThanOrEqual(result.estimated_duration_s);
  });

  it('verifies the metrics that deviated upwards on the target and the blast radius', () => {
    const result = plan(
      'traffic_surge',
      'cpu_saturation',
      [
        metricAnomaly('api'),
        metricAnomaly('api', { metric: 'cpu', signal: 'cpu' }),
        metricAnomaly('web', { metric: 'latency_p99', signal: 'latency' }),
        metricAnomaly('api', { metric: 'rps', signal: 'traffic', direction: 'down' }),
        metricAnomaly('search', { metric: 'error_rate' }),
      ],
      { blastRadius: ['api', 'web'] },
    );
    const keys = result.verification?.signals.map((s) => `${s.service}|${s.metric}`).sort();
    expect(keys).toEqual(['api|cpu', 'api|error_rate', 'web|latency_p99']);
  });

  it('verifies a circuit breaker on the callers, not on the broken dependency', () => {
    const result = plan('dependency_failure', 'error_spike', [metricAnomaly('web'), metricAnomaly('api')], {
      blastRadius: ['api', 'web'],
    });
    expect(result.verification?.signals).toEqual([{ service: 'web', metric: 'error_rate' }]);
  });
});
