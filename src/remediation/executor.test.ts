import { describe, expect, it } from 'vitest';
import type { RemediationPlan } from '../core/index.js';
import { executePlan } from './executor.js';
import {
  chainedPlan,
  FAILING,
  HEALTHY,
  plan,
  START,
  setup,
  step,
  VERIFY,
} from './testing/execution-fixtures.js';

describe('executePlan', () => {
  it('applies the steps, verifies recovery and resolves', async () => {
    const { actuator, audit, context } = setup();
    const result = await executePlan(context);
    expect(result.outcome).toBe('resolved');
    expect(result.resolution).toBe('resolved');
    expect(actuator.calls).toEqual(['plan s2', 'apply s2', 'plan s3', 'apply s3']);
    expect(result.actions.map((a) => [a.step_id, a.status])).toEqual([
      ['s2', 'verified'],
      ['s3', 'verified'],
    ]);
    expect(result.actions[0].undo_token).toBe('undo-s2');
    expect(result.resolvedAt).toBe(START + 60);
    expect(result.verification?.outcome).toBe('recovered');
    expect(audit.actions()).toEqual(['step_applied', 'step_applied', 'verification']);
  });

  it('applies nothing in dry-run mode, previewing every link', async () => {
    const { actuator, audit, context } = setup({ policy: { dryRun: true }, plan: chainedPlan() });
    const result = await executePlan(context);
    expect(result.outcome).toBe('dry_run');
    expect(actuator.calls).toEqual(['plan c2', 'plan c3']);
    expect(result.actions.every((a) => a.status === 'dry_run')).toBe(true);
    expect(result.actions[0].detail).toBe('dry run: would config_revert api');
    expect(audit.actions()).toEqual(['step_dry_run', 'step_dry_run']);
    expect(result.links?.map((l) => l.status)).toEqual(['dry_run', 'dry_run']);
  });

  it('stops at a denied step and audits the reason', async () => {
    const { actuator, audit, context } = setup({ policy: { allowedStrategies: ['restart'] } });
    const result = await executePlan(context);
    expect(result.outcome).toBe('denied');
    expect(result.reason).toMatch(/scale_up is not allowed/);
    expect(actuator.calls).toEqual([]);
    expect(result.actions).toHaveLength(1);
    expect(result.actions[0]).toMatchObject({ step_id: 's2', status: 'denied' });
    expect(audit.entries[0]).toMatchObject({ action: 'step_denied', detail: { step: 's2' } });
    expect(String(audit.entries[0].detail.reason)).toMatch(/not allowed/);
  });

  it('denies an autonomous step below the confidence threshold', async () => {
    const { actuator, context } = setup({ plan: { ...plan, confidence: 0.6 } });
    const result = await executePlan({ ...context, authorization: { mode: 'autonomous' } });
    expect(result).toMatchObject({ outcome: 'denied' });
    expect(result.reason).toMatch(/confidence 0.60 is not above 0.8/);
    expect(actuator.calls).toEqual([]);
    const approved = await executePlan({ ...context, authorization: { mode: 'approved', by: 'alice' } });
    expect(approved.outcome).toBe('resolved');
  });

  it('undoes earlier applied steps when a later apply fails', async () => {
    const { actuator, audit, context } = setup();
    actuator.failApply = 's3';
    const result = await executePlan(context);
    expect(result.outcome).toBe('failed');
    expect(result.reason).toBe('quota exceeded');
    expect(actuator.calls).toEqual(['plan s2', 'apply s2', 'plan s3', 'apply s3', 'undo s2 undo-s2']);
    expect(result.actions.map((a) => a.status)).toEqual(['undone', 'failed']);
    expect(audit.actions()).toEqual(['step_applied', 'step_failed', 'step_undone']);
  });

  it('gives up on an actuator that does not answer, says the state is unknown, and undoes the rest', async () => {
    const { actuator, context } = setup();
    actuator.hangApply = 's3';
    const result = await executePlan({ ...context, actuatorTimeoutMs: 20 });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/did not answer within 20 ms .*whether the change was applied is unknown/);
    expect(actuator.calls).toContain('undo s2 undo-s2');
  });

  it('undoes everything, last step first, when verification fails', async () => {
    const { actuator, audit, context, clock } = setup({ healthy: false });
    const result = await executePlan(context);
    expect(result.outcome).toBe('undone');
    expect(result.resolution).toBe('not_resolved');
    expect(result.verification?.outcome).toBe('not_recovered');
    expect(actuator.calls.slice(-2)).toEqual(['undo s3 undo-s3', 'undo s2 undo-s2']);
    expect(result.actions.map((a) => a.status)).toEqual(['undone', 'undone']);
    expect(audit.actions()).toContain('verification');
    // It watched until the deadline on the incident's clock.
    expect(clock.now()).toBe(START + 180);
  });

  it('calls a recovery that does not hold a regression, and undoes', async () => {
    const { actuator, audit, context, metrics } = setup();
    metrics.valueAt = (t) => (t >= START && t <= START + 60 ? HEALTHY : FAILING);
    const result = await executePlan(context);
    expect(result.verification?.outcome).toBe('regressed');
    expect(result.outcome).toBe('undone');
    expect(result.resolvedAt).toBeNull();
    expect(actuator.calls).toContain('undo s2 undo-s2');
    // The audit says when it recovered, when that was found lost, and what every check saw.
    const verification = audit.entries.find((e) => e.action === 'verification')?.detail;
    expect(verification).toMatchObject({
      outcome: 'regressed',
      recovered_at: START + 60,
      regressed_at: START + 180,
      regressed: [{ signal: 'api error_rate', recovered_at: START + 60, regressed_at: START + 180 }],
      signals: [
        { service: 'api', metric: 'error_rate', baseline: HEALTHY, after: FAILING, recovered: false },
      ],
    });
    expect(
      (verification?.checks as { at: number; outcome: string }[] | undefined)?.map((c) => [
        c.at - START,
        c.outcome,
      ]),
    ).toEqual([
      [60, 'recovered'],
      [120, 'recovered'],
      [180, 'not_recovered'],
    ]);
    expect(audit.actions().slice(-2)).toEqual(['step_undone', 'step_undone']);
  });

  it('aborts before the deadline and undoes when the signals degrade further', async () => {
    const { actuator, context, metrics, clock } = setup({
      plan: { ...plan, verification: { ...VERIFY, deadline_s: 900 } },
    });
    metrics.valueAt = (t) => (t < START ? FAILING : 0.9);
    const result = await executePlan(context);
    expect(result.outcome).toBe('undone');
    expect(result.reason).toMatch(/degraded further after the action: api error_rate/);
    expect(clock.now()).toBe(START + 120); // two degraded checks, not the 900 s deadline
    expect(actuator.calls.slice(-2)).toEqual(['undo s3 undo-s3', 'undo s2 undo-s2']);
  });

  it('keeps a partial recovery when the policy says so, and undoes it by default', async () => {
    const half = (t: number) => (t < START ? FAILING : 0.07);
    const kept = setup({ policy: { partialRecovery: 'keep' } });
    kept.metrics.valueAt = half;
    const r1 = await executePlan(kept.context);
    expect(r1).toMatchObject({ outcome: 'partial', resolution: 'partially_resolved' });
    expect(kept.actuator.calls.filter((c) => c.startsWith('undo'))).toEqual([]);
    expect(r1.actions.map((a) => a.status)).toEqual(['applied', 'applied']);
    const undone = setup();
    undone.metrics.valueAt = half;
    const r2 = await executePlan(undone.context);
    expect(r2).toMatchObject({ outcome: 'undone', resolution: 'partially_resolved' });
    expect(r2.reason).toMatch(/^partially resolved, undone/);
  });

  it('stops and undoes when the kill switch is flipped mid-plan; nothing further is applied', async () => {
    const { actuator, gate, context } = setup();
    actuator.onApply = (s) => {
      if (s.id === 's2') gate.setKillSwitch(true);
    };
    const result = await executePlan(context);
    expect(result.outcome).toBe('denied');
    expect(result.reason).toBe('kill switch is on');
    expect(actuator.calls.filter((c) => c.startsWith('apply'))).toEqual(['apply s2']);
    expect(actuator.calls).toContain('undo s2 undo-s2');
    expect(result.actions.map((a) => [a.step_id, a.status])).toEqual([
      ['s2', 'undone'],
      ['s3', 'denied'],
    ]);
  });

  it('audits a failed undo and still undoes the rest', async () => {
    const { actuator, audit, context } = setup({ healthy: false });
    actuator.failUndo = 's3';
    const result = await executePlan(context);
    expect(result.outcome).toBe('undone');
    expect(actuator.calls.slice(-2)).toEqual(['undo s3 undo-s3', 'undo s2 undo-s2']);
    expect(audit.entries.find((e) => e.action === 'undo_failed')?.detail).toEqual({
      step: 's3',
      error: 'api server unavailable',
    });
    expect(result.actions.map((a) => a.status)).toEqual(['undone', 'applied']);
    expect(result.actions[0].reason).toBe('undid s2');
    expect(result.actions[1].reason).toBe('undo failed: api server unavailable');
  });

  it('releases the per-service lock afterwards, whatever the outcome', async () => {
    for (const options of [{}, { healthy: false }, { policy: { killSwitch: true } }]) {
      const { lock, context } = setup(options);
      await executePlan(context);
      expect(lock.holder('api')).toBeUndefined();
    }
  });

  it('refuses to touch a service another incident is remediating', async () => {
    const { actuator, audit, lock, context } = setup({ plan: chainedPlan() });
    await lock.acquire('db', 'INC-0', 60_000);
    const result = await executePlan(context);
    expect(result.outcome).toBe('denied');
    expect(result.reason).toBe('db is locked by another remediation');
    expect(actuator.calls).toEqual([]);
    expect(audit.actions()).toEqual(['step_denied']);
    // The other incident keeps its lock; the one this plan took is released.
    expect(lock.holder('db')).toBe('INC-0');
    expect(lock.holder('api')).toBeUndefined();
  });

  it('reports every action change through onAction', async () => {
    const { context } = setup();
    const seen: string[] = [];
    await executePlan({ ...context, onAction: async (a) => void seen.push(`${a.step_id}:${a.status}`) });
    // Each apply is saved once before the actuator call (planned, unfinished), then with its result.
    expect(seen).toEqual([
      's2:planned',
      's2:applied',
      's3:planned',
      's3:applied',
      's2:verified',
      's3:verified',
    ]);
  });

  it('does nothing for a "none" plan, a plan without apply steps, or without an actuator', async () => {
    const { context } = setup();
    const none = await executePlan({ ...context, plan: { ...plan, strategy: 'none', target: null } });
    expect(none).toMatchObject({ outcome: 'denied', reason: 'plan has no action' });
    const checks = await executePlan({ ...context, plan: { ...plan, steps: [step('s1', 'none')] } });
    expect(checks).toMatchObject({ outcome: 'denied', reason: 'plan has no action' });
    const bare = await executePlan({ ...context, actuator: undefined });
    expect(bare).toMatchObject({ outcome: 'denied', reason: 'no actuator configured' });
  });
});

describe('executePlan: chained plans', () => {
  it('skips an if_not_recovered follow-up when the first strategy resolved the incident', async () => {
    const { actuator, audit, context } = setup({ plan: chainedPlan() });
    const result = await executePlan(context);
    expect(result.outcome).toBe('resolved');
    expect(actuator.calls).toEqual(['plan c2', 'apply c2']);
    expect(result.links).toEqual([
      { strategy: 'config_revert', target: 'api', status: 'executed', resolution: 'resolved' },
      { strategy: 'scale_up', target: 'db', status: 'skipped' },
    ]);
    expect(audit.actions()).toEqual(['step_applied', 'verification', 'link_skipped']);
  });

  it('runs the follow-up when the first strategy did not resolve it, verifying between', async () => {
    const { actuator, audit, context, metrics, clock } = setup({ plan: chainedPlan() });
    let scaledAt = Number.POSITIVE_INFINITY;
    metrics.valueAt = (t) => (t > scaledAt ? HEALTHY : FAILING);
    actuator.onApply = (s) => {
      if (s.id === 'c3') scaledAt = clock.now();
    };
    const result = await executePlan(context);
    expect(result.outcome).toBe('resolved');
    expect(actuator.calls).toEqual(['plan c2', 'apply c2', 'plan c3', 'apply c3']);
    expect(scaledAt).toBe(START + 180); // after the first link's whole verification
    expect(result.actions.map((a) => [a.step_id, a.status])).toEqual([
      ['c2', 'verified'],
      ['c3', 'verified'],
    ]);
    expect(audit.entries.filter((e) => e.action === 'verification').map((e) => e.detail.resolution)).toEqual([
      'not_resolved',
      'resolved',
    ]);
  });

  it('undoes every link in reverse when the chain does not resolve it', async () => {
    const { actuator, context } = setup({ plan: chainedPlan(), healthy: false });
    const result = await executePlan(context);
    expect(result.outcome).toBe('undone');
    expect(actuator.calls.slice(-2)).toEqual(['undo c3 undo-c3', 'undo c2 undo-c2']);
  });

  it('runs an "always" follow-up even after a recovery', async () => {
    const { actuator, context } = setup({ plan: chainedPlan('always') });
    const result = await executePlan(context);
    expect(result.outcome).toBe('resolved');
    expect(actuator.calls).toEqual(['plan c2', 'apply c2', 'plan c3', 'apply c3']);
  });
});

describe('executePlan: progressive execution', () => {
  const progressivePlan: RemediationPlan = {
    ...plan,
    strategy: 'restart',
    steps: [step('r1', 'restart', { kind: 'apply', params: { progressive: { canary: 1, watch_s: 60 } } })],
  };

  it('applies to a canary first, watches, then to the rest', async () => {
    const { actuator, audit, context } = setup({ plan: progressivePlan });
    actuator.progressive = true;
    const result = await executePlan({ ...context, replicasOf: () => 4 });
    expect(result.outcome).toBe('resolved');
    expect(actuator.calls).toEqual(['plan r1', 'apply r1-canary canary=1', 'apply r1']);
    expect(result.actions.map((a) => [a.step_id, a.status])).toEqual([
      ['r1', 'verified'],
      ['r1-canary', 'verified'],
    ]);
    expect(audit.actions()).toEqual([
      'step_canary_applied',
      'canary_verification',
      'step_applied',
      'verification',
    ]);
  });

  it('checks the blast radius of the canary and of the rest separately', async () => {
    const { actuator, context } = setup({ plan: progressivePlan, policy: { maxBlastRadiusPercent: 50 } });
    actuator.progressive = true;
    const result = await executePlan({ ...context, replicasOf: () => 4 });
    // The canary (1 of 4) is within 50%; the rest (all 4) is not: denied, the canary undone.
    expect(result.outcome).toBe('denied');
    expect(result.reason).toMatch(/touches 100% of api's replicas, above the limit of 50%/);
    expect(actuator.calls).toEqual(['plan r1', 'apply r1-canary canary=1', 'undo r1-canary undo-r1-canary']);
  });

  it('undoes the canary and stops when it degrades the signals', async () => {
    const { actuator, context, metrics } = setup({ plan: progressivePlan });
    actuator.progressive = true;
    metrics.valueAt = (t) => (t < START ? FAILING : 0.9);
    const result = await executePlan({ ...context, replicasOf: () => 4 });
    expect(result.outcome).toBe('undone');
    expect(result.reason).toMatch(/canary of restart on api degraded api error_rate/);
    expect(actuator.calls).toEqual(['plan r1', 'apply r1-canary canary=1', 'undo r1-canary undo-r1-canary']);
  });

  it('stops after the canary when the kill switch is flipped during its watch', async () => {
    const { actuator, gate, context, clock } = setup({ plan: progressivePlan });
    actuator.progressive = true;
    const sleep = clock.sleep.bind(clock);
    clock.sleep = async (s: number) => {
      gate.setKillSwitch(true);
      await sleep(s);
    };
    const result = await executePlan({ ...context, replicasOf: () => 4 });
    expect(result).toMatchObject({ outcome: 'denied', reason: 'kill switch is on' });
    expect(actuator.calls.filter((c) => c.startsWith('apply'))).toEqual(['apply r1-canary canary=1']);
    expect(actuator.calls.at(-1)).toBe('undo r1-canary undo-r1-canary');
  });

  it('applies in one go when the actuator cannot go progressively or there is one replica', async () => {
    const { actuator, context } = setup({ plan: progressivePlan });
    await executePlan(context);
    expect(actuator.calls).toEqual(['plan r1', 'apply r1']);
    const single = setup({ plan: progressivePlan });
    single.actuator.progressive = true;
    await executePlan({ ...single.context, replicasOf: () => 1 });
    expect(single.actuator.calls).toEqual(['plan r1', 'apply r1']);
  });
});
