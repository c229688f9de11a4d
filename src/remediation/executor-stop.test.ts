/**
 * Stopping a plan part-way: the kill switch flipped while a chained plan runs (the gate is
 * asked again before every step), and a human taking the incident over (`stopRequested`).
 */
import { describe, expect, it } from 'vitest';
import type { RemediationPlan } from '../core/index.js';
import { executePlan } from './executor.js';
import type { PolicyConfig } from './policy-gate.js';
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

/** config_revert on api does not help; scale_up on db would (it is never reached here). */
function chainedRun(policy: Partial<PolicyConfig> = {}) {
  const run = setup({ plan: chainedPlan(), policy });
  run.metrics.valueAt = () => FAILING;
  // The kill switch is flipped while the first link's verification is being watched.
  const sleep = run.clock.sleep.bind(run.clock);
  run.clock.sleep = async (s: number) => {
    if (run.actuator.calls.includes('apply c2')) run.gate.setKillSwitch(true);
    await sleep(s);
  };
  return run;
}

describe('executePlan: kill switch flipped during a chained plan', () => {
  it("denies the next link's step at the gate, audits why, and undoes the first link", async () => {
    const { actuator, audit, context } = chainedRun();
    const result = await executePlan(context);
    expect(result).toMatchObject({ outcome: 'denied', reason: 'kill switch is on' });
    expect(actuator.calls).toEqual(['plan c2', 'apply c2', 'undo c2 undo-c2']);
    const denied = audit.entries.find((e) => e.action === 'step_denied');
    expect(denied?.detail).toEqual({
      step: 'c3',
      strategy: 'scale_up',
      target: 'db',
      reason: 'kill switch is on',
    });
    expect(audit.actions()).toEqual(['step_applied', 'verification', 'step_denied', 'step_undone']);
    expect(result.actions.map((a) => [a.step_id, a.status])).toEqual([
      ['c2', 'undone'],
      ['c3', 'denied'],
    ]);
  });

  it('leaves the first link applied, and says so, when policy undoOnKillSwitch is false', async () => {
    const { actuator, audit, context } = chainedRun({ undoOnKillSwitch: false });
    const result = await executePlan(context);
    expect(result.outcome).toBe('denied');
    expect(actuator.calls).toEqual(['plan c2', 'apply c2']);
    expect(audit.entries.find((e) => e.action === 'changes_left_in_place')?.detail).toEqual({
      reason: 'kill switch is on',
      policy: 'undoOnKillSwitch is false',
      applied: [{ step: 'c2', strategy: 'config_revert', target: 'api' }],
    });
    expect(result.actions.map((a) => [a.step_id, a.status, a.reason])).toEqual([
      ['c2', 'applied', 'left in place: kill switch is on'],
      ['c3', 'denied', 'kill switch is on'],
    ]);
  });
});

describe('executePlan: stop requested (a human took over)', () => {
  const takenOver = (after: () => boolean) => async () => (after() ? 'taken over by alice' : null);

  it('stops at the next step boundary and leaves what was applied in place', async () => {
    const { actuator, audit, context } = setup();
    const result = await executePlan({
      ...context,
      stopRequested: takenOver(() => actuator.calls.includes('apply s2')),
    });
    expect(result).toMatchObject({ outcome: 'stopped', reason: 'taken over by alice' });
    expect(actuator.calls).toEqual(['plan s2', 'apply s2']);
    expect(audit.entries.at(-1)).toEqual({
      action: 'execution_stopped',
      detail: {
        reason: 'taken over by alice',
        step: 's3',
        applied: [{ step: 's2', strategy: 'scale_up', target: 'api' }],
        undo: false,
      },
    });
    expect(result.actions.map((a) => [a.step_id, a.status, a.reason])).toEqual([
      ['s2', 'applied', 'left in place: taken over by alice'],
    ]);
  });

  it('stops watching at the next check instead of waiting for the deadline, and does not undo', async () => {
    const { actuator, context, clock, metrics } = setup({
      plan: { ...plan, verification: { ...VERIFY, deadline_s: 900 } },
    });
    metrics.valueAt = () => FAILING;
    // The human takes over during the first verification interval.
    const result = await executePlan({
      ...context,
      stopRequested: async () => (clock.now() > START ? 'taken over' : null),
    });
    expect(result.outcome).toBe('stopped');
    expect(clock.now()).toBe(START + 60);
    expect(actuator.calls.filter((c) => c.startsWith('undo'))).toEqual([]);
  });

  it('undoes, last first, when policy undoOnTakeover is true', async () => {
    const { actuator, audit, context } = setup({ policy: { undoOnTakeover: true } });
    const result = await executePlan({
      ...context,
      stopRequested: takenOver(() => actuator.calls.includes('apply s3')),
    });
    expect(result.outcome).toBe('stopped');
    expect(actuator.calls.slice(-2)).toEqual(['undo s3 undo-s3', 'undo s2 undo-s2']);
    expect(audit.entries.find((e) => e.action === 'execution_stopped')?.detail.undo).toBe(true);
    expect(result.actions.map((a) => a.status)).toEqual(['undone', 'undone']);
  });

  it('does not promote a canary past a stop request', async () => {
    const progressive: RemediationPlan = {
      ...plan,
      strategy: 'restart',
      steps: [step('r1', 'restart', { kind: 'apply', params: { progressive: { canary: 1, watch_s: 60 } } })],
    };
    const { actuator, context, metrics } = setup({ plan: progressive });
    actuator.progressive = true;
    metrics.valueAt = (t) => (t < START ? FAILING : HEALTHY);
    const result = await executePlan({
      ...context,
      replicasOf: () => 4,
      stopRequested: takenOver(() => actuator.calls.some((c) => c.startsWith('apply r1-canary'))),
    });
    expect(result.outcome).toBe('stopped');
    expect(actuator.calls).toEqual(['plan r1', 'apply r1-canary canary=1']);
    expect(result.actions.map((a) => [a.step_id, a.status])).toEqual([
      ['r1', 'denied'],
      ['r1-canary', 'applied'],
    ]);
  });

  it('never starts when the stop comes before the first step', async () => {
    const { actuator, context } = setup();
    const result = await executePlan({ ...context, stopRequested: takenOver(() => true) });
    expect(result.outcome).toBe('stopped');
    expect(actuator.calls).toEqual([]);
    expect(result.actions).toEqual([]);
  });
});
