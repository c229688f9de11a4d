import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashAuditEntry } from '../audit-chain.js';
import { forgeConsistentRewrite } from '../contract/audit-rewrite.js';
import { defineStoreContract, type StoreHarness } from '../store-contract.js';
import { incidentFixture, T0 } from '../store-fixtures.js';
import { resolveDatabasePath, StoreOpenError } from './database.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';
import { type AuditRow, auditFromRow } from './rows.js';
import { SqliteStore } from './sqlite-store.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'afr-store-'));
}

/** Changes the file the way someone with file access would: a second connection, triggers dropped. */
function withRawDb(file: string, edit: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
    edit(db);
  } finally {
    db.close();
  }
}

function sqliteHarness(): StoreHarness {
  let dir: string | undefined;
  const file = () => path.join(dir!, 'afr.db');
  return {
    async open() {
      dir = tempDir();
      return SqliteStore.open({ dataDir: dir });
    },
    async reopen() {
      return SqliteStore.open({ dataDir: dir });
    },
    tamper: {
      editDetail(seq, detail) {
        withRawDb(file(), (db) =>
          db.prepare('UPDATE audit_log SET detail = ? WHERE seq = ?').run(JSON.stringify(detail), seq),
        );
      },
      remove(seq) {
        withRawDb(file(), (db) => db.prepare('DELETE FROM audit_log WHERE seq = ?').run(seq));
      },
      swap(a, b) {
        withRawDb(file(), (db) => {
          const move = db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?');
          move.run(-1, a);
          move.run(a, b);
          move.run(b, -1);
        });
      },
      rewrite(seq, detail) {
        withRawDb(file(), (db) => {
          const rows = (db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[]).map(
            auditFromRow,
          );
          const update = db.prepare('UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?');
          for (const entry of forgeConsistentRewrite(rows, seq, detail).filter((e) => e.seq >= seq))
            update.run(JSON.stringify(entry.detail), entry.prev_hash, entry.hash, entry.seq);
        });
      },
    },
    setSchemaVersion(version) {
      const db = new Database(file());
      db.prepare(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', '')",
      ).run(version);
      db.close();
    },
    cleanup() {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

defineStoreContract('SqliteStore', sqliteHarness, { versionedSchema: true });

describe('SqliteStore specifics', () => {
  let dir: string;
  const stores: SqliteStore[] = [];
  const open = (options: Parameters<typeof SqliteStore.open>[0], env?: NodeJS.ProcessEnv) => {
    const store = SqliteStore.open(options, env);
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    dir = tempDir();
  });

  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resolves the data dir from the option, then AFR_DATA_DIR, then ./.afr', () => {
    expect(resolveDatabasePath({ dataDir: '/data' }, { AFR_DATA_DIR: '/env' })).toBe(
      path.join('/data', 'afr.db'),
    );
    expect(resolveDatabasePath({}, { AFR_DATA_DIR: '/env' })).toBe(path.join('/env', 'afr.db'));
    expect(resolveDatabasePath({}, {})).toBe(path.join('.afr', 'afr.db'));
    expect(resolveDatabasePath({ filename: ':memory:' }, {})).toBe(':memory:');
  });

  it('creates a missing data dir and uses WAL, foreign keys and a busy timeout', () => {
    const nested = path.join(dir, 'a', 'b');
    const store = open({}, { AFR_DATA_DIR: nested });
    expect(store.file).toBe(path.join(nested, 'afr.db'));
    expect(fs.existsSync(store.file)).toBe(true);
    const raw = new Database(store.file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('names the file when it is not a database', () => {
    fs.writeFileSync(
      path.join(dir, 'afr.db'),
      'this is not a database, just text that is long enough to matter',
    );
    expect(() => open({ dataDir: dir })).toThrow(StoreOpenError);
    expect(() => open({ dataDir: dir })).toThrow(`${path.join(dir, 'afr.db')}: cannot open the database`);
  });

  it('works in memory', async () => {
    const store = open({ filename: ':memory:' });
    await store.createIncident(incidentFixture());
    expect((await store.listIncidents()).map((i) => i.id)).toEqual(['INC-1']);
  });

  it('records each migration once, however often the database is opened', async () => {
    await open({ dataDir: dir }).close();
    await open({ dataDir: dir }).close();
    const raw = new Database(path.join(dir, 'afr.db'), { readonly: true });
    const rows = raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    raw.close();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.at(-1)?.version);
  });

  it('refuses UPDATE and DELETE of audit rows through SQL', async () => {
    const store = open({ dataDir: dir });
    await store.appendAudit({ incident_id: null, actor: 'commander', action: 'x', detail: {}, at: T0 });
    const raw = new Database(store.file);
    expect(() => raw.prepare("UPDATE audit_log SET actor = 'mallory'").run()).toThrow(
      /append-only: UPDATE refused/,
    );
    expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only: DELETE refused/);
    raw.close();
    expect(await store.verifyAudit()).toMatchObject({ ok: true, entries: 1 });
  });

  it('reports an audit row whose detail is no longer JSON, naming its seq', async () => {
    const store = open({ dataDir: dir });
    for (let i = 0; i < 3; i++) {
      await store.appendAudit({
        incident_id: null,
        actor: 'commander',
        action: `a${i}`,
        detail: { i },
        at: T0,
      });
    }
    withRawDb(store.file, (db) => db.prepare("UPDATE audit_log SET detail = '{broken' WHERE seq = 2").run());
    const result = await store.verifyAudit();
    expect(result).toMatchObject({ ok: false, seq: 2 });
    expect(!result.ok && result.reason).toMatch(/audit_log\[2\]\.detail: invalid JSON/);
  });

  it('catches an edited entry whose hash was recomputed, at the entry after it', async () => {
    const store = open({ dataDir: dir });
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
    withRawDb(store.file, (db) =>
      db
        .prepare('UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 2')
        .run(JSON.stringify(forged.detail), hashAuditEntry(forged.prev_hash, 2, forged)),
    );
    const result = await store.verifyAudit();
    expect(result).toMatchObject({ ok: false, seq: 3 });
    expect(!result.ok && result.reason).toMatch(/prev_hash/);
    // A verification that stopped early must not leave the connection busy.
    await store.appendAudit({ incident_id: null, actor: 'commander', action: 'after', detail: {}, at: T0 });
    expect(await store.listAudit({ after_seq: 3 })).toHaveLength(1);
  });

  it('is seen by a second connection (another afr process) at once', async () => {
    const writer = open({ dataDir: dir });
    const reader = open({ dataDir: dir });
    await writer.createIncident(incidentFixture());
    expect(await reader.getIncident('INC-1')).toBeDefined();
    await reader.appendAudit({ incident_id: 'INC-1', actor: 'api', action: 'viewed', detail: {}, at: T0 });
    const next = await writer.appendAudit({
      incident_id: 'INC-1',
      actor: 'commander',
      action: 'x',
      detail: {},
      at: T0,
    });
    expect(next.seq).toBe(2);
    expect(await reader.verifyAudit()).toMatchObject({ ok: true, entries: 2 });
  });
});
