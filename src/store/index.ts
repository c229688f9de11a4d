import type { Coordination } from './coordination/coordination.js';
import { MemoryCoordination } from './coordination/memory-coordination.js';
import { SqliteCoordination } from './coordination/sqlite-coordination.js';
import { MemoryStore } from './memory-store.js';
import { openPostgres } from './postgres/connection.js';
import { PostgresCoordination } from './postgres/postgres-coordination.js';
import { PostgresStore } from './postgres/postgres-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export * from './audit-chain.js';
export * from './audit-head.js';
export type * from './coordination/coordination.js';
export { MAX_PAYLOAD_BYTES } from './coordination/coordination-input.js';
export * from './coordination/memory-coordination.js';
export * from './coordination/sqlite-coordination.js';
export * from './memory-store.js';
export * from './postgres/connection.js';
export * from './postgres/migrations.js';
export * from './postgres/postgres-coordination.js';
export * from './postgres/postgres-store.js';
export * from './sqlite/database.js';
export * from './sqlite/migrations.js';
export * from './sqlite/sqlite-store.js';
export type * from './store.js';
export * from './store-errors.js';

export interface OpenStoreOptions {
  /** Default `sqlite`. */
  driver?: 'sqlite' | 'memory' | 'postgres';
  /** SQLite data dir; else env AFR_DATA_DIR, else `./.afr`. */
  dataDir?: string;
  /** SQLite file name inside the data dir, an absolute path, or `':memory:'`. */
  filename?: string;
  /** PostgreSQL URL, required for driver `postgres`: `postgres://user:password@host:5432/db`. */
  url?: string;
  /** PostgreSQL schema for afr's tables (created when missing); default `public`. */
  schema?: string;
}

/** The Store and the Coordination of one backend, opened together. */
export interface Storage {
  store: Store;
  /** What `afr serve` replicas share: intake journal, work queue, locks, live updates. */
  coordination: Coordination;
  /** Closes both (the PostgreSQL pool they share ends with them). */
  close(): Promise<void>;
}

function postgresUrl(options: OpenStoreOptions): string {
  if (!options.url) throw new Error('store url: required when driver is postgres');
  return options.url;
}

function unknownDriver(driver: unknown): Error {
  return new Error(`store driver: expected sqlite, memory or postgres, got ${JSON.stringify(driver)}`);
}

/**
 * Opens the configured Store.
 *
 * @example
 * const store = await openStore({ driver: 'sqlite', dataDir: config.store.data_dir });
 * const shared = await openStore({ driver: 'postgres', url: config.store.url, schema: 'afr' });
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const driver = options.driver ?? 'sqlite';
  switch (driver) {
    case 'memory':
      return new MemoryStore();
    case 'sqlite':
      return SqliteStore.open({ dataDir: options.dataDir, filename: options.filename });
    case 'postgres':
      return PostgresStore.open({ url: postgresUrl(options), schema: options.schema });
    default:
      throw unknownDriver(driver);
  }
}

/**
 * Opens the configured Store and its Coordination. PostgreSQL: one pool shared by both.
 * SQLite: two connections to the same file. Memory: both in this process.
 *
 * @example
 * const { store, coordination, close } = await openStorage({ driver: 'postgres', url, schema: 'afr' });
 */
export async function openStorage(options: OpenStoreOptions = {}): Promise<Storage> {
  const driver = options.driver ?? 'sqlite';
  let store: Store;
  let coordination: Coordination;
  switch (driver) {
    case 'memory':
      store = new MemoryStore();
      coordination = new MemoryCoordination();
      break;
    case 'sqlite': {
      const sqlite = { dataDir: options.dataDir, filename: options.filename };
      store = SqliteStore.open(sqlite);
      try {
        coordination = SqliteCoordination.open(sqlite);
      } catch (error) {
        await store.close();
        throw error;
      }
      break;
    }
    case 'postgres': {
      const shared = await openPostgres({ url: postgresUrl(options), schema: options.schema });
      store = new PostgresStore(shared);
      coordination = new PostgresCoordination(shared);
      break;
    }
    default:
      throw unknownDriver(driver);
  }
  return {
    store,
    coordination,
    async close() {
      await coordination.close();
      await store.close();
    },
  };
}
