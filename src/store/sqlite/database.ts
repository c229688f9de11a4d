import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../store-errors.js';
import { migrate } from './migrations.js';

export interface SqliteStoreOptions {
  /** Where `afr.db` lives; else env AFR_DATA_DIR, else `./.afr`. Created when missing. */
  dataDir?: string;
  /** A file name inside the data dir (default `afr.db`), an absolute path, or `':memory:'`. */
  filename?: string;
  /** How long a writer waits for another process's lock before failing (default 5000). */
  busyTimeoutMs?: number;
}

export const DEFAULT_DATA_DIR = './.afr';
export const DEFAULT_DB_FILENAME = 'afr.db';

/** Where SqliteStore.open puts the database for these options. */
export function resolveDatabasePath(
  options: SqliteStoreOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): string {
  const filename = options.filename ?? DEFAULT_DB_FILENAME;
  if (filename === ':memory:' || path.isAbsolute(filename)) return filename;
  const dataDir = options.dataDir || env.AFR_DATA_DIR || DEFAULT_DATA_DIR;
  return path.join(dataDir, filename);
}

/** The database could not be opened: the message names the file and the cause. */
export class StoreOpenError extends StoreError {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(
      'open_failed',
      `${file}: cannot open the database: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/**
 * Opens the database file (creating its folder), sets the connection up and migrates it.
 * WAL lets readers (`afr serve`, CLI commands) run while the Commander writes; the busy
 * timeout makes a second process wait for the write lock instead of failing at once.
 */
export function openDatabase(
  options: SqliteStoreOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): { db: Database.Database; file: string } {
  const file = resolveDatabasePath(options, env);
  let db: Database.Database;
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file);
  } catch (error) {
    throw new StoreOpenError(file, error);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    // With WAL, NORMAL loses at most the last transactions on power loss, never consistency.
    db.pragma('synchronous = NORMAL');
    migrate(db, file);
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw new StoreOpenError(file, error);
  }
  return { db, file };
}
