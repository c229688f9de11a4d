/**
 * The pipeline's periodic housekeeping, as `afr serve` runs it: approval requests expire
 * after commander.escalation_timeout_seconds, executions a crash interrupted are
 * reconciled, and an incident a human took over is not investigated again.
 */
import { describe, expect, it } from 'vitest';
import { CommanderAgent } from '../agents/commander.js';
import { ManualClock, MemoryNotifier } from '../connectors/memory/index.js';
import { IncidentManager } from '../incidents/incident-manager.js';
import { MemoryCoordination } from '../store/coordination/memory-coordination.js';
import { MemoryStore } from '../store/memory-store.js';
import { actionFixture, incidentFixture, T0 } from '../store/store-fixtures.js';
import { IncidentPipeline } from './incident-pipeline.js';
import { ServerMetrics } from './server-metrics.js';

const quiet = { info() {}, warn() {}, error() {} };

function setup() {
  const clock = new ManualClock(T0);
  const store = new MemoryStore();
  const coordination = new MemoryCoordination();
  const notifier = new MemoryNotifier();
  const commander = new CommanderAgent({ store, clock, notifiers: [notifier], escalationTimeoutSeconds: 60 });
  const pipeline = new IncidentPipeline({
    store,
    coordination,
    commander,
    manager: new IncidentManager({ rules: {} }),
    metrics: new ServerMetrics({ defaultMetrics: false }),
    replicaId: 'r1',
    workers: 2,
    leaseSeconds: 30,
    housekeepingSeconds: 5,
    log: quiet,
    now: () => clock.now(),
  });
  return { clock, store, coordination, notifier, pipeline };
}

async function openIncident(
  store: MemoryStore,
  id: string,
  to: 'awaiting_approval' | 'remediating',
  at: number,
) {
  await store.createIncident(incidentFixture({ id, state: 'detected', created_at: T0, updated_at: T0 }));
  await store.transitionIncident(id, 'detected', 'investigating', 'plan', T0);
  await store.transitionIncident(id, 'investigating', 'decided', 'decide', T0);
  await store.transitionIncident(id, 'decided', to, 'next', at);
}

describe('pipeline housekeeping', () => {
  it('expires an approval request past the timeout on a later pass, as this replica', async () => {
    const { clock, store, notifier, pipeline } = setup();
    await openIncident(store, 'INC-1', 'awaiting_approval', T0);
    await clock.sleep(30);
    await pipeline.runOnce();
    expect((await store.getIncident('INC-1'))?.state).toBe('awaiting_approval');
    await clock.sleep(31);
    await pipeline.runOnce();
    expect((await store.getIncident('INC-1'))?.state).toBe('escalated');
    const audit = (await store.listAudit({ incident_id: 'INC-1' })).at(-1);
    expect(audit).toMatchObject({ actor: 'afr:r1', action: 'approval_expired' });
    expect(notifier.events.map((e) => e.kind)).toEqual(['escalated']);
  });

  it('runs at most every housekeepingSeconds', async () => {
    const { clock, store, pipeline } = setup();
    await openIncident(store, 'INC-1', 'awaiting_approval', T0 - 58);
    await pipeline.runOnce(); // waited 58 s: not yet
    await clock.sleep(3);
    await pipeline.runOnce(); // 61 s, but housekeeping ran 3 s ago
    expect((await store.getIncident('INC-1'))?.state).toBe('awaiting_approval');
    await clock.sleep(2);
    await pipeline.runOnce();
    expect((await store.getIncident('INC-1'))?.state).toBe('escalated');
  });

  it('reconciles an execution a crash interrupted at its first pass (serve start)', async () => {
    const { store, pipeline } = setup();
    await openIncident(store, 'INC-2', 'remediating', T0);
    await store.saveAction(actionFixture({ id: 'A-1', incident_id: 'INC-2', finished_at: null }));
    await pipeline.runOnce();
    expect((await store.getIncident('INC-2'))?.state).toBe('escalated');
    expect((await store.getActions('INC-2'))[0].status).toBe('interrupted');
    const audit = (await store.listAudit({ incident_id: 'INC-2' })).at(-1);
    expect(audit).toMatchObject({ actor: 'afr:r1', action: 'reconciled_after_crash' });
  });

  it('does not investigate an incident a human took over while it was queued', async () => {
    const { store, coordination, pipeline } = setup();
    await store.createIncident(
      incidentFixture({ id: 'INC-3', state: 'detected', created_at: T0, updated_at: T0 }),
    );
    await coordination.enqueueIncident('INC-3', 1, T0);
    await store.transitionIncident('INC-3', 'detected', 'taken_over', 'taken over by erin', T0);
    await pipeline.runOnce();
    for (let i = 0; i < 20 && pipeline.busy > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect((await store.getIncident('INC-3'))?.state).toBe('taken_over');
    const audit = await store.listAudit({ incident_id: 'INC-3' });
    expect(audit.map((e) => [e.action, e.detail.attempted])).toEqual([
      ['refused_after_takeover', 'investigate'],
    ]);
  });
});
