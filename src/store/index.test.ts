import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  MemoryCoordination,
  MemoryStore,
  openStorage,
  openStore,
  PostgresCoordination,
  PostgresStore,
  SqliteCoordination,
  SqliteStore,
  type Store,
  StoreClosedError,
} from './index.js';
import { postgresUnavailable, TEST_POSTGRES_URL, TestSchemas } from './postgres/testing/test-database.js';
import { incidentFixture, T0 } from './store-fixtures.js';

const unavailable = await postgresUnavailable();
const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

describe('openStore', () => {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function opened(store: Store): Promise<Store> {
    cleanups.push(() => store.close());
    return store;
  }

  it('opens a memory store', async () => {
    const store = await opened(await openStore({ driver: 'memory' }));
    expect(store).toBeInstanceOf(MemoryStore);
    await store.createIncident(incidentFixture());
    expect(await store.listIncidents()).toHaveLength(1);
  });

  it('opens SQLite in the data dir by default', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afr-open-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const store = await opened(await openStore({ dataDir: dir }));
    expect(store).toBeInstanceOf(SqliteStore);
    expect(fs.existsSync(path.join(dir, 'afr.db'))).toBe(true);
  });

  it('refuses an unknown driver, naming it, and postgres without a url', async () => {
    await expect(openStore({ driver: 'mysql' as 'sqlite' })).rejects.toThrow(
      'store driver: expected sqlite, memory or postgres, got "mysql"',
    );
    await expect(openStorage({ driver: 'mysql' as 'sqlite' })).rejects.toThrow(/got "mysql"/);
    await expect(openStore({ driver: 'postgres' })).rejects.toThrow(
      'store url: required when driver is postgres',
    );
  });

  it('opens memory storage: a store and a coordination', async () => {
    const storage = await openStorage({ driver: 'memory' });
    cleanups.push(() => storage.close());
    expect(storage.store).toBeInstanceOf(MemoryStore);
    expect(storage.coordination).toBeInstanceOf(MemoryCoordination);
    expect(await storage.coordination.enqueueIncident('INC-1', 1, T0)).toBe(true);
  });

  it('opens SQLite storage on one database file and closes both', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afr-open-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const storage = await openStorage({ driver: 'sqlite', dataDir: dir });
    expect(storage.coordination).toBeInstanceOf(SqliteCoordination);
    expect((storage.coordination as SqliteCoordination).file).toBe((storage.store as SqliteStore).file);
    await storage.close();
    await expect(storage.store.listIncidents()).rejects.toThrow(StoreClosedError);
    await expect(storage.coordination.pendingAlerts(1)).rejects.toThrow(StoreClosedError);
  });

  describe.skipIf(unavailable !== undefined)(`PostgreSQL ${unavailable ?? ''}`, () => {
    it('opens a PostgreSQL store in the given schema', async () => {
      const schema = schemas.take();
      const store = await opened(await openStore({ driver: 'postgres', url: TEST_POSTGRES_URL, schema }));
      expect(store).toBeInstanceOf(PostgresStore);
      await store.createIncident(incidentFixture());
      const count = await schemas.raw(schema, (client) => client.query('SELECT id FROM incidents'));
      expect(count.rows).toEqual([{ id: 'INC-1' }]);
    });

    it('opens PostgreSQL storage on one pool, ended when both are closed', async () => {
      const schema = schemas.take();
      const storage = await openStorage({ driver: 'postgres', url: TEST_POSTGRES_URL, schema });
      expect(storage.coordination).toBeInstanceOf(PostgresCoordination);
      await storage.store.createIncident(incidentFixture());
      expect(await storage.coordination.enqueueIncident('INC-1', 1, T0)).toBe(true);
      await storage.store.close();
      // The coordination still works on the shared pool until it is closed too.
      expect(await storage.coordination.claimIncidents('r1', 1000, 1, T0)).toHaveLength(1);
      await storage.close();
      await expect(storage.coordination.pendingAlerts(1)).rejects.toThrow(StoreClosedError);
    });
  });
});
