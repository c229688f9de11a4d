import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IncidentState } from '../core/index.js';
import { DEFAULT_PRIORS } from '../reasoning/priors.js';
import { MemoryStore } from '../store/memory-store.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import {
  postgresUnavailable,
  TEST_POSTGRES_URL,
  TestSchemas,
} from '../store/postgres/testing/test-database.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { actionFixture, incidentFixture, reportFixture, T0 } from '../store/store-fixtures.js';
import { auditHead } from './audit-head.js';
import { ROOT_CAUSE_OVERRIDE_ACTION } from './corrections.js';
import { StoreLearning } from './store-learning.js';

const RESOLVED_PATH: IncidentState[] = ['investigating', 'decided', 'remediating', 'verifying', 'resolved'];

/** An incident afr resolved with a verified config_revert on payment (or only opened, `report: false`). */
async function resolvedIncident(store: Store, id: string, at: number, options: { report?: boolean } = {}) {
  await store.createIncident(incidentFixture({ id, created_at: at, updated_at: at }));
  if (options.report === false) return;
  let state: IncidentState = 'detected';
  for (const to of RESOLVED_PATH) {
    await store.transitionIncident(id, state, to, 'test', at + 1);
    state = to;
  }
  await store.saveAction(actionFixture({ id: `${id}-a`, incident_id: id, status: 'verified' }));
  await store.saveReport(reportFixture({ incident_id: id }));
}

/** Counts the store calls a StoreLearning makes. */
function counting(store: Store): { store: Store; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(property), (calls.get(String(property)) ?? 0) + 1);
        return value.apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

const unavailable = await postgresUnavailable();
const schemas = new TestSchemas();
afterAll(() => (unavailable ? undefined : schemas.dropAll()));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const backends: [string, () => Promise<Store>][] = [
  ['memory', async () => new MemoryStore()],
  [
    'sqlite',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afr-learning-'));
      dirs.push(dir);
      return SqliteStore.open({ dataDir: dir });
    },
  ],
];
if (!unavailable) {
  backends.push([
    'postgres',
    async () => PostgresStore.open({ url: TEST_POSTGRES_URL, schema: schemas.take(), poolSize: 2 }),
  ]);
}

for (const [name, open] of backends) {
  describe(`StoreLearning on ${name}`, () => {
    it('learns nothing from an empty store: the default priors', async () => {
      const store = await open();
      const lessons = await new StoreLearning(store).lessons();
      expect(lessons.records).toEqual([]);
      expect(lessons.priors).toBe(DEFAULT_PRIORS);
      await store.close();
    });

    it('learns confirmed incidents, then a report saved later and a correction audited later', async () => {
      const store = await open();
      const learning = new StoreLearning(store);
      await resolvedIncident(store, 'INC-1', T0);
      await resolvedIncident(store, 'INC-2', T0 + 100, { report: false });
      let lessons = await learning.lessons();
      expect(lessons.records.map((r) => r.incident_id)).toEqual(['INC-1']);
      expect(lessons.counts.causes).toEqual({ config_change: 1 });
      expect(lessons.priors.cause.config_change).toBeGreaterThan(DEFAULT_PRIORS.cause.config_change);

      await store.saveReport(reportFixture({ incident_id: 'INC-2', decision: 'escalate' }));
      // A correction changes nothing the listing shows: the audit log tells.
      await store.appendAudit({
        incident_id: 'INC-1',
        actor: 'alice',
        action: ROOT_CAUSE_OVERRIDE_ACTION,
        detail: {
          service: 'db',
          cause: 'resource_exhaustion',
          previous_service: 'payment',
          previous_cause: 'config_change',
        },
        at: T0 + 500,
      });
      lessons = await learning.lessons();
      expect(lessons.records.map((r) => r.incident_id)).toEqual(['INC-2', 'INC-1']);
      expect(lessons.records[1]?.confirmed).toMatchObject({ service: 'db', by: 'human_override' });
      expect(lessons.counts.causes).toEqual({ resource_exhaustion: 1 });
      expect(lessons.counts.corrections.root_cause_overrides).toBe(1);

      // A restart (a new model over the same store) learns the same.
      const again = await new StoreLearning(store).lessons();
      expect(again.counts).toEqual(lessons.counts);
      await store.close();
    });

    it('reads only what changed: a second call with nothing new reads no report', async () => {
      const raw = await open();
      for (let i = 0; i < 5; i++) await resolvedIncident(raw, `INC-${i}`, T0 + i);
      const { store, calls } = counting(raw);
      const learning = new StoreLearning(store);
      await learning.lessons();
      expect(calls.get('getReport')).toBe(5);
      calls.clear();
      await learning.lessons();
      expect(calls.get('getReport')).toBeUndefined();
      expect(calls.get('listIncidents')).toBe(1);
      await resolvedIncident(raw, 'INC-new', T0 + 50);
      calls.clear();
      const lessons = await learning.lessons();
      expect(calls.get('getReport')).toBe(1);
      expect(lessons.records).toHaveLength(6);
      await raw.close();
    });

    it('keeps to its window of recent incidents', async () => {
      const store = await open();
      for (let i = 0; i < 4; i++) await resolvedIncident(store, `INC-${i}`, T0 + i);
      const lessons = await new StoreLearning(store, { window: 2 }).lessons();
      expect(lessons.records.map((r) => r.incident_id)).toEqual(['INC-3', 'INC-2']);
      expect(() => new StoreLearning(store, { window: 0 })).toThrow(
        /learning window: expected a positive integer/,
      );
      await store.close();
    });

    it('finds the newest audit seq in a few queries', async () => {
      const store = await open();
      expect(await auditHead(store)).toBe(0);
      for (let n = 1; n <= 37; n++) {
        await store.appendAudit({ incident_id: null, actor: 't', action: 'x', detail: {}, at: T0 + n });
        if (n === 1 || n === 2 || n === 16 || n === 17 || n === 37) expect(await auditHead(store)).toBe(n);
      }
      await store.close();
    });
  });
}
