import { describe, expect, it } from 'vitest';
import type { PlanStep, Strategy } from '../core/index.js';
import {
  DEFAULT_POLICY,
  type GateRequest,
  type GateVerdict,
  type PolicyConfig,
  PolicyGate,
} from './policy-gate.js';
import { InMemoryServiceLock } from './service-lock.js';

const NOW = 1_700_000_000; // Tuesday 2023-11-14 22:13:20 UTC

function step(
  target = 'api',
  strategy: Strategy = 'restart',
  params: Record<string, unknown> = {},
): PlanStep {
  return { id: `s-${target}`, strategy, target, description: 'test', estimated_duration_s: 10, params };
}

function gate(overrides: Partial<PolicyConfig> = {}): PolicyGate {
  return new PolicyGate({ ...DEFAULT_POLICY, dryRun: false, ...overrides });
}

function check(
  g: PolicyGate,
  s: PlanStep,
  incidentId = 'INC-1',
  now = NOW,
  extra: Partial<GateRequest> = {},
) {
  return g.check({ step: s, incidentId, now, ...extra });
}

async function reasonOf(verdict: Promise<GateVerdict>): Promise<string> {
  const v = await verdict;
  return v.allowed ? '' : v.reason;
}

async function allowed(verdict: Promise<GateVerdict>): Promise<boolean> {
  return (await verdict).allowed;
}

describe('PolicyGate', () => {
  it('allows a permitted step and reports the dry-run setting', async () => {
    expect(await check(gate(), step())).toEqual({ allowed: true, dryRun: false });
    expect(await check(new PolicyGate(), step())).toEqual({ allowed: true, dryRun: true });
  });

  it('denies everything while the kill switch is on, and again after it is flipped back', async () => {
    const g = gate();
    g.setKillSwitch(true);
    expect(await reasonOf(check(g, step()))).toMatch(/kill switch/);
    g.setKillSwitch(false);
    expect(await allowed(check(g, step()))).toBe(true);
  });

  it('puts the kill switch before every other rule', async () => {
    const g = gate({ killSwitch: true, allowedStrategies: [], maxBlastRadiusReplicas: 0 });
    expect(await reasonOf(check(g, step(), 'INC-1', NOW, { replicas: 3 }))).toBe('kill switch is on');
  });

  it('denies strategies outside the allow-list', async () => {
    const g = gate({ allowedStrategies: ['rollback'] });
    expect(await reasonOf(check(g, step('api', 'failover')))).toMatch(/failover is not allowed/);
    expect(await allowed(check(g, step('api', 'rollback')))).toBe(true);
  });

  it('narrows the allow-list per environment and namespace, the most specific scope winning', async () => {
    const g = gate({
      environment: 'production',
      strategyScopes: [
        { environment: 'production', strategies: ['rollback', 'config_revert'] },
        { environment: 'production', namespace: 'payments', strategies: ['config_revert'] },
        { environment: 'staging', strategies: ['restart'] },
      ],
    });
    expect(await reasonOf(check(g, step('api', 'restart')))).toMatch(
      /restart is not allowed in environment production/,
    );
    expect(await allowed(check(g, step('api', 'rollback')))).toBe(true);
    const inPayments = step('pay', 'rollback', { namespace: 'payments' });
    expect(await reasonOf(check(g, inPayments))).toMatch(/namespace payments/);
    expect(await allowed(check(g, step('pay', 'config_revert', { namespace: 'payments' })))).toBe(true);
    // The request's environment overrides the policy's.
    expect(await allowed(check(g, step('api', 'restart'), 'INC-1', NOW, { environment: 'staging' }))).toBe(
      true,
    );
    // No scope matches: only the global list applies.
    expect(await allowed(check(g, step('api', 'restart'), 'INC-1', NOW, { environment: 'dev' }))).toBe(true);
  });

  it('checks confidence thresholds for autonomous and approved steps, not for overrides', async () => {
    const g = gate({ minConfidenceToAct: 0.8, minConfidenceWithApproval: 0.5 });
    const auto = { mode: 'autonomous' } as const;
    const approved = { mode: 'approved', by: 'alice' } as const;
    expect(await reasonOf(check(g, step(), 'INC-1', NOW, { confidence: 0.8, authorization: auto }))).toMatch(
      /confidence 0.80 is not above 0.8/,
    );
    expect(await allowed(check(g, step(), 'INC-1', NOW, { confidence: 0.81, authorization: auto }))).toBe(
      true,
    );
    expect(await allowed(check(g, step(), 'INC-1', NOW, { confidence: 0.5, authorization: approved }))).toBe(
      true,
    );
    expect(
      await reasonOf(check(g, step(), 'INC-1', NOW, { confidence: 0.4, authorization: approved })),
    ).toMatch(/even with approval/);
    const override = { mode: 'override', by: 'bob' } as const;
    expect(await allowed(check(g, step(), 'INC-1', NOW, { confidence: 0.1, authorization: override }))).toBe(
      true,
    );
    // Without an authorization the caller decided; nothing to compare.
    expect(await allowed(check(g, step(), 'INC-1', NOW, { confidence: 0.1 }))).toBe(true);
  });

  it('denies inside a freeze window (start inclusive, end exclusive)', async () => {
    const g = gate({ freezeWindows: [{ start: NOW, end: NOW + 3600, reason: 'release day' }] });
    expect(await reasonOf(check(g, step()))).toMatch(/change freeze: release day/);
    expect(await allowed(check(g, step(), 'INC-1', NOW + 1800))).toBe(false);
    expect(await allowed(check(g, step(), 'INC-1', NOW - 1))).toBe(true);
    expect(await allowed(check(g, step(), 'INC-1', NOW + 3600))).toBe(true);
  });

  it('denies inside a weekly freeze window', async () => {
    const g = gate({
      weeklyFreezeWindows: [{ days: [2], start: '22:00', end: '23:00', reason: 'Tuesday batch' }],
    });
    expect(await reasonOf(check(g, step()))).toMatch(/change freeze: Tuesday batch/);
    expect(await allowed(check(g, step(), 'INC-1', NOW + 3600))).toBe(true);
  });

  it('lets only one incident at a time remediate a service, through the lock', async () => {
    const lock = new InMemoryServiceLock();
    const g = new PolicyGate({ ...DEFAULT_POLICY, dryRun: false }, { lock });
    expect(await lock.acquire('api', 'INC-1', 60_000)).toBe(true);
    expect(await reasonOf(check(g, step('api'), 'INC-2'))).toMatch(/api is locked by another remediation/);
    expect(await allowed(check(g, step('api'), 'INC-1'))).toBe(true);
    expect(await allowed(check(g, step('web'), 'INC-2'))).toBe(true);
    await lock.release('api', 'INC-2');
    expect(lock.holder('api')).toBe('INC-1');
    await lock.release('api', 'INC-1');
    expect(await allowed(check(g, step('api'), 'INC-2'))).toBe(true);
    expect(lock.holder('api')).toBe('INC-2');
  });

  it('limits the number of actions per hour across services', async () => {
    const g = gate({ maxActionsPerHour: 2, serviceCooldownSeconds: 0 });
    g.recordApplied('a', NOW, 'INC-0');
    g.recordApplied('b', NOW + 60, 'INC-0');
    expect(await reasonOf(check(g, step('c'), 'INC-1', NOW + 120))).toMatch(
      /rate limit: 2 actions in the last hour/,
    );
    // The first action leaves the hour; the second is still in it.
    expect(await allowed(check(g, step('c'), 'INC-1', NOW + 3601))).toBe(true);
  });

  it('limits the number of actions per service per hour', async () => {
    const g = gate({ maxActionsPerServicePerHour: 2, serviceCooldownSeconds: 0 });
    g.recordApplied('api', NOW, 'INC-1');
    g.recordApplied('api', NOW + 60, 'INC-1');
    expect(await reasonOf(check(g, step('api'), 'INC-1', NOW + 120))).toMatch(
      /2 actions on api in the last hour/,
    );
    expect(await allowed(check(g, step('web'), 'INC-1', NOW + 120))).toBe(true);
  });

  it("holds a cool-down per service after another incident's action", async () => {
    const g = gate({ serviceCooldownSeconds: 600 });
    g.recordApplied('api', NOW, 'INC-1');
    expect(await reasonOf(check(g, step('api'), 'INC-2', NOW + 100))).toMatch(
      /cooling down after an action 100s ago \(INC-1\)/,
    );
    expect(await allowed(check(g, step('web'), 'INC-2', NOW + 100))).toBe(true);
    expect(await allowed(check(g, step('api'), 'INC-2', NOW + 601))).toBe(true);
  });

  it('holds a cool-down longer than an hour', async () => {
    const g = gate({ serviceCooldownSeconds: 7200 });
    g.recordApplied('api', NOW, 'INC-1');
    expect(await allowed(check(g, step('api'), 'INC-2', NOW + 5400))).toBe(false);
  });

  it('lets an incident continue its own plan during the cool-down', async () => {
    const g = gate({ serviceCooldownSeconds: 600 });
    g.recordApplied('api', NOW, 'INC-1');
    expect(await allowed(check(g, step('api'), 'INC-1', NOW + 30))).toBe(true);
  });

  it('denies steps touching more replicas than the blast-radius limit', async () => {
    const g = gate({ maxBlastRadiusReplicas: 5 });
    expect(await allowed(check(g, step(), 'INC-1', NOW, { replicas: 5 }))).toBe(true);
    expect(await reasonOf(check(g, step(), 'INC-1', NOW, { replicas: 6 }))).toMatch(
      /6 replicas, above the limit of 5/,
    );
    // A canary touches only its own replicas.
    expect(await allowed(check(g, step(), 'INC-1', NOW, { replicas: 6, replicasTouched: 1 }))).toBe(true);
  });

  it('denies steps touching a larger share of replicas than the percentage limit', async () => {
    const g = gate({ maxBlastRadiusPercent: 25 });
    expect(await reasonOf(check(g, step(), 'INC-1', NOW, { replicas: 8 }))).toMatch(/100% of api's replicas/);
    expect(await allowed(check(g, step(), 'INC-1', NOW, { replicas: 8, replicasTouched: 2 }))).toBe(true);
    expect(await allowed(check(g, step(), 'INC-1', NOW, { replicas: 8, replicasTouched: 3 }))).toBe(false);
  });

  it('keeps working with a config from before the new keys', async () => {
    const old: PolicyConfig = {
      dryRun: false,
      killSwitch: false,
      allowedStrategies: ['restart'],
      maxActionsPerHour: 10,
      serviceCooldownSeconds: 600,
      freezeWindows: [],
      maxBlastRadiusReplicas: 10,
    };
    expect(await check(new PolicyGate(old), step(), 'INC-1', NOW, { replicas: 3 })).toEqual({
      allowed: true,
      dryRun: false,
    });
  });
});
