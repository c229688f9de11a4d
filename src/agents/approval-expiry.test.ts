/**
 * Approval requests expire after `commander.escalation_timeout_seconds`, counted on the
 * incident's clock from when the incident entered awaiting_approval (a manual clock here).
 */
import { describe, expect, it } from 'vitest';
import { ManualClock, MemoryNotifier } from '../connectors/memory/index.js';
import { MemoryStore } from '../store/memory-store.js';
import { incidentFixture, planFixture, reportFixture, T0 } from '../store/store-fixtures.js';
import { expireApprovals } from './approval-expiry.js';
import { CommanderAgent } from './commander.js';

/** An incident that asked for approval at `askedAt`. */
async function waiting(store: MemoryStore, id: string, askedAt: number): Promise<void> {
  await store.createIncident(incidentFixture({ id, state: 'detected', created_at: T0, updated_at: T0 }));
  await store.transitionIncident(id, 'detected', 'investigating', 'plan', T0);
  await store.transitionIncident(id, 'investigating', 'decided', 'approve', T0);
  await store.transitionIncident(id, 'decided', 'awaiting_approval', 'approval requested', askedAt);
  await store.savePlan(id, planFixture({ strategy: 'rollback', target: 'checkout' }));
  await store.saveReport(reportFixture({ incident_id: id, state: 'awaiting_approval' }));
}

describe('expireApprovals', () => {
  it('escalates a request older than the timeout, audits it and notifies, and leaves younger ones', async () => {
    const store = new MemoryStore();
    const clock = new ManualClock(T0 + 100);
    const notifier = new MemoryNotifier();
    await waiting(store, 'INC-old', T0 + 100);
    await waiting(store, 'INC-young', T0 + 250);
    const deps = { store, clock, timeoutSeconds: 300, notifiers: [notifier] };

    await clock.sleep(299);
    expect(await expireApprovals(deps)).toEqual([]);
    await clock.sleep(1);
    expect(await expireApprovals(deps)).toEqual([
      { incident_id: 'INC-old', requested_at: T0 + 100, waited_s: 300 },
    ]);

    expect((await store.getIncident('INC-old'))?.state).toBe('escalated');
    expect((await store.getIncident('INC-young'))?.state).toBe('awaiting_approval');
    expect((await store.getStateHistory('INC-old')).at(-1)).toEqual({
      from: 'awaiting_approval',
      to: 'escalated',
      reason: 'approval request expired: no decision within 300 s',
      at: T0 + 400,
    });
    const audit = (await store.listAudit({ incident_id: 'INC-old' })).at(-1);
    expect(audit).toMatchObject({
      actor: 'afr',
      action: 'approval_expired',
      detail: { requested_at: T0 + 100, timeout_s: 300, waited_s: 300 },
    });
    expect((await store.getReport('INC-old'))?.state).toBe('escalated');
    expect(notifier.events).toHaveLength(1);
    expect(notifier.events[0]).toMatchObject({
      kind: 'escalated',
      incident_id: 'INC-old',
      service: 'checkout',
    });
    expect(notifier.events[0].text).toMatch(/rollback on checkout within 300 s/);

    // A second pass does not escalate (or notify) twice.
    expect(await expireApprovals(deps)).toEqual([]);
    expect(notifier.events).toHaveLength(1);
  });

  it('counts from the latest request, and leaves decided incidents alone', async () => {
    const store = new MemoryStore();
    const clock = new ManualClock(T0 + 1000);
    await waiting(store, 'INC-1', T0 + 900);
    await store.transitionIncident('INC-1', 'awaiting_approval', 'remediating', 'approved', T0 + 950);
    expect(await expireApprovals({ store, clock, timeoutSeconds: 10 })).toEqual([]);
    expect((await store.getIncident('INC-1'))?.state).toBe('remediating');
  });

  it('refuses a timeout that is not positive, naming the key', async () => {
    const store = new MemoryStore();
    await expect(expireApprovals({ store, clock: new ManualClock(T0), timeoutSeconds: 0 })).rejects.toThrow(
      /escalation_timeout_seconds: expected a number > 0/,
    );
  });

  it("is the Commander's expireApprovals, with commander.escalation_timeout_seconds", async () => {
    const store = new MemoryStore();
    const clock = new ManualClock(T0 + 100);
    const notifier = new MemoryNotifier();
    await waiting(store, 'INC-1', T0 + 100);
    const commander = new CommanderAgent({
      store,
      clock,
      notifiers: [notifier],
      escalationTimeoutSeconds: 60,
    });
    await clock.sleep(59);
    expect(await commander.expireApprovals()).toEqual([]);
    await clock.sleep(1);
    expect((await commander.expireApprovals()).map((e) => e.incident_id)).toEqual(['INC-1']);
    expect(notifier.events.map((e) => e.kind)).toEqual(['escalated']);
  });
});
