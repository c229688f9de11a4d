import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../sqlite/sqlite-store.js';
import { incidentFixture, T0 } from '../store-fixtures.js';
import { defineCoordinationContract, inbox, intakeFixture } from './coordination-contract.js';
import { SqliteCoordination } from './sqlite-coordination.js';

defineCoordinationContract('SqliteCoordination', () => {
  let dir: string | undefined;
  return {
    async open() {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afr-coord-'));
      return SqliteCoordination.open({ dataDir: dir });
    },
    async openReplica() {
      return SqliteCoordination.open({ dataDir: dir });
    },
    cleanup() {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteCoordination specifics', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afr-coord-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  it('shares the store database file and keeps the journal across a restart', async () => {
    const dir = tempDir();
    const store = SqliteStore.open({ dataDir: dir });
    cleanups.push(() => store.close());
    await store.createIncident(incidentFixture());
    const first = SqliteCoordination.open({ dataDir: dir });
    await first.recordAlert(intakeFixture('k1'));
    await first.close();
    const again = SqliteCoordination.open({ dataDir: dir });
    cleanups.push(() => again.close());
    expect(await again.recordAlert(intakeFixture('k1'))).toBe('duplicate');
    expect(await again.pendingAlerts(10)).toEqual([intakeFixture('k1')]);
    expect(await store.getIncident('INC-1')).toBeDefined();
    const raw = new Database(path.join(dir, 'afr.db'), { readonly: true });
    cleanups.push(() => raw.close());
    expect(raw.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: 2 });
  });

  it('syncs every commit to disk (synchronous = FULL) so a journaled alert survives power loss', () => {
    const coordination = SqliteCoordination.open({ dataDir: tempDir() });
    cleanups.push(() => coordination.close());
    const db = (coordination as unknown as { db: Database.Database }).db;
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('keeps the live updates of two in-memory databases apart', async () => {
    const a = SqliteCoordination.open({ filename: ':memory:' });
    const b = SqliteCoordination.open({ filename: ':memory:' });
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    const box = inbox();
    await b.subscribe('incidents', box.listener);
    await a.publish('incidents', 'not for b');
    await b.publish('incidents', 'for b');
    expect(await box.next()).toBe('for b');
    expect(box.messages).toEqual(['for b']);
    expect(await a.enqueueIncident('INC-1', 1, T0)).toBe(true);
    expect(await b.claimIncidents('r', 1000, 1, T0)).toEqual([]);
  });
});
