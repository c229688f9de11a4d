/**
 * The Coordination of several `afr serve` replicas on one PostgreSQL database. Idempotent
 * intake by a unique key, a work queue claimed with `FOR UPDATE SKIP LOCKED` (two replicas
 * never claim the same row; an expired lease is claimable again), service locks as rows
 * with an owner and an expiry, and live updates over LISTEN/NOTIFY.
 */
import type pg from 'pg';
import type { Alert } from '../../core/index.js';
import type {
  ClaimedIncident,
  Coordination,
  CoordinationListener,
  IntakeAlert,
  IntakeResult,
  Unsubscribe,
} from '../coordination/coordination.js';
import {
  checkChannel,
  checkIntakeAlert,
  checkPayload,
  expiryOf,
  requireDuration,
  requireKeys,
  requireLimit,
} from '../coordination/coordination-input.js';
import { type ListenerErrorHandler, LocalBus } from '../coordination/local-bus.js';
import { StoreClosedError } from '../store-errors.js';
import { requireFiniteNumber, requireId } from '../store-input.js';
import { clientConfig, openPostgres, type PostgresOptions, type SharedPool } from './connection.js';
import { encodeNotification, NotificationListener, notifyChannel } from './notification-listener.js';
import { inputError, inTransaction, json } from './sql.js';

interface ClaimRow extends ClaimedIncident {
  ord: string;
}

export class PostgresCoordination implements Coordination {
  private closed = false;
  private readonly bus: LocalBus;
  private readonly listener: NotificationListener;
  private readonly channel: string;

  /** A coordination on a pool that is already open and migrated (see `openPostgres`); retains it. */
  constructor(
    private readonly shared: SharedPool,
    onListenerError?: ListenerErrorHandler,
  ) {
    shared.retain();
    this.bus = new LocalBus(onListenerError);
    this.channel = notifyChannel(shared.schema);
    this.listener = new NotificationListener(
      clientConfig(shared.options, shared.schema),
      this.channel,
      this.bus,
      shared.target,
    );
  }

  /**
   * Connects, creates the schema when missing and brings it up to date.
   *
   * @example
   * const coordination = await PostgresCoordination.open({ url: 'postgres://afr@db:5432/afr', schema: 'afr' });
   */
  static async open(options: PostgresOptions): Promise<PostgresCoordination> {
    return new PostgresCoordination(await openPostgres(options));
  }

  async recordAlert(input: IntakeAlert): Promise<IntakeResult> {
    checkIntakeAlert(input);
    const pool = this.open();
    const inserted = await inTransaction(pool, async (client) => {
      // Durable before the webhook answers, even where the server runs synchronous_commit = off.
      await client.query('SET LOCAL synchronous_commit TO on');
      return client
        .query(
          `INSERT INTO intake_alerts (key, source, alert, received_at) VALUES ($1, $2, $3::jsonb, $4)
           ON CONFLICT (key) DO NOTHING`,
          [input.key, input.source, json(input.alert), input.received_at],
        )
        .catch((error) => inputError('intake.alert', error));
    });
    return inserted.rowCount === 1 ? 'new' : 'duplicate';
  }

  async recordAlerts(inputs: readonly IntakeAlert[]): Promise<IntakeResult[]> {
    for (const input of inputs) checkIntakeAlert(input);
    if (!inputs.length) return [];
    const pool = this.open();
    return inTransaction(pool, async (client) => {
      await client.query('SET LOCAL synchronous_commit TO on');
      const results: IntakeResult[] = [];
      for (const input of inputs) {
        const inserted = await client
          .query(
            `INSERT INTO intake_alerts (key, source, alert, received_at) VALUES ($1, $2, $3::jsonb, $4)
             ON CONFLICT (key) DO NOTHING`,
            [input.key, input.source, json(input.alert), input.received_at],
          )
          .catch((error) => inputError('intake.alert', error));
        results.push(inserted.rowCount === 1 ? 'new' : 'duplicate');
      }
      return results;
    });
  }

  async pendingAlerts(limit: number): Promise<IntakeAlert[]> {
    requireLimit('limit', limit);
    const result = await this.query<{ key: string; source: string; alert: Alert; received_at: number }>(
      `SELECT key, source, alert, received_at FROM intake_alerts WHERE incident_id IS NULL
       ORDER BY received_at, seq LIMIT $1`,
      [limit],
    );
    return result.rows.map(({ key, source, alert, received_at }) => ({ key, source, alert, received_at }));
  }

  async markAlertsGrouped(keys: string[], incidentId: string): Promise<string[]> {
    requireKeys('keys', keys);
    requireId('incident id', incidentId);
    const result = await this.query<{ key: string }>(
      `UPDATE intake_alerts SET incident_id = $2 WHERE key = ANY ($1::text[]) AND incident_id IS NULL
       RETURNING key`,
      [keys, incidentId],
    );
    const marked = new Set(result.rows.map((row) => row.key));
    return [...new Set(keys)].filter((key) => marked.has(key));
  }

  async enqueueIncident(incidentId: string, priority: number, at: number): Promise<boolean> {
    requireId('incident id', incidentId);
    requireFiniteNumber('priority', priority);
    requireFiniteNumber('at', at);
    const inserted = await this.query(
      `INSERT INTO work_queue (incident_id, priority, enqueued_at, state) VALUES ($1, $2, $3, 'queued')
       ON CONFLICT (incident_id) DO NOTHING`,
      [incidentId, priority, at],
    );
    return inserted.rowCount === 1;
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
    // SKIP LOCKED: rows another replica is claiming right now are passed over, not waited
    // for; a row it claimed meanwhile is re-checked against the WHERE and dropped.
    const result = await this.query<ClaimRow>(
      `WITH picked AS (
         SELECT incident_id FROM work_queue
         WHERE state = 'queued' OR (state = 'claimed' AND lease_expires_at <= $1)
         ORDER BY priority, enqueued_at, ord
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE work_queue w
       SET state = 'claimed', owner = $3, lease_expires_at = $4, attempts = w.attempts + 1
       FROM picked WHERE w.incident_id = picked.incident_id
       RETURNING w.incident_id, w.priority, w.enqueued_at, w.attempts, w.lease_expires_at, w.ord`,
      [now, limit, owner, expiryOf(now, leaseMs)],
    );
    return result.rows
      .sort(
        (a, b) => a.priority - b.priority || a.enqueued_at - b.enqueued_at || Number(a.ord) - Number(b.ord),
      )
      .map(({ ord, ...claim }) => claim);
  }

  async renewLease(incidentId: string, owner: string, leaseMs: number, now: number): Promise<boolean> {
    requireId('incident id', incidentId);
    requireId('owner', owner);
    requireDuration('leaseMs', leaseMs);
    requireFiniteNumber('now', now);
    return this.updateHeld('lease_expires_at = $3', incidentId, owner, [expiryOf(now, leaseMs)]);
  }

  async completeIncident(incidentId: string, owner: string): Promise<boolean> {
    requireId('incident id', incidentId);
    requireId('owner', owner);
    return this.updateHeld("state = 'done', owner = NULL, lease_expires_at = NULL", incidentId, owner);
  }

  async releaseIncident(incidentId: string, owner: string): Promise<boolean> {
    requireId('incident id', incidentId);
    requireId('owner', owner);
    return this.updateHeld("state = 'queued', owner = NULL, lease_expires_at = NULL", incidentId, owner);
  }

  async acquireServiceLock(service: string, owner: string, ttlMs: number, now: number): Promise<boolean> {
    requireId('service', service);
    requireId('owner', owner);
    requireDuration('ttlMs', ttlMs);
    requireFiniteNumber('now', now);
    // Racing inserts of one service serialise on its unique key; the loser then sees the
    // winner's row and takes it only when it is its own or expired.
    const taken = await this.query(
      `INSERT INTO service_locks (service, owner, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (service) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE service_locks.owner = excluded.owner OR service_locks.expires_at <= $4`,
      [service, owner, expiryOf(now, ttlMs), now],
    );
    return taken.rowCount === 1;
  }

  async releaseServiceLock(service: string, owner: string): Promise<boolean> {
    requireId('service', service);
    requireId('owner', owner);
    const deleted = await this.query('DELETE FROM service_locks WHERE service = $1 AND owner = $2', [
      service,
      owner,
    ]);
    return deleted.rowCount === 1;
  }

  async publish(channel: string, payload: string): Promise<void> {
    const message = encodeNotification(checkChannel(channel), checkPayload(payload));
    await this.query('SELECT pg_notify($1, $2)', [this.channel, message]);
  }

  async subscribe(channel: string, listener: CoordinationListener): Promise<Unsubscribe> {
    this.open();
    checkChannel(channel);
    await this.listener.ensure();
    this.open();
    return this.bus.subscribe(channel, listener);
  }

  /** Stops listening; ends the pool once the Store sharing it (if any) is closed too. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.listener.close();
    await this.shared.release();
  }

  private open(): pg.Pool {
    if (this.closed) throw new StoreClosedError();
    return this.shared.pool;
  }

  private async query<R extends pg.QueryResultRow>(
    sql: string,
    params: unknown[],
  ): Promise<pg.QueryResult<R>> {
    return this.open().query<R>(sql, params);
  }

  private async updateHeld(
    set: string,
    incidentId: string,
    owner: string,
    params: unknown[] = [],
  ): Promise<boolean> {
    const updated = await this.query(
      `UPDATE work_queue SET ${set} WHERE incident_id = $1 AND owner = $2 AND state = 'claimed'`,
      [incidentId, owner, ...params],
    );
    return updated.rowCount === 1;
  }
}
