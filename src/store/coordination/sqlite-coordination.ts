/**
 * The Coordination of a single-host afr on SQLite. It opens its own connection to the store's
 * database file (same migrations, tables of schema version 2), with `synchronous = FULL` so
 * that a journaled alert survives a power loss before the webhook answers. Writes that read
 * first run in IMMEDIATE transactions, which makes them correct across processes sharing
 * the file. Live updates reach subscribers in this process only (an EventEmitter per file).
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Alert } from '../../core/index.js';
import { openDatabase, type SqliteStoreOptions } from '../sqlite/database.js';
import { parseJsonColumn } from '../sqlite/rows.js';
import { type StatementCache, statementCache } from '../sqlite/statement-cache.js';
import { StoreClosedError } from '../store-errors.js';
import { requireFiniteNumber, requireId } from '../store-input.js';
import type {
  ClaimedIncident,
  Coordination,
  CoordinationListener,
  IntakeAlert,
  IntakeResult,
  Unsubscribe,
} from './coordination.js';
import {
  checkChannel,
  checkIntakeAlert,
  checkPayload,
  expiryOf,
  requireDuration,
  requireKeys,
  requireLimit,
} from './coordination-input.js';
import { LocalBus } from './local-bus.js';

interface IntakeRow {
  key: string;
  source: string;
  alert: string;
  received_at: number;
}

/** One bus per database file, shared by every SqliteCoordination of this process on it. */
const buses = new Map<string, { bus: LocalBus; users: number }>();

function busFor(file: string): { bus: LocalBus; release: () => void } {
  if (file === ':memory:') return { bus: new LocalBus(), release: () => {} };
  const key = path.resolve(file);
  const entry = buses.get(key) ?? { bus: new LocalBus(), users: 0 };
  entry.users += 1;
  buses.set(key, entry);
  return {
    bus: entry.bus,
    release: () => {
      entry.users -= 1;
      if (entry.users === 0) buses.delete(key);
    },
  };
}

export class SqliteCoordination implements Coordination {
  private closed = false;
  private readonly sql: StatementCache;
  private readonly bus: LocalBus;
  private readonly releaseBus: () => void;
  private readonly subscriptions = new Set<Unsubscribe>();

  private constructor(
    private readonly db: Database.Database,
    /** The database file, or `:memory:`. */
    readonly file: string,
  ) {
    this.sql = statementCache(db);
    ({ bus: this.bus, release: this.releaseBus } = busFor(file));
  }

  /**
   * Opens the database the SqliteStore with the same options uses, migrating it if needed.
   *
   * @example
   * const coordination = SqliteCoordination.open({ dataDir: './.afr' });
   */
  static open(options: SqliteStoreOptions = {}, env: NodeJS.ProcessEnv = process.env): SqliteCoordination {
    const { db, file } = openDatabase(options, env);
    db.pragma('synchronous = FULL');
    return new SqliteCoordination(db, file);
  }

  async recordAlert(input: IntakeAlert): Promise<IntakeResult> {
    checkIntakeAlert(input);
    const inserted = this.query(
      `INSERT INTO intake_alerts (key, source, alert, received_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO NOTHING`,
    ).run(input.key, input.source, JSON.stringify(input.alert), input.received_at);
    return inserted.changes === 1 ? 'new' : 'duplicate';
  }

  async recordAlerts(inputs: readonly IntakeAlert[]): Promise<IntakeResult[]> {
    for (const input of inputs) checkIntakeAlert(input);
    const insert = this.query(
      `INSERT INTO intake_alerts (key, source, alert, received_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO NOTHING`,
    );
    return this.db.transaction(() =>
      inputs.map(
        (input): IntakeResult =>
          insert.run(input.key, input.source, JSON.stringify(input.alert), input.received_at).changes === 1
            ? 'new'
            : 'duplicate',
      ),
    )();
  }

  async pendingAlerts(limit: number): Promise<IntakeAlert[]> {
    requireLimit('limit', limit);
    const rows = this.query(
      `SELECT key, source, alert, received_at FROM intake_alerts WHERE incident_id IS NULL
       ORDER BY received_at, seq LIMIT ?`,
    ).all(limit) as IntakeRow[];
    return rows.map((row) => ({
      key: row.key,
      source: row.source,
      alert: parseJsonColumn<Alert>(`intake_alerts[${row.key}].alert`, row.alert),
      received_at: row.received_at,
    }));
  }

  async markAlertsGrouped(keys: string[], incidentId: string): Promise<string[]> {
    requireKeys('keys', keys);
    requireId('incident id', incidentId);
    const mark = this.query('UPDATE intake_alerts SET incident_id = ? WHERE key = ? AND incident_id IS NULL');
    return this.db
      .transaction(() => [...new Set(keys)].filter((key) => mark.run(incidentId, key).changes === 1))
      .immediate();
  }

  async enqueueIncident(incidentId: string, priority: number, at: number): Promise<boolean> {
    requireId('incident id', incidentId);
    requireFiniteNumber('priority', priority);
    requireFiniteNumber('at', at);
    const inserted = this.query(
      `INSERT INTO work_queue (incident_id, priority, enqueued_at, state) VALUES (?, ?, ?, 'queued')
       ON CONFLICT (incident_id) DO NOTHING`,
    ).run(incidentId, priority, at);
    return inserted.changes === 1;
  }

  async claimIncidents(
    owner: string,
    leaseMs: number,
    limit: number,
    now: number,
  ): Promise<ClaimedIncident[]> {
    requireId('owner', owner);
    requireDuration('leaseMs', leaseMs);
    requireLimit('limit', limit);
    requireFiniteNumber('now', now);
    const pick = this.query(
      `SELECT incident_id FROM work_queue
       WHERE state = 'queued' OR (state = 'claimed' AND lease_expires_at <= ?)
       ORDER BY priority, enqueued_at, rowid LIMIT ?`,
    );
    const take = this.query(
      `UPDATE work_queue SET state = 'claimed', owner = ?, lease_expires_at = ?, attempts = attempts + 1
       WHERE incident_id = ?
       RETURNING incident_id, priority, enqueued_at, attempts, lease_expires_at`,
    );
    return this.db
      .transaction(() =>
        (pick.all(now, limit) as { incident_id: string }[]).map(
          (row) => take.get(owner, expiryOf(now, leaseMs), row.incident_id) as ClaimedIncident,
        ),
      )
      .immediate();
  }

  async renewLease(incidentId: string, owner: string, leaseMs: number, now: number): Promise<boolean> {
    requireId('incident id', incidentId);
    requireId('owner', owner);
    requireDuration('leaseMs', leaseMs);
    requireFiniteNumber('now', now);
    return this.updateHeld('lease_expires_at = ?', [expiryOf(now, leaseMs)], incidentId, owner);
  }

  async completeIncident(incidentId: string, owner: string): Promise<boolean> {
    requireId('incident id', incidentId);
    requireId('owner', owner);
    return this.updateHeld("state = 'done', owner = NULL, lease_expires_at = NULL", [], incidentId, owner);
  }

  async releaseIncident(incidentId: string, owner: string): Promise<boolean> {
    requireId('incident id', incidentId);
    requireId('owner', owner);
    return this.updateHeld("state = 'queued', owner = NULL, lease_expires_at = NULL", [], incidentId, owner);
  }

  async acquireServiceLock(service: string, owner: string, ttlMs: number, now: number): Promise<boolean> {
    requireId('service', service);
    requireId('owner', owner);
    requireDuration('ttlMs', ttlMs);
    requireFiniteNumber('now', now);
    const taken = this.query(
      `INSERT INTO service_locks (service, owner, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (service) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE service_locks.owner = excluded.owner OR service_locks.expires_at <= ?`,
    ).run(service, owner, expiryOf(now, ttlMs), now);
    return taken.changes === 1;
  }

  async releaseServiceLock(service: string, owner: string): Promise<boolean> {
    requireId('service', service);
    requireId('owner', owner);
    return (
      this.query('DELETE FROM service_locks WHERE service = ? AND owner = ?').run(service, owner).changes ===
      1
    );
  }

  async publish(channel: string, payload: string): Promise<void> {
    this.open();
    this.bus.publish(checkChannel(channel), checkPayload(payload));
  }

  async subscribe(channel: string, listener: CoordinationListener): Promise<Unsubscribe> {
    this.open();
    const stop = this.bus.subscribe(checkChannel(channel), listener);
    const unsubscribe = () => {
      stop();
      this.subscriptions.delete(unsubscribe);
    };
    this.subscriptions.add(unsubscribe);
    return unsubscribe;
  }

  /** Also ends this instance's subscriptions. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const unsubscribe of [...this.subscriptions]) unsubscribe();
    this.releaseBus();
    this.db.close();
  }

  private open(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private query(sql: string): Database.Statement {
    this.open();
    return this.sql(sql);
  }

  private updateHeld(set: string, params: unknown[], incidentId: string, owner: string): boolean {
    const updated = this.query(
      `UPDATE work_queue SET ${set} WHERE incident_id = ? AND owner = ? AND state = 'claimed'`,
    ).run(...params, incidentId, owner);
    return updated.changes === 1;
  }
}
