/**
 * The PostgreSQL schema as an ordered list of migrations (same versions and meaning as the
 * SQLite ones: 1 = store, 2 = coordination). Append new ones; never edit one that has shipped.
 * Nested domain objects are JSONB; times are epoch seconds in double precision.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Migration } from '../sqlite/migrations.js';
import { SchemaVersionError } from '../store-errors.js';
import { inTransaction } from './sql.js';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'incidents, phases, evidence, actions, reports, audit log',
    up: `
      CREATE TABLE incidents (
        ord BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        id TEXT PRIMARY KEY,
        alert JSONB NOT NULL,
        service TEXT NOT NULL,
        severity TEXT NOT NULL,
        priority DOUBLE PRECISION NOT NULL,
        state TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL,
        updated_at DOUBLE PRECISION NOT NULL,
        root_cause_service TEXT,
        cause TEXT,
        confidence DOUBLE PRECISION,
        decision TEXT,
        mttr_s DOUBLE PRECISION
      );
      CREATE INDEX incidents_by_created ON incidents (created_at DESC, ord DESC);
      CREATE INDEX incidents_by_state ON incidents (state, created_at DESC, ord DESC);
      CREATE INDEX incidents_by_service ON incidents (service, created_at DESC, ord DESC);

      CREATE TABLE incident_state_history (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        from_state TEXT,
        to_state TEXT NOT NULL,
        reason TEXT NOT NULL,
        at DOUBLE PRECISION NOT NULL
      );
      CREATE INDEX state_history_by_incident ON incident_state_history (incident_id, id);

      CREATE TABLE incident_phases (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        phase TEXT NOT NULL,
        started_at DOUBLE PRECISION NOT NULL,
        duration_ms DOUBLE PRECISION NOT NULL,
        status TEXT NOT NULL,
        record JSONB NOT NULL
      );
      CREATE INDEX phases_by_incident ON incident_phases (incident_id, id);

      CREATE TABLE incident_findings (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        position INTEGER NOT NULL,
        kind TEXT,
        service TEXT,
        finding JSONB NOT NULL,
        PRIMARY KEY (incident_id, position)
      );

      CREATE TABLE incident_hypotheses (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        position INTEGER NOT NULL,
        service TEXT,
        cause TEXT,
        hypothesis JSONB NOT NULL,
        PRIMARY KEY (incident_id, position)
      );

      CREATE TABLE incident_plans (
        incident_id TEXT PRIMARY KEY REFERENCES incidents (id),
        plan JSONB
      );

      CREATE TABLE actions (
        ord BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        strategy TEXT,
        target TEXT,
        status TEXT,
        started_at DOUBLE PRECISION NOT NULL,
        action JSONB NOT NULL
      );
      CREATE INDEX actions_by_incident ON actions (incident_id, started_at, ord);

      CREATE TABLE incident_reports (
        incident_id TEXT PRIMARY KEY REFERENCES incidents (id),
        report JSONB NOT NULL
      );

      CREATE TABLE audit_log (
        seq BIGINT PRIMARY KEY,
        incident_id TEXT,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail JSONB NOT NULL,
        at DOUBLE PRECISION NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_by_incident ON audit_log (incident_id, seq);
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP; END
      $$;
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
    `,
  },
  {
    version: 2,
    name: 'coordination: intake journal, work queue, service locks',
    up: `
      CREATE TABLE intake_alerts (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        alert JSONB NOT NULL,
        received_at DOUBLE PRECISION NOT NULL,
        incident_id TEXT
      );
      CREATE INDEX intake_alerts_pending ON intake_alerts (received_at, seq) WHERE incident_id IS NULL;

      CREATE TABLE work_queue (
        ord BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        incident_id TEXT PRIMARY KEY,
        priority DOUBLE PRECISION NOT NULL,
        enqueued_at DOUBLE PRECISION NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'claimed', 'done')),
        owner TEXT,
        lease_expires_at DOUBLE PRECISION,
        attempts INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX work_queue_claimable ON work_queue (priority, enqueued_at, ord) WHERE state <> 'done';

      CREATE TABLE service_locks (
        service TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        expires_at DOUBLE PRECISION NOT NULL
      );
    `,
  },
];

/** The newest schema version this code knows. */
export const LATEST_POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.reduce(
  (max, m) => Math.max(max, m.version),
  0,
);

/** Advisory-lock key of the migrations of one schema: ('afr', hash of the schema name). */
function migrationLockKey(schema: string): [number, number] {
  return [0x61667200, createHash('sha256').update(schema).digest().readInt32BE(0)];
}

/**
 * Brings `schema` (created when missing) up to the newest version in one transaction: every
 * pending migration or none. Replicas starting at once queue on an advisory lock, so each
 * migration runs once. Refuses a schema written by a newer afr (SchemaVersionError).
 * Connections must already have `schema` as their search_path.
 */
export async function migratePostgres(
  pool: pg.Pool,
  schema: string,
  target: string,
  migrations: readonly Migration[] = POSTGRES_MIGRATIONS,
): Promise<number> {
  const known = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  // Fast path for the usual start of an up-to-date schema: one query, no lock.
  const recorded = await pool
    .query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations')
    .then((result) => result.rows[0].version ?? 0)
    .catch((error: { code?: string }) => {
      // 42P01: no schema_migrations table yet (a new schema); anything else is a real failure.
      if (error.code === '42P01') return undefined;
      throw error;
    });
  if (recorded !== undefined && recorded > known) throw new SchemaVersionError(target, recorded, known);
  if (recorded === known) return known;
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', migrationLockKey(schema));
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const current = await postgresSchemaVersion(client);
    if (current > known) throw new SchemaVersionError(target, current, known);
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= current) continue;
      await client.query(migration.up);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }
    return postgresSchemaVersion(client);
  });
}

/** The schema version recorded in the current schema (0 for a new one). */
export async function postgresSchemaVersion(client: pg.ClientBase): Promise<number> {
  const result = await client.query<{ version: number | null }>(
    'SELECT MAX(version) AS version FROM schema_migrations',
  );
  return result.rows[0].version ?? 0;
}
