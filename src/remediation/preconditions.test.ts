import { describe, expect, it } from 'vitest';
import { changeFinding, T0, topologyOf } from '../reasoning/testing/findings.js';
import { checkPreconditions, type PlanningFacts, PRECONDITIONS } from './preconditions.js';
import { STRATEGY_SPECS } from './strategies.js';

const topology = topologyOf(['web>api', 'api>db', 'api>stripe'], {
  api: { replicas: 3 },
  web: { replicas: 1 },
  db: { tier: 'database' },
  stripe: { tier: 'external' },
});

function facts(overrides: Partial<PlanningFacts> = {}): PlanningFacts {
  return { service: 'api', findings: [], topology, ...overrides };
}

describe('preconditions', () => {
  it('previous_revision: from the latest deploy, or from the actuator when no deploy is in the evidence', () => {
    const deploy = changeFinding('api', T0 - 60, { version: 'v2', previous_version: 'v1' });
    expect(PRECONDITIONS.previous_revision(facts({ findings: [deploy] }))).toMatchObject({
      status: 'met',
      params: { to_version: 'v1', from_version: 'v2' },
    });
    const described = facts({ state: { version: 'v9', previous_version: 'v8' } });
    expect(PRECONDITIONS.previous_revision(described)).toMatchObject({
      status: 'met',
      params: { to_version: 'v8', from_version: 'v9' },
    });
    expect(PRECONDITIONS.previous_revision(facts())).toMatchObject({ status: 'unmet', reason: /no deploy/ });
  });

  it('previous_revision: a first revision (the actuator knows no previous one) cannot be rolled back', () => {
    const deploy = changeFinding('api', T0 - 60, { version: 'v1', previous_version: undefined });
    const check = PRECONDITIONS.previous_revision(
      facts({ findings: [deploy], state: { previous_version: null } }),
    );
    expect(check).toMatchObject({ status: 'unmet', reason: /no previous version/ });
  });

  it('config_history: from a config or feature-flag change, or the described previous config', () => {
    const flag = changeFinding('api', T0 - 60, { change_kind: 'feature_flag', description: 'x on' });
    expect(PRECONDITIONS.config_history(facts({ findings: [flag] }))).toMatchObject({
      status: 'met',
      params: { change: 'x on' },
    });
    expect(
      PRECONDITIONS.config_history(facts({ state: { config_version: 'c2', previous_config_version: 'c1' } })),
    ).toMatchObject({
      status: 'met',
      params: { to_version: 'c1', from_version: 'c2' },
    });
    expect(PRECONDITIONS.config_history(facts())).toMatchObject({
      status: 'unmet',
      reason: /no config history/,
    });
  });

  it('scaling_headroom: HPA maximum and quota from the actuator; unknown without them', () => {
    expect(PRECONDITIONS.scaling_headroom(facts({ state: { replicas: 4, max_replicas: 10 } }))).toMatchObject(
      {
        status: 'met',
        params: { from_replicas: 4, to_replicas: 6 },
      },
    );
    expect(
      PRECONDITIONS.scaling_headroom(facts({ state: { replicas: 10, hpa_max_replicas: 10 } })),
    ).toMatchObject({
      status: 'unmet',
      reason: /maximum of 10/,
    });
    expect(PRECONDITIONS.scaling_headroom(facts({ state: { quota_headroom: 0 } }))).toMatchObject({
      status: 'unmet',
      reason: /quota/,
    });
    expect(PRECONDITIONS.scaling_headroom(facts()).status).toBe('unknown');
  });

  it('multiple_replicas: a rolling restart needs more than one replica', () => {
    expect(PRECONDITIONS.multiple_replicas(facts({ state: { replicas: 1 } }))).toMatchObject({
      status: 'unmet',
      reason: /1 replica\(s\): a rolling restart would be an outage/,
    });
    expect(PRECONDITIONS.multiple_replicas(facts()).status).toBe('met'); // topology: 3
    expect(PRECONDITIONS.multiple_replicas(facts({ service: 'web' })).status).toBe('unknown'); // 1 in a topology may be its default
  });

  it('has_callers, healthy_standby and not_external', () => {
    expect(PRECONDITIONS.has_callers(facts({ service: 'db' }))).toMatchObject({
      status: 'met',
      params: { callers: ['api'] },
    });
    expect(PRECONDITIONS.has_callers(facts({ service: 'web' })).status).toBe('unmet');
    expect(PRECONDITIONS.has_callers(facts({ topology: undefined })).status).toBe('unknown');
    expect(PRECONDITIONS.healthy_standby(facts({ state: { standby_available: false } })).status).toBe(
      'unmet',
    );
    expect(PRECONDITIONS.healthy_standby(facts({ state: { healthy_hosts: 2 } })).status).toBe('met');
    expect(PRECONDITIONS.healthy_standby(facts()).status).toBe('unknown');
    expect(PRECONDITIONS.not_external(facts({ service: 'stripe' }))).toMatchObject({
      status: 'unmet',
      reason: /external/,
    });
  });

  it('checkPreconditions: the first unmet decides; unknown ones are listed; params are merged', () => {
    expect(checkPreconditions(STRATEGY_SPECS.rollback, facts({ service: 'stripe' }))).toEqual({
      ok: false,
      reason: 'stripe is an external provider; it is not ours to change',
    });
    const scale = checkPreconditions(STRATEGY_SPECS.scale_up, facts());
    expect(scale).toEqual({ ok: true, params: {}, unverified: ['scaling headroom not verified'] });
  });
});
