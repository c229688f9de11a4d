import { describe, expect, it } from 'vitest';
import {
  type Actuator,
  type Cause,
  type Finding,
  failure,
  type Outcome,
  ok,
  RemediationPlanSchema,
  type Strategy,
} from '../core/index.js';
import { changeFinding, hypothesis, metricAnomaly, T0, topologyOf } from '../reasoning/testing/findings.js';
import { RemediationEngine } from './planner.js';
import { SuccessModel } from './success-model.js';

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
    const apply = result.steps.find((s) => s.kind === 'apply');
    expect(apply?.params).toEqual({
      to_version: 'v1',
      from_version: 'v2',
      progressive: { canary: 1, watch_s: 120 },
    });
    expect(result.alternatives.map((a) => a.strategy)).toContain('restart');
  });

  it('rolls back the latest deploy by time, whatever the findings order', () => {
    const result = plan('deployment_regression', 'error_spike', [
      changeFinding('api', T0 - 60, { version: 'v2', previous_version: 'v1' }),
      changeFinding('api', T0 - 3600, { version: 'v1', previous_version: 'v0' }),
    ]);
    expect(result.steps.find((s) => s.kind === 'apply')?.params).toMatchObject({
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
    expect(flag.steps.find((s) => s.kind === 'apply')?.params).toMatchObject({
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
    // Every step carries its strategy; exactly one applies it.
    expect(result.steps.every((s) => s.strategy === 'rollback' && s.chain_index === 0)).toBe(true);
    expect(result.steps.map((s) => s.kind)).toEqual(['check', 'apply', 'verify']);
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

describe('RemediationEngine.plan: choice, scores and rationale', () => {
  it('lists every alternative with its score and says why the chosen one won', () => {
    const result = plan('deployment_regression', 'error_spike', [changeFinding('api', T0 - 60)]);
    expect(result.score).toBeGreaterThan(0);
    const restart = result.alternatives.find((a) => a.strategy === 'restart');
    expect(restart).toMatchObject({ feasible: true });
    expect(restart?.score).toBeLessThan(result.score ?? 0);
    expect(restart?.reason).toMatch(/ranked below rollback: score/);
    expect(result.rationale).toMatch(
      /^rollback treats deployment regression \(error spike\) on api: predicted success 0\.85/,
    );
    expect(result.rationale).toMatch(/chosen over restart 0\.\d\d/);
    expect(result.confidence).toBe(0.8);
    expect(result.risk_factors).toMatchObject({ class: 0.2, criticality: 0.05 });
  });

  it('learns from history: after repeated failures, the fallback wins', () => {
    const model = new SuccessModel();
    for (let i = 0; i < 30; i++) model.record('restart', 'resource_exhaustion', 'memory_leak', false);
    const result = new RemediationEngine(model).plan({
      hypothesis: hypothesis({ service: 'api', cause: 'resource_exhaustion', mechanism: 'memory_leak' }),
      confidence: 0.9,
      blastRadius: ['api'],
      topology,
      findings: [],
      incidentId: 'INC-1',
    });
    expect(result.strategy).toBe('scale_up');
    expect(result.alternatives.find((a) => a.strategy === 'restart')?.predicted_success_rate).toBeLessThan(
      0.2,
    );
  });

  it('rates a plan during or just before a change freeze as riskier', () => {
    const input = {
      hypothesis: hypothesis({ service: 'api', cause: 'traffic_surge', mechanism: 'cpu_saturation' }),
      confidence: 0.9,
      blastRadius: ['api'],
      topology,
      findings: [],
      incidentId: 'INC-1',
    };
    const freezeWindows = [{ start: T0 + 100, end: T0 + 3600 }];
    const engine = new RemediationEngine(new SuccessModel(), { freezeWindows, now: () => T0 });
    const free = new RemediationEngine().plan({ ...input, now: T0 });
    const soon = engine.plan(input);
    const inside = engine.plan({ ...input, now: T0 + 200 });
    expect(soon.risk_factors?.freeze).toBe(0.15);
    expect(inside.risk_factors?.freeze).toBe(0.3);
    expect(inside.risk_level).toBeGreaterThan(soon.risk_level);
    expect(soon.risk_level).toBeGreaterThan(free.risk_level);
  });

  it('marks apply steps of progressive strategies for a canary when there is more than one replica', () => {
    const single = topologyOf(['web>api'], { api: { replicas: 1, namespace: 'shop' } });
    const result = new RemediationEngine().plan({
      hypothesis: hypothesis({ service: 'api', cause: 'deployment_regression', mechanism: 'error_spike' }),
      confidence: 0.9,
      blastRadius: ['api'],
      topology: single,
      findings: [changeFinding('api', T0 - 60)],
      incidentId: 'INC-1',
    });
    const apply = result.steps.find((s) => s.kind === 'apply');
    expect(apply?.params.progressive).toBeUndefined();
    expect(apply?.params.namespace).toBe('shop');
  });
});

describe('RemediationEngine.plan: chained plans', () => {
  const withDb = topologyOf(['web>api', 'api>pg'], { pg: { tier: 'database' }, api: { replicas: 3 } });
  const input = (mechanism: string, topo = withDb) => ({
    hypothesis: hypothesis({ service: 'api', cause: 'config_change', mechanism }),
    confidence: 0.9,
    blastRadius: ['api', 'web'],
    topology: topo,
    findings: [
      changeFinding('api', T0 - 60, { change_kind: 'config', description: 'pool 16 -> 2' }),
      metricAnomaly('api'),
      metricAnomaly('pg', { metric: 'latency_p99', signal: 'latency' }),
    ],
    incidentId: 'INC-1',
  });

  it('reverts the config, then scales the database if the pool still saturates (the seed use case)', () => {
    const result = new RemediationEngine().plan(input('connection_pool_exhaustion'));
    expect(result.strategy).toBe('config_revert');
    expect(result.chain?.map((l) => [l.strategy, l.target, l.when])).toEqual([
      ['config_revert', 'api', 'always'],
      ['scale_up', 'pg', 'if_not_recovered'],
    ]);
    expect(result.steps.map((s) => [s.strategy, s.target, s.kind, s.chain_index])).toEqual([
      ['config_revert', 'api', 'check', 0],
      ['config_revert', 'api', 'apply', 0],
      ['config_revert', 'api', 'verify', 0],
      ['scale_up', 'pg', 'check', 1],
      ['scale_up', 'pg', 'apply', 1],
      ['scale_up', 'pg', 'verify', 1],
    ]);
    // The follow-up is judged on the primary's signals too.
    const followUp = result.chain?.[1].verification.signals.map((s) => `${s.service}|${s.metric}`);
    expect(followUp).toEqual(['api|error_rate', 'pg|latency_p99']);
    expect(result.actions[3]).toMatch(/^If not recovered: /);
    expect(result.rollback_plan).toEqual([
      'Scale pg back to its previous size',
      'Re-apply the reverted configuration of api',
    ]);
    // Only the unconditional link counts in the expected duration.
    expect(result.estimated_duration_s).toBe(95);
    expect(result.rationale).toMatch(/then, if not recovered: scale_up on pg/);
    expect(() => RemediationPlanSchema.parse(result)).not.toThrow();
  });

  it('chains nothing for other mechanisms, and says so when the topology names no datastore', () => {
    expect(new RemediationEngine().plan(input('error_spike')).chain).toHaveLength(1);
    const noDb = new RemediationEngine().plan(input('connection_pool_exhaustion', topologyOf(['web>api'])));
    expect(noDb.chain).toHaveLength(1);
    expect(noDb.rationale).toMatch(/no follow-up scale_up: no datastore of api/);
  });

  it('drops a follow-up whose preconditions fail on its target', () => {
    const result = new RemediationEngine().plan({
      ...input('connection_pool_exhaustion'),
      targetStates: { pg: { replicas: 3, max_replicas: 3 } },
    });
    expect(result.chain).toHaveLength(1);
    expect(result.rationale).toMatch(
      /scale_up on pg not possible: pg is already at its maximum of 3 replicas/,
    );
  });
});

describe('RemediationEngine.planWith: the actuator describes the targets', () => {
  function describing(
    states: Record<string, Outcome<Record<string, unknown>>>,
  ): Actuator & { asked: string[] } {
    const asked: string[] = [];
    return {
      id: 'fake',
      asked,
      supports: () => true,
      describe: async (target) => {
        asked.push(target);
        return states[target] ?? failure(`unknown service "${target}"`, { connector: 'fake', query: target });
      },
      plan: async () => failure('unused', { connector: 'fake', query: '' }),
      apply: async () => failure('unused', { connector: 'fake', query: '' }),
      undo: async () => failure('unused', { connector: 'fake', query: '' }),
    };
  }
  const src = { connector: 'fake', query: 'describe' };
  const input = {
    hypothesis: hypothesis({ service: 'api', cause: 'resource_exhaustion', mechanism: 'memory_leak' }),
    confidence: 0.9,
    blastRadius: ['api'],
    topology,
    findings: [],
    incidentId: 'INC-1',
  };
  const signal = new AbortController().signal;

  it('uses described replicas: a single replica rules out a rolling restart', async () => {
    const actuator = describing({ api: ok({ replicas: 1, max_replicas: 4 }, src), db: ok({}, src) });
    const result = await new RemediationEngine().planWith(input, actuator, { signal });
    expect(actuator.asked.sort()).toEqual(['api']);
    expect(result.strategy).toBe('scale_up');
    expect(result.alternatives.find((a) => a.strategy === 'restart')?.reason).toMatch(/would be an outage/);
    expect(result.steps.find((s) => s.kind === 'apply')?.params).toMatchObject({
      from_replicas: 1,
      to_replicas: 2,
    });
  });

  it('plans nothing for a target the actuator does not know', async () => {
    const result = await new RemediationEngine().planWith(input, describing({}), { signal });
    expect(result.strategy).toBe('none');
    expect(result.rationale).toMatch(/cannot describe api: unknown service "api"/);
  });

  it('ignores a retryable describe error (the plan notes unverified preconditions instead)', async () => {
    const actuator = describing({ api: failure('timeout', src, true) });
    const result = await new RemediationEngine().planWith(input, actuator, { signal });
    expect(result.strategy).toBe('restart');
  });
});
