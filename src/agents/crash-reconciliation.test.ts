/**
 * Crash reconciliation: an action saved as started with no result is found on restart,
 * its target described again, marked interrupted, audited, and the incident escalated,
 * never re-applied. An execution still alive (its lease held) is left alone.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock, MemoryNotifier } from '../connectors/memory/index.js';
import { failure } from '../core/index.js';
import { InMemoryServiceLock } from '../remediation/service-lock.js';
import { FakeActuator, step } from '../remediation/testing/execution-fixtures.js';
import { MemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/store.js';
import { actionFixture, incidentFixture, planFixture, reportFixture, T0 } from '../store/store-fixtures.js';
import { CommanderAgent } from './commander.js';
import { reconcileIncident, reconcileInterrupted } from './crash-reconciliation.js';
import { executionLeaseName, executionLeaseOwner } from './execution-lease.js';

async function remediating(store: Store, id = 'INC-1'): Promise<void> {
  await store.createIncident(incidentFixture({ id, state: 'detected', created_at: T0, updated_at: T0 }));
  await store.transitionIncident(id, 'detected', 'investigating', 'plan', T0);
  await store.transitionIncident(id, 'investigating', 'decided', 'act', T0);
  await store.transitionIncident(id, 'decided', 'remediating', 'config_revert on payment', T0 + 5);
  await store.saveReport(reportFixture({ incident_id: id, state: 'remediating', actions: [] }));
  // The first step was applied; the second was under way when the process died.
  await store.saveAction(
    actionFixture({
      id: `${id}-a1`,
      incident_id: id,
      target: 'payment',
      status: 'applied',
      finished_at: T0 + 20,
    }),
  );
  await store.saveAction(
    actionFixture({
      id: `${id}-a2`,
      incident_id: id,
      target: 'payment-db',
      strategy: 'scale_up',
      status: 'planned',
      finished_at: null,
    }),
  );
}

function deps(store: Store, actuator = new FakeActuator()) {
  return {
    store,
    lock: new InMemoryServiceLock(),
    clock: new ManualClock(T0 + 600),
    actuator,
    notifiers: [new MemoryNotifier()],
    actor: 'afr:replica-2',
  };
}

describe('reconcileInterrupted', () => {
  it('marks the unfinished action interrupted, describes the targets, audits and escalates, applying nothing', async () => {
    const store = new MemoryStore();
    await remediating(store);
    const d = deps(store);
    const found = await reconcileInterrupted(d);

    expect(found).toEqual([
      {
        incident_id: 'INC-1',
        state: 'remediating',
        interrupted: ['INC-1-a2'],
        left_applied: ['INC-1-a1'],
        targets: {
          payment: { described: { target: 'payment' } },
          'payment-db': { described: { target: 'payment-db' } },
        },
      },
    ]);
    expect(d.actuator.calls).toEqual([]); // describe only: no plan, apply or undo
    const actions = await store.getActions('INC-1');
    expect(actions.map((a) => [a.id, a.status])).toEqual([
      ['INC-1-a1', 'applied'],
      ['INC-1-a2', 'interrupted'],
    ]);
    expect(actions[1].finished_at).toBe(T0 + 600);
    expect(actions[1].reason).toMatch(
      /whether it took effect is unknown; payment-db now: \{"target":"payment-db"\}/,
    );
    const incident = await store.getIncident('INC-1');
    expect(incident?.state).toBe('escalated');
    const last = (await store.getStateHistory('INC-1')).at(-1);
    expect(last?.reason).toBe(
      'afr stopped while the incident was remediating: 1 action(s) interrupted, 1 applied change(s) left in place; nothing repeated or undone; check payment, payment-db',
    );
    const audit = (await store.listAudit({ incident_id: 'INC-1' })).at(-1);
    expect(audit).toMatchObject({ actor: 'afr:replica-2', action: 'reconciled_after_crash' });
    expect(audit?.detail.interrupted).toEqual(['INC-1-a2']);
    const report = await store.getReport('INC-1');
    expect(report?.state).toBe('escalated');
    expect(report?.actions.map((a) => a.status)).toEqual(['interrupted']);
    expect(d.notifiers[0].events.map((e) => [e.kind, e.incident_id])).toEqual([['escalated', 'INC-1']]);
    // Done once: a second pass finds nothing.
    expect(await reconcileInterrupted(d)).toEqual([]);
  });

  it('leaves an execution that is still alive alone, and takes it once its lease is gone', async () => {
    const store = new MemoryStore();
    await remediating(store);
    const d = deps(store);
    await d.lock.acquire(executionLeaseName('INC-1'), executionLeaseOwner('INC-1'), 60_000);
    expect(await reconcileInterrupted(d)).toEqual([]);
    expect((await store.getIncident('INC-1'))?.state).toBe('remediating');
    // The work queue knows its owner died: force skips the lease.
    expect(await reconcileIncident(d, 'INC-1', { force: true })).toMatchObject({ interrupted: ['INC-1-a2'] });
    await d.lock.release(executionLeaseName('INC-1'), executionLeaseOwner('INC-1'));
  });

  it('records why a target could not be described', async () => {
    const store = new MemoryStore();
    await remediating(store);
    const actuator = new FakeActuator();
    actuator.describe = async (target: string) =>
      failure(`deployments.apps "${target}" not found`, { connector: 'fake', query: target });
    const found = await reconcileInterrupted(deps(store, actuator));
    expect(found[0].targets['payment-db']).toEqual({ error: 'deployments.apps "payment-db" not found' });
    expect((await store.getActions('INC-1'))[1].reason).toMatch(
      /payment-db now: cannot describe \(deployments.apps/,
    );
  });

  it('finds what a crashed approval left: the action saved before the actuator call', async () => {
    const store = new MemoryStore();
    await store.createIncident(
      incidentFixture({ id: 'INC-9', state: 'detected', created_at: T0, updated_at: T0 }),
    );
    await store.transitionIncident('INC-9', 'detected', 'investigating', 'plan', T0);
    await store.transitionIncident('INC-9', 'investigating', 'decided', 'approve', T0);
    await store.transitionIncident('INC-9', 'decided', 'awaiting_approval', 'asked', T0);
    await store.savePlan(
      'INC-9',
      planFixture({
        strategy: 'scale_up',
        target: 'api',
        steps: [step('INC-9-s1', 'scale_up', { kind: 'apply' })],
      }),
    );
    // The process dies while the actuator applies: every later store call fails.
    let dead = false;
    const dying = new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (dead) return Promise.reject(new Error('process died'));
          return value.apply(target, args);
        };
      },
    });
    const first = new FakeActuator();
    first.onApply = () => {
      dead = true;
    };
    const before = new CommanderAgent({
      store: dying,
      actuator: first,
      autoRemediate: true,
      clock: new ManualClock(T0),
    });
    await expect(before.approve('INC-9', 'alice')).rejects.toThrow('process died');
    expect(first.calls.filter((c) => c.startsWith('apply'))).toEqual(['apply INC-9-s1']);

    // Restart: a new process (new in-memory locks) on the same store.
    const second = new FakeActuator();
    const after = new CommanderAgent({
      store,
      actuator: second,
      autoRemediate: true,
      clock: new ManualClock(T0 + 60),
    });
    const found = await after.reconcileInterrupted();
    expect(found.map((r) => [r.incident_id, r.interrupted])).toEqual([['INC-9', ['INC-9-s1-a']]]);
    expect(second.calls).toEqual([]);
    expect((await store.getIncident('INC-9'))?.state).toBe('escalated');
    expect((await store.getActions('INC-9')).map((a) => a.status)).toEqual(['interrupted']);
  });
});
