import { describe, expect, it } from 'vitest';
import { DecisionConflictError, IncidentNotFoundError } from './human-decisions.js';
import { awaitingApproval } from './testing/awaiting-approval.js';

describe('human decisions', () => {
  it('approve carries out the proposed plan through verification, audited with the approver', async () => {
    const { commander, store, report, world } = await awaitingApproval('bad-deploy-error-spike');
    expect(report.state).toBe('awaiting_approval');
    const result = await commander.approve(report.incident_id, 'alice', 'looks right');
    expect(result.actions.length).toBeGreaterThan(0);
    expect(result.incident.state).toBe(result.outcome === 'resolved' ? 'resolved' : 'escalated');
    expect(result.outcome).toBe('resolved');
    expect(world.isHealthy()).toBe(true);
    const audit = await store.listAudit({ incident_id: report.incident_id });
    expect(audit.some((e) => e.action === 'approved' && e.actor === 'alice')).toBe(true);
    const saved = await store.getReport(report.incident_id);
    expect(saved?.state).toBe('resolved');
    expect(saved?.actions.length).toBe(result.actions.length);
    await expect(commander.approve(report.incident_id, 'bob')).rejects.toBeInstanceOf(DecisionConflictError);
  });

  it('reject escalates without acting', async () => {
    const { commander, store, report } = await awaitingApproval('db-connection-exhaustion');
    const result = await commander.reject(report.incident_id, 'carol', 'wrong service');
    expect(result.incident.state).toBe('escalated');
    expect(await store.getActions(report.incident_id)).toEqual([]);
    const audit = await store.listAudit({ incident_id: report.incident_id });
    expect(audit.find((e) => e.action === 'rejected')?.detail).toEqual({ reason: 'wrong service' });
  });

  it('override runs the human choice and records what afr had proposed', async () => {
    const { commander, store, report, world } = await awaitingApproval('bad-deploy-error-spike');
    const target = world.truth.service ?? '';
    const result = await commander.override(report.incident_id, 'dave', { strategy: 'rollback', target });
    expect(result.actions[0]?.strategy).toBe('rollback');
    const plan = await store.getPlan(report.incident_id);
    expect(plan?.rationale).toMatch(/overridden by dave/);
    await expect(commander.override('nope', 'dave', { strategy: 'restart', target })).rejects.toBeInstanceOf(
      IncidentNotFoundError,
    );
  });
});
