/**
 * Connecting to PostgreSQL: options, the schema every connection works in (search_path),
 * and a connection pool shared by the Store and the Coordination of one process, closed when
 * the last of them closes.
 */
import pg from 'pg';
import { StoreOpenError } from '../sqlite/database.js';
import { InvalidStoreInputError, StoreError } from '../store-errors.js';
import { migratePostgres } from './migrations.js';

export interface PostgresOptions {
  /** `postgres://user:password@host:5432/database` (libpq URL; `?sslmode=...` works). */
  url: string;
  /**
   * The schema afr's tables live in (created when missing): lowercase letters, digits and
   * underscores. Default `public`. Several afr installations can share a database this way.
   */
  schema?: string;
  /** Connections in the pool (default 10); the notification listener uses one more. */
  poolSize?: number;
  /** How long to wait for a connection before failing (default 5000). */
  connectTimeoutMs?: number;
}

export const DEFAULT_SCHEMA = 'public';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema name, checked: it goes into SQL and into the connection's search_path. */
export function schemaOf(options: PostgresOptions): string {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) {
    throw new InvalidStoreInputError(
      'store.schema',
      `expected 1-63 lowercase letters, digits or underscores, starting with a letter or underscore, got ${JSON.stringify(schema)}`,
    );
  }
  return schema;
}

/** The database as messages name it: host, port, database and schema, never the password. */
export function describeTarget(url: string, schema: string): string {
  try {
    const parsed = new URL(url);
    return `postgres://${parsed.host}${parsed.pathname} (schema ${schema})`;
  } catch {
    return `postgres (schema ${schema})`;
  }
}

/** Settings for a pg Pool or Client working in `schema`. */
export function clientConfig(options: PostgresOptions, schema: string): pg.ClientConfig {
  return {
    connectionString: options.url,
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    application_name: 'afr',
  };
}

/** A pool used by several owners (Store, Coordination); it ends when the last one releases it. */
export class SharedPool {
  private users = 0;
  private ended?: Promise<void>;

  constructor(
    readonly pool: pg.Pool,
    readonly options: PostgresOptions,
    readonly schema: string,
    /** For messages: see `describeTarget`. */
    readonly target: string,
  ) {}

  retain(): this {
    this.users += 1;
    return this;
  }

  async release(): Promise<void> {
    this.users -= 1;
    if (this.users <= 0) {
      this.ended ??= this.pool.end();
      await this.ended;
    }
  }
}

/**
 * Opens a pool on the schema and brings the schema up to date (safe when several replicas
 * start at once). Nobody holds the result yet: `retain` it.
 *
 * @throws StoreOpenError when the database cannot be reached; SchemaVersionError when the
 *   schema was written by a newer afr.
 */
export async function openPostgres(options: PostgresOptions): Promise<SharedPool> {
  const schema = schemaOf(options);
  const target = describeTarget(options.url, schema);
  const pool = new pg.Pool({ ...clientConfig(options, schema), max: options.poolSize ?? 10 });
  // An idle connection that breaks (server restart) is dropped by the pool; without a
  // listener the 'error' event would end the process.
  pool.on('error', (error) => process.emitWarning(`afr postgres pool (${target}): ${error.message}`));
  try {
    await migratePostgres(pool, schema, target);
  } catch (error) {
    await pool.end();
    if (error instanceof StoreError) throw error;
    throw new StoreOpenError(target, error);
  }
  return new SharedPool(pool, options, schema, target);
}
