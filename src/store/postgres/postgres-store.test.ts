import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashAuditEntry } from '../audit-chain.js';
import { forgeConsistentRewrite } from '../contract/audit-rewrite.js';
import { StoreOpenError } from '../sqlite/database.js';
import { defineStoreContract, type StoreHarness } from '../store-contract.js';
import { InvalidStoreInputError, SchemaVersionError, StaleStateError } from '../store-errors.js';
import { findingFixture, incidentFixture, T0 } from '../store-fixtures.js';
import { describeTarget, openPostgres, schemaOf } from './connection.js';
import { LATEST_POSTGRES_SCHEMA_VERSION, POSTGRES_MIGRATIONS } from './migrations.js';
import { PostgresStore } from './postgres-store.js';
import { type AuditRow, auditFromRow } from './rows.js';
import { postgresUnavailable, TEST_POSTGRES_URL, TestSchemas } from './testing/test-database.js';

const unavailable = await postgresUnavailable();

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

/** Edits the audit log with its triggers disabled, like a database administrator could. */
function tamperWith(schema: string, ...statements: [string, unknown[]][]): Promise<void> {
  return schemas.raw(schema, async (client) => {
    await client.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    for (const [sql, params] of statements) await client.query(sql, params);
    await client.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  });
}

function postgresHarness(): StoreHarness {
  let schema = '';
  return {
    async open() {
      schema = schemas.take();
      return PostgresStore.open({ url: TEST_POSTGRES_URL, schema, poolSize: 4 });
    },
    async reopen() {
      return PostgresStore.open({ url: TEST_POSTGRES_URL, schema, poolSize: 4 });
    },
    tamper: {
      editDetail: (seq, detail) =>
        tamperWith(schema, [
          'UPDATE audit_log SET detail = $1::jsonb WHERE seq = $2',
          [JSON.stringify(detail), seq],
        ]),
      remove: (seq) => tamperWith(schema, ['DELETE FROM audit_log WHERE seq = $1', [seq]]),
      swap: (a, b) =>
        tamperWith(
          schema,
          ['UPDATE audit_log SET seq = -seq WHERE seq IN ($1, $2)', [a, b]],
          [
            'UPDATE audit_log SET seq = CASE seq WHEN -$1::bigint THEN $2::bigint ELSE $1::bigint END WHERE seq < 0',
            [a, b],
          ],
        ),
      rewrite: (seq, detail) =>
        schemas.raw(schema, async (client) => {
          const rows = (await client.query<AuditRow>('SELECT * FROM audit_log ORDER BY seq')).rows;
          const forged = forgeConsistentRewrite(rows.map(auditFromRow), seq, detail);
          await client.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
          for (const entry of forged.filter((e) => e.seq >= seq)) {
            await client.query(
              'UPDATE audit_log SET detail = $1::jsonb, prev_hash = $2, hash = $3 WHERE seq = $4',
              [JSON.stringify(entry.detail), entry.prev_hash, entry.hash, entry.seq],
            );
          }
          await client.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
        }),
    },
    async setSchemaVersion(version) {
      await schemas.raw(schema, (client) =>
        client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')", [
          version,
        ]),
      );
    },
    async cleanup() {
      if (schema) await schemas.giveBack(schema, LATEST_POSTGRES_SCHEMA_VERSION);
    },
  };
}

if (unavailable) {
  describe.skip(`PostgresStore: ${unavailable}`, () => {
    it('needs PostgreSQL', () => {});
  });
} else {
  defineStoreContract('PostgresStore', postgresHarness, { versionedSchema: true });

  describe('PostgresStore specifics', () => {
    let schema: string;
    const stores: PostgresStore[] = [];
    const open = async (s = schema) => {
      const store = await PostgresStore.open({ url: TEST_POSTGRES_URL, schema: s, poolSize: 4 });
      stores.push(store);
      return store;
    };

    beforeEach(() => {
      schema = schemas.take();
    });

    afterEach(async () => {
      for (const s of stores.splice(0)) await s.close();
      await schemas.giveBack(schema, LATEST_POSTGRES_SCHEMA_VERSION);
    });

    it('creates the schema and migrates it once when replicas start at the same time', async () => {
      const fresh = schemas.fresh();
      await Promise.all([open(fresh), open(fresh), open(fresh)]);
      const rows = await schemas.raw(
        fresh,
        async (client) =>
          (await client.query('SELECT version, name FROM schema_migrations ORDER BY version')).rows,
      );
      expect(rows).toEqual(POSTGRES_MIGRATIONS.map(({ version, name }) => ({ version, name })));
      expect(LATEST_POSTGRES_SCHEMA_VERSION).toBe(2);
    });

    it('keeps nested documents in JSONB columns', async () => {
      const store = await open();
      await store.createIncident(incidentFixture());
      await store.saveFindings('INC-1', [findingFixture('F1')]);
      const types = await schemas.raw(schema, async (client) =>
        (
          await client.query(
            `SELECT table_name, column_name FROM information_schema.columns
             WHERE table_schema = $1 AND data_type = 'jsonb' ORDER BY table_name, column_name`,
            [schema],
          )
        ).rows.map((r) => `${r.table_name}.${r.column_name}`),
      );
      expect(types).toContain('incidents.alert');
      expect(types).toContain('audit_log.detail');
      expect(types).toContain('incident_findings.finding');
      const kind = await schemas.raw(
        schema,
        async (client) =>
          (await client.query("SELECT finding->>'id' AS id, kind FROM incident_findings")).rows,
      );
      expect(kind).toEqual([{ id: 'F1', kind: 'log_pattern' }]);
    });

    it('numbers audit entries without gaps or forks when replicas append at once', async () => {
      const [one, two] = [await open(), await open()];
      const appends = Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? one : two).appendAudit({
          incident_id: null,
          actor: `r${i % 2}`,
          action: `a${i}`,
          detail: { i },
          at: T0 + i,
        }),
      );
      const entries = await Promise.all(appends);
      expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      expect(await one.verifyAudit()).toMatchObject({ ok: true, entries: 40 });
      expect(await two.listAudit()).toHaveLength(40);
    });

    it('lets one of two replicas win a race to move or create an incident', async () => {
      const [one, two] = [await open(), await open()];
      await one.createIncident(incidentFixture());
      const moves = await Promise.allSettled([
        one.transitionIncident('INC-1', 'detected', 'investigating', 'replica one', T0 + 1),
        two.transitionIncident('INC-1', 'detected', 'failed', 'replica two', T0 + 1),
      ]);
      expect(moves.filter((m) => m.status === 'fulfilled')).toHaveLength(1);
      const lost = moves.find((m) => m.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(StaleStateError);
      expect(await two.getStateHistory('INC-1')).toHaveLength(2);
      const creations = await Promise.allSettled([
        one.createIncident(incidentFixture({ id: 'INC-2' })),
        two.createIncident(incidentFixture({ id: 'INC-2' })),
      ]);
      expect(creations.map((c) => c.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await one.getStateHistory('INC-2')).toHaveLength(1);
    });

    it('refuses UPDATE, DELETE and TRUNCATE of audit rows through SQL', async () => {
      const store = await open();
      await store.appendAudit({ incident_id: null, actor: 'commander', action: 'x', detail: {}, at: T0 });
      const raw = (sql: string) => schemas.raw(schema, (client) => client.query(sql));
      await expect(raw("UPDATE audit_log SET actor = 'mallory'")).rejects.toThrow(
        /append-only: UPDATE refused/,
      );
      await expect(raw('DELETE FROM audit_log')).rejects.toThrow(/append-only: DELETE refused/);
      await expect(raw('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE refused/);
      expect(await store.verifyAudit()).toMatchObject({ ok: true, entries: 1 });
    });

    it('catches an edited entry whose hash was recomputed, at the entry after it', async () => {
      const store = await open();
      for (let i = 0; i < 3; i++) {
        await store.appendAudit({
          incident_id: null,
          actor: 'commander',
          action: `a${i}`,
          detail: { i },
          at: T0,
        });
      }
      const [, second] = await store.listAudit();
      const forged = { ...second, detail: { i: 'forged' } };
      await tamperWith(schema, [
        'UPDATE audit_log SET detail = $1::jsonb, hash = $2 WHERE seq = 2',
        [JSON.stringify(forged.detail), hashAuditEntry(forged.prev_hash, 2, forged)],
      ]);
      const result = await store.verifyAudit();
      expect(result).toMatchObject({ ok: false, seq: 3 });
      expect(!result.ok && result.reason).toMatch(/prev_hash/);
    });

    it('names an audit row whose detail is no longer an object', async () => {
      const store = await open();
      await store.appendAudit({ incident_id: null, actor: 'commander', action: 'a', detail: {}, at: T0 });
      await store.appendAudit({ incident_id: null, actor: 'commander', action: 'b', detail: {}, at: T0 });
      await tamperWith(schema, ["UPDATE audit_log SET detail = '[1]'::jsonb WHERE seq = 2", []]);
      const result = await store.verifyAudit();
      expect(result).toMatchObject({ ok: false, seq: 2 });
      expect(!result.ok && result.reason).toMatch(/audit_log\[2\]\.detail: expected an object/);
    });

    it('refuses text PostgreSQL cannot store, naming the field, and stores nothing', async () => {
      const store = await open();
      await expect(
        store.createIncident(
          incidentFixture({ alert: { ...incidentFixture().alert, message: 'nul\u0000' } }),
        ),
      ).rejects.toThrow(InvalidStoreInputError);
      expect(await store.listIncidents()).toEqual([]);
      await expect(
        store.appendAudit({ incident_id: null, actor: 'a', action: 'b', detail: { x: '\u0000' }, at: T0 }),
      ).rejects.toThrow(/audit\.detail: PostgreSQL cannot store it/);
      expect(await store.verifyAudit()).toMatchObject({ ok: true, entries: 0 });
    });

    it('keeps the data of two schemas apart', async () => {
      const other = schemas.take();
      try {
        const here = await open();
        const there = await open(other);
        await here.createIncident(incidentFixture());
        expect(await there.listIncidents()).toEqual([]);
      } finally {
        for (const s of stores.splice(0)) await s.close();
        await schemas.giveBack(other, LATEST_POSTGRES_SCHEMA_VERSION);
      }
    });

    it('names the database, never the password, when it cannot connect', async () => {
      const url = 'postgres://afr:s3cret@127.0.0.1:1/nowhere';
      const attempt = PostgresStore.open({ url, schema, connectTimeoutMs: 1000 });
      await expect(attempt).rejects.toThrow(StoreOpenError);
      await expect(PostgresStore.open({ url, schema, connectTimeoutMs: 1000 })).rejects.toThrow(
        /^postgres:\/\/127\.0\.0\.1:1\/nowhere \(schema afr_test_\w+\): cannot open the database/,
      );
      await expect(PostgresStore.open({ url, schema })).rejects.not.toThrow(/s3cret/);
      expect(describeTarget('not a url', 'x')).toBe('postgres (schema x)');
    });

    it('refuses a schema name that is not a plain identifier', async () => {
      expect(() => schemaOf({ url: TEST_POSTGRES_URL, schema: 'a"; DROP TABLE x; --' })).toThrow(
        /store\.schema/,
      );
      await expect(PostgresStore.open({ url: TEST_POSTGRES_URL, schema: 'Upper' })).rejects.toThrow(
        InvalidStoreInputError,
      );
      expect(schemaOf({ url: TEST_POSTGRES_URL })).toBe('public');
    });

    it('refuses a schema written by a newer afr, naming both versions', async () => {
      await (await open()).close();
      await schemas.raw(schema, (client) =>
        client.query("INSERT INTO schema_migrations (version, name) VALUES (7, 'future')"),
      );
      const attempt = openPostgres({ url: TEST_POSTGRES_URL, schema });
      await expect(attempt).rejects.toThrow(SchemaVersionError);
      await expect(openPostgres({ url: TEST_POSTGRES_URL, schema })).rejects.toThrow(
        `schema ${schema}) has schema version 7, but this afr knows only up to 2`,
      );
    });
  });
}
