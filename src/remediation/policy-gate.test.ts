import { describe, expect, it } from 'vitest';
import type { PlanStep, Strategy } from '../core/index.js';
import { DEFAULT_POLICY, type PolicyConfig, PolicyGate } from './policy-gate.js';

const NOW = 1_700_000_000;

function step(target = 'api', strategy: Strategy = 'restart'): PlanStep {
  return { id: `s-${target}`, strategy, target, description: 'test', estimated_duration_s: 10, params: {} };
}

function gate(overrides: Partial<PolicyConfig> = {}): PolicyGate {
  return new PolicyGate({ ...DEFAULT_POLICY, dryRun: false, ...overrides });
}

function reasonOf(verdict: ReturnType<PolicyGate['check']>): string {
  return verdict.allowed ? '' : verdict.reason;
}

describe('PolicyGate', () => {
  it('allows a permitted step and reports the dry-run setting', () => {
    expect(gate().check(step(), 'INC-1', NOW)).toEqual({ allowed: true, dryRun: false });
    expect(new PolicyGate().check(step(), 'INC-1', NOW)).toEqual({ allowed: true, dryRun: true });
  });

  it('denies everything while the kill switch is on', () => {
    const g = gate({ killSwitch: true });
    expect(reasonOf(g.check(step(), 'INC-1', NOW))).toMatch(/kill switch/);
    g.config = { ...g.config, killSwitch: false };
    expect(g.check(step(), 'INC-1', NOW).allowed).toBe(true);
  });

  it('denies strategies outside the allow-list', () => {
    const g = gate({ allowedStrategies: ['rollback'] });
    expect(reasonOf(g.check(step('api', 'failover'), 'INC-1', NOW))).toMatch(/failover is not allowed/);
    expect(g.check(step('api', 'rollback'), 'INC-1', NOW).allowed).toBe(true);
  });

  it('denies inside a freeze window (start inclusive, end exclusive)', () => {
    const g = gate({ freezeWindows: [{ start: NOW, end: NOW + 3600, reason: 'release day' }] });
    expect(reasonOf(g.check(step(), 'INC-1', NOW))).toMatch(/change freeze: release day/);
    expect(g.check(step(), 'INC-1', NOW + 1800).allowed).toBe(false);
    expect(g.check(step(), 'INC-1', NOW - 1).allowed).toBe(true);
    expect(g.check(step(), 'INC-1', NOW + 3600).allowed).toBe(true);
  });

  it('lets only one incident at a time remediate a service', () => {
    const g = gate();
    expect(g.lock('api', 'INC-1')).toBe(true);
    expect(g.lock('api', 'INC-1')).toBe(true);
    expect(g.lock('api', 'INC-2')).toBe(false);
    expect(reasonOf(g.check(step('api'), 'INC-2', NOW))).toMatch(/locked by remediation of INC-1/);
    expect(g.check(step('api'), 'INC-1', NOW).allowed).toBe(true);
    expect(g.check(step('web'), 'INC-2', NOW).allowed).toBe(true);
    g.unlock('api', 'INC-2');
    expect(g.lock('api', 'INC-2')).toBe(false);
    g.unlock('api', 'INC-1');
    expect(g.lock('api', 'INC-2')).toBe(true);
  });

  it('limits the number of actions per hour across services', () => {
    const g = gate({ maxActionsPerHour: 2, serviceCooldownSeconds: 0 });
    g.recordApplied('a', NOW);
    g.recordApplied('b', NOW + 60);
    expect(reasonOf(g.check(step('c'), 'INC-1', NOW + 120))).toMatch(/rate limit: 2 actions/);
    // The first action leaves the hour; the second is still in it.
    expect(g.check(step('c'), 'INC-1', NOW + 3601).allowed).toBe(true);
  });

  it('holds a cool-down per service after an action', () => {
    const g = gate({ serviceCooldownSeconds: 600 });
    g.recordApplied('api', NOW);
    expect(reasonOf(g.check(step('api'), 'INC-2', NOW + 100))).toMatch(
      /cooling down after an action 100s ago/,
    );
    expect(g.check(step('web'), 'INC-2', NOW + 100).allowed).toBe(true);
    expect(g.check(step('api'), 'INC-2', NOW + 601).allowed).toBe(true);
  });

  it('holds a cool-down longer than an hour', () => {
    const g = gate({ serviceCooldownSeconds: 7200 });
    g.recordApplied('api', NOW);
    expect(g.check(step('api'), 'INC-2', NOW + 5400).allowed).toBe(false);
  });

  it('lets the incident holding the lock continue its own plan during the cool-down', () => {
    const g = gate({ serviceCooldownSeconds: 600 });
    g.lock('api', 'INC-1');
    g.recordApplied('api', NOW);
    expect(g.check(step('api'), 'INC-1', NOW + 30).allowed).toBe(true);
  });

  it('denies steps touching more replicas than the blast-radius limit', () => {
    const g = gate({ maxBlastRadiusReplicas: 5 });
    expect(g.check(step(), 'INC-1', NOW, 5).allowed).toBe(true);
    expect(reasonOf(g.check(step(), 'INC-1', NOW, 6))).toMatch(/6 replicas, above the limit of 5/);
  });

  it('puts the kill switch before every other rule', () => {
    const g = gate({ killSwitch: true, allowedStrategies: [], maxBlastRadiusReplicas: 0 });
    expect(reasonOf(g.check(step(), 'INC-1', NOW, 3))).toBe('kill switch is on');
  });
});
