/**
 * For tests against a real PostgreSQL: where it is (env AFR_TEST_POSTGRES_URL, else the
 * local default), whether it answers, throwaway schemas, and raw access that goes around
 * the store the way someone with database access would.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_POSTGRES_URL =
  process.env.AFR_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why PostgreSQL cannot be used for tests, or undefined when it answers. */
export async function postgresUnavailable(url = TEST_POSTGRES_URL): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL unreachable at ${url} (${error instanceof Error ? error.message : String(error)}); set AFR_TEST_POSTGRES_URL`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A fresh schema name, `afr_test_<random>`. */
export function randomSchema(): string {
  return `afr_test_${randomBytes(6).toString('hex')}`;
}

/**
 * Throwaway schemas for one test file. Creating and migrating a schema, and connecting, cost
 * a lot next to a test, so a schema given back is emptied (every row deleted, triggers and
 * foreign keys bypassed, schema versions from a test's "future" removed) and handed out
 * again, and raw access goes through one connection kept for the file. Everything is
 * dropped by `dropAll`. Emptying needs a superuser (session_replication_role).
 */
export class TestSchemas {
  private readonly free: string[] = [];
  private readonly created = new Set<string>();
  private client?: Promise<pg.Client>;

  /** An empty schema name: a new one, or an emptied one already migrated. */
  take(): string {
    const schema = this.free.pop() ?? randomSchema();
    this.created.add(schema);
    return schema;
  }

  /** The name of a schema that does not exist yet (for tests of creating and migrating it). */
  fresh(): string {
    const schema = randomSchema();
    this.created.add(schema);
    return schema;
  }

  /** Runs `work` on the file's raw connection with search_path `schema`, in a transaction. */
  async raw<T>(schema: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    this.client ??= (async () => {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      return client;
    })();
    const client = await this.client;
    await client.query('BEGIN');
    try {
      await client.query(`SET LOCAL search_path TO "${schema}"`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }

  async giveBack(schema: string, latestVersion: number): Promise<void> {
    const version = Math.trunc(latestVersion);
    await this.raw(schema, (client) =>
      client.query(`
        SET LOCAL session_replication_role = replica;
        DO $$ DECLARE t text; BEGIN
          FOR t IN SELECT tablename FROM pg_tables
                   WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' LOOP
            EXECUTE format('DELETE FROM %I', t);
          END LOOP;
          IF to_regclass('schema_migrations') IS NOT NULL THEN
            DELETE FROM schema_migrations WHERE version > ${version};
          END IF;
        END $$;`),
    );
    this.free.push(schema);
  }

  async dropAll(): Promise<void> {
    for (const schema of this.created) {
      await this.raw('public', (client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    }
    this.created.clear();
    this.free.length = 0;
    if (this.client) await (await this.client).end();
    this.client = undefined;
  }
}
