import { MemoryStore } from './memory-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export * from './audit-chain.js';
export * from './memory-store.js';
export * from './sqlite/database.js';
export * from './sqlite/migrations.js';
export * from './sqlite/sqlite-store.js';
export type * from './store.js';
export * from './store-errors.js';

export interface OpenStoreOptions {
  /** Default `sqlite`. */
  driver?: 'sqlite' | 'memory';
  /** SQLite data dir; else env AFR_DATA_DIR, else `./.afr`. */
  dataDir?: string;
  /** SQLite file name inside the data dir, an absolute path, or `':memory:'`. */
  filename?: string;
}

/**
 * Opens the configured Store.
 *
 * @example
 * const store = await openStore({ driver: 'sqlite', dataDir: config.store.data_dir });
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const driver = options.driver ?? 'sqlite';
  switch (driver) {
    case 'memory':
      return new MemoryStore();
    case 'sqlite':
      return SqliteStore.open({ dataDir: options.dataDir, filename: options.filename });
    default:
      throw new Error(`store driver: expected sqlite or memory, got ${JSON.stringify(driver)}`);
  }
}
