/**
 * The policy keys of config.yml reach the PolicyGate, and each one changes what the gate
 * decides: parsed from YAML, mapped by commanderOptionsFromConfig, checked by the gate.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config/index.js';
import type { PlanStep } from '../core/index.js';
import { PolicyGate } from '../remediation/policy-gate.js';
import { InMemoryServiceLock } from '../remediation/service-lock.js';
import { CommanderAgent } from './commander.js';
import { commanderOptionsFromConfig } from './commander-config.js';

// 2023-11-17 is a Friday.
const FRIDAY_17H_UTC = Date.parse('2023-11-17T17:00:00Z') / 1000;
const FRIDAY_10H_UTC = Date.parse('2023-11-17T10:00:00Z') / 1000;

function gateFor(yaml: string, lock = new InMemoryServiceLock()): PolicyGate {
  const options = commanderOptionsFromConfig(parseConfig(yaml, {}, 'test.yml'));
  return new PolicyGate({ ...new CommanderAgent(options).policy.config }, { lock });
}

function step(
  strategy: PlanStep['strategy'],
  target = 'api',
  params: Record<string, unknown> = {},
): PlanStep {
  return { id: `s-${strategy}`, strategy, target, description: '', estimated_duration_s: 30, params };
}

async function verdict(
  gate: PolicyGate,
  s: PlanStep,
  extra: { now?: number; replicas?: number; incidentId?: string } = {},
) {
  const v = await gate.check({
    step: s,
    incidentId: extra.incidentId ?? 'INC-1',
    now: extra.now ?? FRIDAY_10H_UTC,
    replicas: extra.replicas,
  });
  return v.allowed ? 'allowed' : v.reason;
}

describe('policy keys reach the gate', () => {
  it('max_actions_per_service_per_hour', async () => {
    const gate = gateFor('policy:\n  max_actions_per_service_per_hour: 1\n');
    expect(await verdict(gate, step('restart'))).toBe('allowed');
    gate.recordApplied('api', FRIDAY_10H_UTC - 60, 'INC-1');
    expect(await verdict(gate, step('restart'))).toBe('rate limit: 1 actions on api in the last hour');
    expect(await verdict(gate, step('restart', 'web'))).toBe('allowed');
  });

  it('weekly_freeze_windows, in their time zone', async () => {
    const gate = gateFor(
      'policy:\n  weekly_freeze_windows:\n    - { days: [fri], start: "12:00", end: "24:00", timezone: Europe/Paris, reason: weekend }\n',
    );
    expect(await verdict(gate, step('restart'), { now: FRIDAY_17H_UTC })).toBe('change freeze: weekend');
    expect(await verdict(gate, step('restart'), { now: FRIDAY_10H_UTC })).toBe('allowed');
  });

  it('strategy_scopes and environment', async () => {
    const gate = gateFor(
      [
        'policy:',
        '  environment: production',
        '  strategy_scopes:',
        '    - { environment: production, strategies: [rollback, scale_up] }',
        '    - { environment: production, namespace: payments, strategies: [scale_up] }',
      ].join('\n'),
    );
    expect(await verdict(gate, step('rollback'))).toBe('allowed');
    expect(await verdict(gate, step('restart'))).toBe(
      'strategy restart is not allowed in environment production',
    );
    expect(await verdict(gate, step('rollback', 'pay', { namespace: 'payments' }))).toBe(
      'strategy rollback is not allowed in environment production, namespace payments',
    );
  });

  it('max_blast_radius_percent', async () => {
    const gate = gateFor('policy:\n  max_blast_radius_percent: 50\n');
    expect(await verdict(gate, step('restart'), { replicas: 4 })).toBe(
      "touches 100% of api's replicas, above the limit of 50%",
    );
    const open = gateFor('policy: {}\n');
    expect(await verdict(open, step('restart'), { replicas: 4 })).toBe('allowed');
  });

  it('lock_ttl_seconds', async () => {
    let nowMs = FRIDAY_10H_UTC * 1000;
    const lock = new InMemoryServiceLock(() => nowMs);
    const gate = gateFor('policy:\n  lock_ttl_seconds: 5\n', lock);
    expect(gate.lockTtlMs).toBe(5000);
    expect(await verdict(gate, step('restart'), { incidentId: 'INC-1' })).toBe('allowed');
    expect(await verdict(gate, step('restart'), { incidentId: 'INC-2' })).toBe(
      'api is locked by another remediation',
    );
    nowMs += 5001; // INC-1's lock ran out
    expect(await verdict(gate, step('restart'), { incidentId: 'INC-2' })).toBe('allowed');
  });

  it('partial_recovery, undo_on_kill_switch, undo_on_takeover and the thresholds', () => {
    const options = commanderOptionsFromConfig(
      parseConfig(
        'commander:\n  confidence_threshold: 0.9\n  approval_threshold: 0.6\n  escalation_timeout_seconds: 120\n' +
          'policy:\n  partial_recovery: keep\n  undo_on_kill_switch: false\n  undo_on_takeover: true\n',
        {},
        'test.yml',
      ),
    );
    expect(options.escalationTimeoutSeconds).toBe(120);
    expect(options.policy).toMatchObject({
      partialRecovery: 'keep',
      undoOnKillSwitch: false,
      undoOnTakeover: true,
      minConfidenceToAct: 0.9,
      minConfidenceWithApproval: 0.6,
    });
    const defaults = commanderOptionsFromConfig(parseConfig('', {}, 'test.yml')).policy;
    expect(defaults).toMatchObject({
      partialRecovery: 'undo',
      undoOnKillSwitch: true,
      undoOnTakeover: false,
      maxActionsPerServicePerHour: 6,
      maxBlastRadiusPercent: 100,
      lockTtlSeconds: 3600,
      weeklyFreezeWindows: [],
      strategyScopes: [],
      environment: '',
    });
  });
});

describe('policy key errors name the field', () => {
  const issues = (yaml: string) => {
    try {
      parseConfig(yaml, {}, 'test.yml');
    } catch (error) {
      if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
      throw error;
    }
    return [];
  };

  it('refuses bad weekly windows, scopes and percentages', () => {
    expect(
      issues(
        'policy:\n  weekly_freeze_windows:\n    - { days: [funday], start: "9am", end: "17:00", timezone: Mars/Olympus }\n',
      ),
    ).toEqual([
      'policy.weekly_freeze_windows[0].days[0]: expected a day of the week (sun, mon, tue, wed, thu, fri, sat), got "funday"',
      'policy.weekly_freeze_windows[0].start: expected a time "HH:MM" between 00:00 and 24:00, got "9am"',
      'policy.weekly_freeze_windows[0].timezone: expected an IANA time zone name such as UTC or Europe/Paris, got "Mars/Olympus"',
    ]);
    expect(issues('policy:\n  strategy_scopes:\n    - { strategies: [rollback] }\n')).toEqual([
      'policy.strategy_scopes[0].environment: a scope needs an environment, a namespace or both',
    ]);
    expect(issues('policy:\n  max_blast_radius_percent: 150\n')).toEqual([
      'policy.max_blast_radius_percent: expected a percentage between 0 and 100, got 150',
    ]);
    expect(issues('policy:\n  partial_recovery: maybe\n')).toEqual([
      'policy.partial_recovery: expected one of undo, keep, got "maybe"',
    ]);
  });
});
