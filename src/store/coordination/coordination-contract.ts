/**
 * The behaviour every Coordination must have, as a vitest suite. Each implementation's test
 * file calls `defineCoordinationContract` with a harness that opens a fresh coordination and
 * a second one over the same data, standing for another replica.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidStoreInputError, StoreClosedError } from '../store-errors.js';
import { alertFixture, T0 } from '../store-fixtures.js';
import type { Coordination, IntakeAlert } from './coordination.js';
import { MAX_PAYLOAD_BYTES } from './coordination-input.js';

export interface CoordinationHarness {
  /** A fresh, empty coordination. */
  open(): Promise<Coordination>;
  /** Another coordination over the data of the last `open`: a second replica. */
  openReplica(): Promise<Coordination>;
  cleanup(): void | Promise<void>;
}

export function intakeFixture(
  key: string,
  received_at = T0,
  overrides: Partial<IntakeAlert> = {},
): IntakeAlert {
  return {
    key,
    source: 'alertmanager',
    alert: alertFixture({ id: `ALERT-${key}` }),
    received_at,
    ...overrides,
  };
}

/** Collects what a subscription receives; `next` waits for the first message not yet read. */
export function inbox(): {
  messages: string[];
  listener: (payload: string) => void;
  next(): Promise<string>;
} {
  const messages: string[] = [];
  let read = 0;
  return {
    messages,
    listener(payload) {
      messages.push(payload);
    },
    async next() {
      const deadline = Date.now() + 5000;
      while (messages.length <= read) {
        if (Date.now() > deadline) {
          throw new Error(`no message ${read + 1} within 5 s; got ${JSON.stringify(messages)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return messages[read++];
    },
  };
}

/** Lets asynchronous deliveries that are on their way arrive. */
export const settle = (ms = 100) => new Promise((resolve) => setTimeout(resolve, ms));

export function defineCoordinationContract(name: string, createHarness: () => CoordinationHarness): void {
  describe(`Coordination contract: ${name}`, () => {
    let harness: CoordinationHarness;
    let a: Coordination;
    const opened: Coordination[] = [];
    const replica = async () => {
      const b = await harness.openReplica();
      opened.push(b);
      return b;
    };

    beforeEach(async () => {
      harness = createHarness();
      a = await harness.open();
      opened.push(a);
    });

    afterEach(async () => {
      for (const c of opened.splice(0)) await c.close();
      await harness.cleanup();
    });

    describe('intake journal', () => {
      it('journals a key once, across replicas, keeping the first delivery', async () => {
        const b = await replica();
        expect(await a.recordAlert(intakeFixture('k1'))).toBe('new');
        expect(await a.recordAlert(intakeFixture('k1', T0 + 5, { source: 'again' }))).toBe('duplicate');
        expect(await b.recordAlert(intakeFixture('k1'))).toBe('duplicate');
        expect(await b.pendingAlerts(10)).toEqual([intakeFixture('k1')]);
      });

      it('journals a batch in one call, answering per alert in order', async () => {
        const b = await replica();
        await a.recordAlert(intakeFixture('seen'));
        const results = await b.recordAlerts([
          intakeFixture('n1'),
          intakeFixture('seen'),
          intakeFixture('n2', T0 + 1),
          intakeFixture('n1', T0 + 2),
        ]);
        expect(results).toEqual(['new', 'duplicate', 'new', 'duplicate']);
        expect((await a.pendingAlerts(10)).map((i) => i.key).sort()).toEqual(['n1', 'n2', 'seen']);
        expect(await a.recordAlerts([])).toEqual([]);
      });

      it('lists pending alerts oldest first, then in arrival order, up to the limit', async () => {
        await a.recordAlert(intakeFixture('late', T0 + 10));
        await a.recordAlert(intakeFixture('x', T0));
        await a.recordAlert(intakeFixture('y', T0));
        expect((await a.pendingAlerts(10)).map((i) => i.key)).toEqual(['x', 'y', 'late']);
        expect((await a.pendingAlerts(2)).map((i) => i.key)).toEqual(['x', 'y']);
      });

      it('marks alerts grouped once: a racing replica gets back only what it marked', async () => {
        const b = await replica();
        for (const key of ['k1', 'k2', 'k3']) await a.recordAlert(intakeFixture(key));
        expect(await a.markAlertsGrouped(['k1', 'k2', 'unknown'], 'INC-1')).toEqual(['k1', 'k2']);
        expect(await b.markAlertsGrouped(['k2', 'k3'], 'INC-2')).toEqual(['k3']);
        expect(await a.pendingAlerts(10)).toEqual([]);
        expect(await a.markAlertsGrouped([], 'INC-1')).toEqual([]);
      });

      it('refuses bad input, naming the field', async () => {
        await expect(a.recordAlert(intakeFixture(''))).rejects.toThrow(/intake\.key/);
        await expect(a.recordAlert(intakeFixture('k', Number.NaN))).rejects.toThrow(/intake\.received_at/);
        await expect(a.recordAlert({ ...intakeFixture('k'), alert: null as never })).rejects.toThrow(
          /intake\.alert/,
        );
        await expect(a.pendingAlerts(0)).rejects.toThrow(InvalidStoreInputError);
        await expect(a.markAlertsGrouped(['ok', ''], 'INC-1')).rejects.toThrow(/keys\[1\]/);
        expect(await a.pendingAlerts(10)).toEqual([]);
      });
    });

    describe('work queue', () => {
      async function enqueueFour(): Promise<void> {
        expect(await a.enqueueIncident('low-old', 3, T0)).toBe(true);
        expect(await a.enqueueIncident('high-new', 1, T0 + 20)).toBe(true);
        expect(await a.enqueueIncident('high-old', 1, T0 + 10)).toBe(true);
        expect(await a.enqueueIncident('high-old-2', 1, T0 + 10)).toBe(true);
      }

      it('claims by priority, then age, then enqueue order, up to the limit', async () => {
        await enqueueFour();
        const claims = await a.claimIncidents('r1', 30_000, 3, T0 + 30);
        expect(claims.map((c) => c.incident_id)).toEqual(['high-old', 'high-old-2', 'high-new']);
        expect(claims[0]).toEqual({
          incident_id: 'high-old',
          priority: 1,
          enqueued_at: T0 + 10,
          attempts: 1,
          lease_expires_at: T0 + 60,
        });
        expect((await a.claimIncidents('r1', 30_000, 3, T0 + 30)).map((c) => c.incident_id)).toEqual([
          'low-old',
        ]);
        expect(await a.claimIncidents('r1', 30_000, 3, T0 + 30)).toEqual([]);
      });

      it('enqueues an incident once', async () => {
        expect(await a.enqueueIncident('INC-1', 1, T0)).toBe(true);
        expect(await a.enqueueIncident('INC-1', 1, T0 + 1)).toBe(false);
        expect(await a.claimIncidents('r1', 1000, 10, T0)).toHaveLength(1);
      });

      it('hands an incident under a live lease to nobody else', async () => {
        const b = await replica();
        await enqueueFour();
        const first = await a.claimIncidents('r1', 10_000, 2, T0);
        const second = await b.claimIncidents('r2', 10_000, 10, T0 + 9);
        const ids = (claims: { incident_id: string }[]) => claims.map((c) => c.incident_id);
        expect(ids(second)).toEqual(['high-new', 'low-old']);
        expect(ids(first).filter((id) => ids(second).includes(id))).toEqual([]);
      });

      it('lets another replica take over an expired lease; the old owner then loses it', async () => {
        const b = await replica();
        await a.enqueueIncident('INC-1', 1, T0);
        await a.claimIncidents('r1', 10_000, 1, T0);
        expect(await a.renewLease('INC-1', 'r1', 10_000, T0 + 5)).toBe(true);
        expect(await b.claimIncidents('r2', 10_000, 1, T0 + 14)).toEqual([]);
        const [taken] = await b.claimIncidents('r2', 10_000, 1, T0 + 15);
        expect(taken).toMatchObject({ incident_id: 'INC-1', attempts: 2, lease_expires_at: T0 + 25 });
        expect(await a.renewLease('INC-1', 'r1', 10_000, T0 + 16)).toBe(false);
        expect(await a.completeIncident('INC-1', 'r1')).toBe(false);
        expect(await b.renewLease('INC-1', 'r2', 10_000, T0 + 16)).toBe(true);
        expect(await a.claimIncidents('r1', 10_000, 1, T0 + 25)).toEqual([]);
      });

      it('completes exactly once, and only by the owner', async () => {
        const b = await replica();
        await a.enqueueIncident('INC-1', 1, T0);
        expect(await a.completeIncident('INC-1', 'r1')).toBe(false);
        await a.claimIncidents('r1', 1000, 1, T0);
        expect(await b.completeIncident('INC-1', 'r2')).toBe(false);
        const results = await Promise.all([
          a.completeIncident('INC-1', 'r1'),
          b.completeIncident('INC-1', 'r1'),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await a.renewLease('INC-1', 'r1', 1000, T0)).toBe(false);
        expect(await b.claimIncidents('r2', 1000, 1, T0 + 3600)).toEqual([]);
        expect(await a.enqueueIncident('INC-1', 1, T0 + 3600)).toBe(false);
      });

      it('gives a released incident back to the queue', async () => {
        const b = await replica();
        await a.enqueueIncident('INC-1', 1, T0);
        await a.claimIncidents('r1', 60_000, 1, T0);
        expect(await b.releaseIncident('INC-1', 'r2')).toBe(false);
        expect(await a.releaseIncident('INC-1', 'r1')).toBe(true);
        expect(await b.claimIncidents('r2', 60_000, 1, T0 + 1)).toMatchObject([
          { incident_id: 'INC-1', attempts: 2 },
        ]);
        expect(await a.releaseIncident('INC-1', 'r1')).toBe(false);
      });

      it('refuses bad input, naming the field', async () => {
        await expect(a.enqueueIncident('', 1, T0)).rejects.toThrow(/incident id/);
        await expect(a.enqueueIncident('INC-1', Number.NaN, T0)).rejects.toThrow(/priority/);
        await expect(a.claimIncidents('', 1000, 1, T0)).rejects.toThrow(/owner/);
        await expect(a.claimIncidents('r1', 0, 1, T0)).rejects.toThrow(/leaseMs/);
        await expect(a.claimIncidents('r1', 1000, 1.5, T0)).rejects.toThrow(/limit/);
        await expect(a.renewLease('INC-1', 'r1', -5, T0)).rejects.toThrow(/leaseMs/);
      });
    });

    describe('service locks', () => {
      it('is exclusive until released or expired; the holder may extend it', async () => {
        const b = await replica();
        expect(await a.acquireServiceLock('checkout', 'r1', 10_000, T0)).toBe(true);
        expect(await b.acquireServiceLock('checkout', 'r2', 10_000, T0 + 1)).toBe(false);
        expect(await b.acquireServiceLock('payment', 'r2', 10_000, T0 + 1)).toBe(true);
        expect(await a.acquireServiceLock('checkout', 'r1', 10_000, T0 + 5)).toBe(true);
        expect(await b.acquireServiceLock('checkout', 'r2', 10_000, T0 + 14)).toBe(false);
        expect(await b.acquireServiceLock('checkout', 'r2', 10_000, T0 + 15)).toBe(true);
        expect(await a.releaseServiceLock('checkout', 'r1')).toBe(false);
        expect(await a.acquireServiceLock('checkout', 'r1', 10_000, T0 + 16)).toBe(false);
        expect(await b.releaseServiceLock('checkout', 'r2')).toBe(true);
        expect(await a.acquireServiceLock('checkout', 'r1', 10_000, T0 + 16)).toBe(true);
      });

      it('refuses bad input, naming the field', async () => {
        await expect(a.acquireServiceLock('', 'r1', 1000, T0)).rejects.toThrow(/service/);
        await expect(a.acquireServiceLock('checkout', 'r1', Number.POSITIVE_INFINITY, T0)).rejects.toThrow(
          /ttlMs/,
        );
        await expect(a.releaseServiceLock('checkout', '')).rejects.toThrow(/owner/);
      });
    });

    describe('live updates', () => {
      it('reaches subscribers of the channel in this and other replicas', async () => {
        const b = await replica();
        const here = inbox();
        const there = inbox();
        const elsewhere = inbox();
        await a.subscribe('incidents', here.listener);
        await b.subscribe('incidents', there.listener);
        await b.subscribe('audit', elsewhere.listener);
        await a.publish('incidents', '{"id":"INC-1"}');
        expect(await here.next()).toBe('{"id":"INC-1"}');
        expect(await there.next()).toBe('{"id":"INC-1"}');
        await b.publish('incidents', 'INC-2 ✓');
        expect(await here.next()).toBe('INC-2 ✓');
        await settle();
        expect(elsewhere.messages).toEqual([]);
      });

      it('stops delivering after unsubscribe, keeping other subscriptions', async () => {
        const first = inbox();
        const second = inbox();
        const stop = await a.subscribe('incidents', first.listener);
        await a.subscribe('incidents', second.listener);
        await a.publish('incidents', 'one');
        await first.next();
        stop();
        stop();
        await a.publish('incidents', 'two');
        expect(await second.next()).toBe('one');
        expect(await second.next()).toBe('two');
        await settle();
        expect(first.messages).toEqual(['one']);
      });

      it('keeps delivering when a listener throws', async () => {
        const box = inbox();
        const warnings: string[] = [];
        const onWarning = (w: Error) => warnings.push(w.message);
        process.on('warning', onWarning);
        try {
          await a.subscribe('incidents', () => {
            throw new Error('listener bug');
          });
          await a.subscribe('incidents', box.listener);
          await a.publish('incidents', 'still here');
          expect(await box.next()).toBe('still here');
          await settle();
          expect(warnings.some((w) => w.includes('listener bug'))).toBe(true);
        } finally {
          process.off('warning', onWarning);
        }
      });

      it('refuses an oversized payload and a bad channel', async () => {
        await expect(a.publish('incidents', 'x'.repeat(MAX_PAYLOAD_BYTES + 1))).rejects.toThrow(
          /send ids, not documents/,
        );
        await expect(a.publish('incidents', 'é'.repeat(MAX_PAYLOAD_BYTES / 2 + 1))).rejects.toThrow(
          /payload/,
        );
        await expect(a.publish('incidents', 'nul\0')).rejects.toThrow(/NUL/);
        await expect(a.publish('bad channel', 'x')).rejects.toThrow(/channel/);
        await expect(a.subscribe('', () => {})).rejects.toThrow(/channel/);
        await a.publish('incidents', 'x'.repeat(MAX_PAYLOAD_BYTES));
      });
    });

    describe('lifecycle', () => {
      it('rejects calls after close and stops delivering to its subscribers; closing twice is fine', async () => {
        const b = await replica();
        const box = inbox();
        await a.subscribe('incidents', box.listener);
        await a.close();
        await a.close();
        await expect(a.recordAlert(intakeFixture('k'))).rejects.toThrow(StoreClosedError);
        await expect(a.claimIncidents('r1', 1000, 1, T0)).rejects.toThrow(StoreClosedError);
        await expect(a.publish('incidents', 'x')).rejects.toThrow(StoreClosedError);
        await b.publish('incidents', 'after close');
        await settle();
        expect(box.messages).toEqual([]);
      });
    });
  });
}
