import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore, openStore, SqliteStore, type Store } from './index.js';
import { incidentFixture } from './store-fixtures.js';

describe('openStore', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
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

  it('refuses an unknown driver, naming it', async () => {
    await expect(openStore({ driver: 'postgres' as 'sqlite' })).rejects.toThrow(
      'store driver: expected sqlite or memory, got "postgres"',
    );
  });
});
