import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defineCoordinationContract,
  inbox,
  intakeFixture,
  settle,
} from '../coordination/coordination-contract.js';
import { T0 } from '../store-fixtures.js';
import { LATEST_POSTGRES_SCHEMA_VERSION } from './migrations.js';
import { notifyChannel } from './notification-listener.js';
import { PostgresCoordination } from './postgres-coordination.js';
import { postgresUnavailable, TEST_POSTGRES_URL, TestSchemas } from './testing/test-database.js';

const unavailable = await postgresUnavailable();
const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

/** Each call is a replica of its own: a separate pool (and notification connection). */
const replicaOn = (schema: string) =>
  PostgresCoordination.open({ url: TEST_POSTGRES_URL, schema, poolSize: 4 });

if (unavailable) {
  describe.skip(`PostgresCoordination: ${unavailable}`, () => {
    it('needs PostgreSQL', () => {});
  });
} else {
  defineCoordinationContract('PostgresCoordination (two pools)', () => {
    let schema = '';
    return {
      async open() {
        schema = schemas.take();
        return replicaOn(schema);
      },
      openReplica: () => replicaOn(schema),
      async cleanup() {
        if (schema) await schemas.giveBack(schema, LATEST_POSTGRES_SCHEMA_VERSION);
      },
    };
  });

  describe('PostgresCoordination across replicas', () => {
    let schema: string;
    let a: PostgresCoordination;
    let b: PostgresCoordination;

    beforeEach(async () => {
      schema = schemas.take();
      [a, b] = await Promise.all([replicaOn(schema), replicaOn(schema)]);
    });

    afterEach(async () => {
      await Promise.all([a.close(), b.close()]);
      await schemas.giveBack(schema, LATEST_POSTGRES_SCHEMA_VERSION);
    });

    it('never hands one incident to two replicas claiming at once', async () => {
      for (let i = 0; i < 30; i++) await a.enqueueIncident(`INC-${i}`, i % 3, T0 + i);
      const owners = new Map<string, string[]>();
      for (let round = 0; round < 10 && [...owners.values()].flat().length < 30; round++) {
        const claims = await Promise.all(
          Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claimIncidents(`r${i}`, 60_000, 2, T0 + 100)),
        );
        claims.forEach((batch, i) => {
          for (const claim of batch)
            owners.set(claim.incident_id, [...(owners.get(claim.incident_id) ?? []), `r${i}`]);
        });
      }
      expect(owners.size).toBe(30);
      expect([...owners.values()].filter((who) => who.length > 1)).toEqual([]);
    });

    it("takes over a dead replica's incident once its lease runs out", async () => {
      await a.enqueueIncident('INC-1', 1, T0);
      expect(await a.claimIncidents('replica-a', 5000, 1, T0)).toHaveLength(1);
      await a.close();
      expect(await b.claimIncidents('replica-b', 5000, 1, T0 + 4)).toEqual([]);
      expect(await b.claimIncidents('replica-b', 5000, 1, T0 + 5)).toMatchObject([
        { incident_id: 'INC-1', attempts: 2 },
      ]);
      expect(await b.completeIncident('INC-1', 'replica-b')).toBe(true);
    });

    it('gives a service lock to exactly one of many racing owners', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? a : b).acquireServiceLock('checkout', `r${i}`, 60_000, T0),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = `r${results.indexOf(true)}`;
      expect(await a.acquireServiceLock('checkout', 'late', 60_000, T0 + 1)).toBe(false);
      expect(await b.releaseServiceLock('checkout', winner)).toBe(true);
    });

    it('journals one alert once when replicas receive it at the same time', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).recordAlert(intakeFixture('same-key', T0 + i))),
      );
      expect(results.filter((r) => r === 'new')).toHaveLength(1);
      expect(await a.pendingAlerts(10)).toHaveLength(1);
    });

    it('groups an alert into one incident when replicas race to group it', async () => {
      await a.recordAlert(intakeFixture('k1'));
      const [one, two] = await Promise.all([
        a.markAlertsGrouped(['k1'], 'INC-A'),
        b.markAlertsGrouped(['k1'], 'INC-B'),
      ]);
      expect([...one, ...two]).toEqual(['k1']);
    });

    it("delivers NOTIFY to the other pool's subscriber, and again after its connection is killed", async () => {
      const box = inbox();
      await b.subscribe('incidents', box.listener);
      await a.publish('incidents', 'INC-1');
      expect(await box.next()).toBe('INC-1');
      const killed = await schemas.raw(schema, (client) =>
        client.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1 AND application_name = 'afr'",
          [`LISTEN "${notifyChannel(schema)}"`],
        ),
      );
      expect(killed.rowCount).toBeGreaterThanOrEqual(1);
      // Notifications sent while the listener reconnects are lost by design; keep sending until one arrives.
      const deadline = Date.now() + 5000;
      while (box.messages.length < 2 && Date.now() < deadline) {
        await a.publish('incidents', 'INC-2');
        await settle(100);
      }
      expect(box.messages.slice(1, 2)).toEqual(['INC-2']);
    });

    it('keeps the notifications of two schemas apart', async () => {
      const other = schemas.take();
      const elsewhere = await replicaOn(other);
      try {
        const here = inbox();
        const there = inbox();
        await a.subscribe('incidents', here.listener);
        await elsewhere.subscribe('incidents', there.listener);
        await elsewhere.publish('incidents', 'for the other schema');
        await a.publish('incidents', 'for this schema');
        expect(await here.next()).toBe('for this schema');
        expect(await there.next()).toBe('for the other schema');
        await settle();
        expect([here.messages, there.messages]).toEqual([['for this schema'], ['for the other schema']]);
      } finally {
        await elsewhere.close();
        await schemas.giveBack(other, LATEST_POSTGRES_SCHEMA_VERSION);
      }
    });

    it('names the PostgreSQL channel after the schema, within the 63-byte limit', () => {
      expect(notifyChannel('afr')).toBe('afr:afr');
      expect(notifyChannel('s'.repeat(63))).toMatch(/^afr:[0-9a-f]{32}$/);
    });
  });
}
