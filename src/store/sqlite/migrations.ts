/**
 * The SQLite schema as an ordered list of migrations. Append new ones; never edit one that
 * has shipped, since databases in the field already ran it.
 */
import type Database from 'better-sqlite3';
import { SchemaVersionError } from '../store-errors.js';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'incidents, phases, evidence, actions, reports, audit log',
    up: `
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        alert TEXT NOT NULL,
        service TEXT NOT NULL,
        severity TEXT NOT NULL,
        priority INTEGER NOT NULL,
        state TEXT NOT NULL,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        root_cause_service TEXT,
        cause TEXT,
        confidence REAL,
        decision TEXT,
        mttr_s REAL
      );
      CREATE INDEX incidents_by_created ON incidents (created_at);
      CREATE INDEX incidents_by_state ON incidents (state, created_at);
      CREATE INDEX incidents_by_service ON incidents (service, created_at);

      CREATE TABLE incident_state_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        from_state TEXT,
        to_state TEXT NOT NULL,
        reason TEXT NOT NULL,
        at REAL NOT NULL
      );
      CREATE INDEX state_history_by_incident ON incident_state_history (incident_id, id);

      CREATE TABLE incident_phases (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        phase TEXT NOT NULL,
        started_at REAL NOT NULL,
        duration_ms REAL NOT NULL,
        status TEXT NOT NULL,
        record TEXT NOT NULL
      );
      CREATE INDEX phases_by_incident ON incident_phases (incident_id, id);

      CREATE TABLE incident_findings (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        position INTEGER NOT NULL,
        kind TEXT,
        service TEXT,
        finding TEXT NOT NULL,
        PRIMARY KEY (incident_id, position)
      );

      CREATE TABLE incident_hypotheses (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        position INTEGER NOT NULL,
        service TEXT,
        cause TEXT,
        hypothesis TEXT NOT NULL,
        PRIMARY KEY (incident_id, position)
      );

      CREATE TABLE incident_plans (
        incident_id TEXT PRIMARY KEY REFERENCES incidents (id),
        plan TEXT
      );

      CREATE TABLE actions (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        strategy TEXT,
        target TEXT,
        status TEXT,
        started_at REAL NOT NULL,
        action TEXT NOT NULL
      );
      CREATE INDEX actions_by_incident ON actions (incident_id, started_at);

      CREATE TABLE incident_reports (
        incident_id TEXT PRIMARY KEY REFERENCES incidents (id),
        report TEXT NOT NULL
      );

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        incident_id TEXT,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL,
        at REAL NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_by_incident ON audit_log (incident_id, seq);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END;
    `,
  },
  {
    version: 2,
    name: 'coordination: intake journal, work queue, service locks',
    up: `
      CREATE TABLE intake_alerts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        alert TEXT NOT NULL,
        received_at REAL NOT NULL,
        incident_id TEXT
      );
      CREATE INDEX intake_alerts_pending ON intake_alerts (received_at, seq) WHERE incident_id IS NULL;

      CREATE TABLE work_queue (
        incident_id TEXT PRIMARY KEY,
        priority REAL NOT NULL,
        enqueued_at REAL NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'claimed', 'done')),
        owner TEXT,
        lease_expires_at REAL,
        attempts INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX work_queue_claimable ON work_queue (state, priority, enqueued_at);

      CREATE TABLE service_locks (
        service TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        expires_at REAL NOT NULL
      );
    `,
  },
];

/** The newest schema version this code knows. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** The schema version recorded in the database (0 for a new one). */
export function schemaVersion(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

/**
 * Brings the database up to LATEST_SCHEMA_VERSION in one transaction: either every pending
 * migration is applied, or none. Safe to call on every open. Refuses a database written by
 * a newer afr (SchemaVersionError), since this code cannot know what its tables mean.
 */
export function migrate(
  db: Database.Database,
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => string = () => new Date().toISOString(),
): number {
  const known = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const apply = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const current = schemaVersion(db);
    if (current > known) throw new SchemaVersionError(file, current, known);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= current) continue;
      db.exec(migration.up);
      record.run(migration.version, migration.name, now());
    }
    return schemaVersion(db);
  });
  // IMMEDIATE: two processes opening a new database at once must not both run migration 1.
  return apply.immediate();
}
