import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SchemaVersionError } from '../store-errors.js';
import { LATEST_SCHEMA_VERSION, type Migration, migrate, schemaVersion } from './migrations.js';

const tables = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((t) => t.name);

describe('migrate', () => {
  let db: Database.Database;
  const one: Migration = { version: 1, name: 'a', up: 'CREATE TABLE a (x INTEGER);' };
  const two: Migration = { version: 2, name: 'b', up: 'CREATE TABLE b (x INTEGER);' };

  beforeEach(() => {
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  it('applies pending migrations in version order and records each', () => {
    expect(migrate(db, 'test.db', [two, one], () => 'now')).toBe(2);
    expect(tables(db)).toEqual(['a', 'b', 'schema_migrations']);
    expect(
      db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all(),
    ).toEqual([
      { version: 1, name: 'a', applied_at: 'now' },
      { version: 2, name: 'b', applied_at: 'now' },
    ]);
  });

  it('applies only what is new on a later run', () => {
    migrate(db, 'test.db', [one]);
    expect(migrate(db, 'test.db', [one, two])).toBe(2);
    expect(migrate(db, 'test.db', [one, two])).toBe(2);
    expect((db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(2);
  });

  it('applies all pending migrations or none', () => {
    const broken: Migration = { version: 3, name: 'broken', up: 'CREATE TABLE c (x INTEGER); NOT SQL;' };
    expect(() => migrate(db, 'test.db', [one, two, broken])).toThrow(/syntax error/);
    expect(tables(db)).toEqual([]);
  });

  it('refuses a database newer than the code, naming both versions and the file', () => {
    migrate(db, 'test.db', [one, two]);
    expect(() => migrate(db, 'test.db', [one])).toThrow(SchemaVersionError);
    expect(() => migrate(db, 'test.db', [one])).toThrow(
      'test.db has schema version 2, but this afr knows only up to 1',
    );
    expect(schemaVersion(db)).toBe(2);
  });

  it('builds the real schema with the append-only audit triggers', () => {
    expect(migrate(db, ':memory:')).toBe(LATEST_SCHEMA_VERSION);
    expect(tables(db)).toContain('audit_log');
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
    expect(triggers).toEqual([{ name: 'audit_log_no_delete' }, { name: 'audit_log_no_update' }]);
  });
});
