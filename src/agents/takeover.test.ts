/**
 * `takeover`: a human takes an incident over and afr stops acting on it, in every path:
 * decisions afterwards, an execution in flight (approved or autonomous), approval expiry.
 */
import { describe, expect, it } from 'vitest';
import type { Actuator, PlanStep } from '../core/index.js';
import { simulatedCommanderOptions } from '../demo/simulated-commander.js';
import { createSimWorld } from '../sim/world.js';
import { MemoryStore } from '../store/memory-store.js';
import { CommanderAgent } from './commander.js';
import { DecisionConflictError, IncidentNotFoundError } from './human-decisions.js';
import { awaitingApproval } from './testing/awaiting-approval.js';

/** The world's actuator, calling `onApply` after each apply and counting undos. */
function watchedActuator(inner: Actuator, onApply: (step: PlanStep) => Promise<void>) {
  const calls: string[] = [];
  const actuator: Actuator = {
    id: inner.id,
    supports: (s) => inner.supports(s),
    describe: (t, ctx) => inner.describe(t, ctx),
    plan: (s, ctx) => inner.plan(s, ctx),
    apply: async (s, ctx) => {
      const result = await inner.apply(s, ctx);
      calls.push(`apply ${s.strategy} ${s.target}`);
      await onApply(s);
      return result;
    },
    undo: async (s, r, ctx) => {
      calls.push(`undo ${s.strategy} ${s.target}`);
      return inner.undo(s, r, ctx);
    },
  };
  return { actuator, calls };
}

describe('takeover', () => {
  it('moves the incident to taken_over, audits who, and refuses every later decision', async () => {
    const { commander, store, report } = await awaitingApproval('db-connection-exhaustion');
    const id = report.incident_id;
    const result = await commander.takeover(id, 'erin', 'handling it by hand');
    expect(result.outcome).toBe('taken_over');
    expect(result.incident.state).toBe('taken_over');
    const taken = (await store.listAudit({ incident_id: id })).find((e) => e.action === 'human_takeover');
    expect(taken).toMatchObject({
      actor: 'erin',
      detail: {
        previous_state: 'awaiting_approval',
        reason: 'handling it by hand',
        execution_in_flight: false,
      },
    });
    expect((await store.getReport(id))?.state).toBe('taken_over');

    await expect(commander.approve(id, 'bob')).rejects.toThrow(/taken over by a human/);
    await expect(commander.reject(id, 'bob', 'no')).rejects.toBeInstanceOf(DecisionConflictError);
    await expect(
      commander.override(id, 'bob', { strategy: 'restart', target: report.alert.service }),
    ).rejects.toBeInstanceOf(DecisionConflictError);
    await expect(commander.overrideRootCause(id, 'bob', { service: 'db' })).rejects.toBeInstanceOf(
      DecisionConflictError,
    );
    await expect(commander.takeover(id, 'frank')).rejects.toThrow(/already taken over/);
    const refused = (await store.listAudit({ incident_id: id })).filter(
      (e) => e.action === 'refused_after_takeover',
    );
    expect(refused.map((e) => [e.actor, e.detail.attempted])).toEqual([
      ['bob', 'approve'],
      ['bob', 'reject'],
      ['bob', 'override'],
      ['bob', 'override_root_cause'],
    ]);
    expect(await store.getActions(id)).toEqual([]);
  });

  it('is refused for an unknown or resolved incident', async () => {
    const { commander, report } = await awaitingApproval('bad-deploy-error-spike');
    await expect(commander.takeover('INC-nope', 'erin')).rejects.toBeInstanceOf(IncidentNotFoundError);
    await commander.approve(report.incident_id, 'alice');
    await expect(commander.takeover(report.incident_id, 'erin')).rejects.toThrow(
      /is resolved; nothing to take over/,
    );
  });

  it('stops an approved execution in flight; what was applied stays, nothing is undone', async () => {
    let commander: CommanderAgent | undefined;
    let incidentId = '';
    const world = createSimWorld({ scenario: 'bad-deploy-error-spike', seed: 1 });
    const watched = watchedActuator(world.actuator, async () => {
      await commander?.takeover(incidentId, 'erin');
    });
    const alert = world.runUntilAlert();
    if (!alert) throw new Error('no alert');
    const store = new MemoryStore();
    commander = new CommanderAgent({
      ...simulatedCommanderOptions(world),
      actuator: watched.actuator,
      store,
      confidenceThreshold: 1.01,
      approvalThreshold: 0,
    });
    const report = await commander.handleAlert(alert);
    incidentId = report.incident_id;
    const result = await commander.approve(incidentId, 'alice');

    expect(result.outcome).toBe('stopped');
    expect(result.incident.state).toBe('taken_over');
    expect(watched.calls).toEqual([`apply rollback ${report.remediation_plan?.target}`]);
    const actions = await store.getActions(incidentId);
    expect(actions.map((a) => [a.strategy, a.status])).toEqual([['rollback', 'applied']]);
    expect(actions[0].reason).toBe('left in place: a human took the incident over');
    const audit = (await store.listAudit({ incident_id: incidentId })).map((e) => e.action);
    expect(audit).toEqual(
      expect.arrayContaining(['human_takeover', 'execution_stopped', 'execution_finished_after_takeover']),
    );
    expect(audit.indexOf('execution_stopped')).toBeGreaterThan(audit.indexOf('human_takeover'));
    const history = await store.getStateHistory(incidentId);
    expect(history.at(-1)?.to).toBe('taken_over');
  });

  it('stops an autonomous execution too, and the report says taken_over', async () => {
    let commander: CommanderAgent | undefined;
    const world = createSimWorld({ scenario: 'bad-deploy-error-spike', seed: 1 });
    const alert = world.runUntilAlert();
    if (!alert) throw new Error('no alert');
    const watched = watchedActuator(world.actuator, async () => {
      await commander?.takeover(alert.id, 'erin');
    });
    const store = new MemoryStore();
    commander = new CommanderAgent({
      ...simulatedCommanderOptions(world),
      actuator: watched.actuator,
      store,
      confidenceThreshold: 0,
      approvalThreshold: 0,
    });
    const report = await commander.handleAlert(alert);
    expect(report.decision).toBe('act');
    expect(report.state).toBe('taken_over');
    expect(report.state_history.at(-1)?.to).toBe('taken_over');
    expect(watched.calls.filter((c) => c.startsWith('undo'))).toEqual([]);
    expect((await store.getIncident(report.incident_id))?.state).toBe('taken_over');
  });

  it('undoes what was applied when policy undoOnTakeover is true', async () => {
    let commander: CommanderAgent | undefined;
    let incidentId = '';
    const world = createSimWorld({ scenario: 'bad-deploy-error-spike', seed: 1 });
    const watched = watchedActuator(world.actuator, async () => {
      await commander?.takeover(incidentId, 'erin');
    });
    const alert = world.runUntilAlert();
    if (!alert) throw new Error('no alert');
    commander = new CommanderAgent({
      ...simulatedCommanderOptions(world),
      actuator: watched.actuator,
      confidenceThreshold: 1.01,
      approvalThreshold: 0,
      policy: { undoOnTakeover: true },
    });
    incidentId = (await commander.handleAlert(alert)).incident_id;
    const result = await commander.approve(incidentId, 'alice');
    expect(result.outcome).toBe('stopped');
    expect(watched.calls.at(-1)).toMatch(/^undo rollback /);
    expect(result.actions.map((a) => a.status)).toEqual(['undone']);
  });
});
