/**
 * What replicas of `afr serve` share besides the Store: the alert intake journal, the
 * incident work queue with leases, per-service remediation locks and live-update messages.
 * A separate interface from Store (one per storage backend, opened next to the store by
 * `openStorage`), so that the Store contract stays about incidents and the audit log.
 *
 * Times are epoch seconds like the rest of the domain (`now`, `at`, `received_at`);
 * durations are milliseconds (`leaseMs`, `ttlMs`). Callers pass `now` so that a test clock
 * works; replicas should run NTP-synchronised clocks, since leases compare their `now`s.
 * Errors are the classes of `store-errors.ts` (bad input: InvalidStoreInputError; after
 * close: StoreClosedError).
 */
import type { Alert } from '../../core/index.js';

/** An alert as the webhook received it, before it is grouped into an incident. */
export interface IntakeAlert {
  /** Idempotency key (the source's fingerprint + status + start time, say): unique across replicas. */
  key: string;
  /** Which intake received it (`alertmanager`, `datadog`...). */
  source: string;
  alert: Alert;
  received_at: number;
}

/** `new`: journaled now; `duplicate`: a replica (or an earlier delivery) journaled this key before. */
export type IntakeResult = 'new' | 'duplicate';

/** An incident handed to one replica until its lease runs out. */
export interface ClaimedIncident {
  incident_id: string;
  priority: number;
  enqueued_at: number;
  /** How many times the incident has been claimed, this claim included (> 1: taken over). */
  attempts: number;
  lease_expires_at: number;
}

export type CoordinationListener = (payload: string) => void;

/** Stops a subscription; calling it again does nothing. */
export type Unsubscribe = () => void;

export interface Coordination {
  /**
   * Journals an alert durably (committed before this resolves), once per key across all
   * replicas: a second call with the same key changes nothing and answers `duplicate`.
   */
  recordAlert(alert: IntakeAlert): Promise<IntakeResult>;
  /**
   * Journals several alerts in one transaction (one disk sync), each idempotent by key as
   * in `recordAlert`; answers per alert, in order (a key repeated in the batch: the first
   * is `new`, the others `duplicate`). All or none are journaled.
   */
  recordAlerts(alerts: readonly IntakeAlert[]): Promise<IntakeResult[]>;
  /** Journaled alerts not yet grouped into an incident, oldest first (received_at, then arrival). */
  pendingAlerts(limit: number): Promise<IntakeAlert[]>;
  /**
   * Records that these alerts belong to `incidentId`. Returns the keys this call marked:
   * keys already grouped (by a racing replica) or unknown are left out, so a caller that
   * gets back fewer keys than it sent lost a race for those.
   */
  markAlertsGrouped(keys: string[], incidentId: string): Promise<string[]>;

  /**
   * Queues an incident for investigation. False when it is already in the queue (queued,
   * claimed or done): enqueueing is idempotent.
   */
  enqueueIncident(incidentId: string, priority: number, at: number): Promise<boolean>;
  /**
   * Claims up to `limit` incidents for `owner`: queued ones and claimed ones whose lease
   * expired (a dead replica's work), lowest priority number first, then oldest. Two
   * replicas claiming at once never get the same incident.
   */
  claimIncidents(owner: string, leaseMs: number, limit: number, now: number): Promise<ClaimedIncident[]>;
  /**
   * Extends the lease to now + leaseMs. False when `owner` no longer holds the incident
   * (another replica took it over, or it is done): stop working on it.
   */
  renewLease(incidentId: string, owner: string, leaseMs: number, now: number): Promise<boolean>;
  /** Marks the incident done. True exactly once, and only for the current owner. */
  completeIncident(incidentId: string, owner: string): Promise<boolean>;
  /** Gives a claimed incident back to the queue (graceful shutdown). False unless `owner` holds it. */
  releaseIncident(incidentId: string, owner: string): Promise<boolean>;

  /**
   * Takes (or, for the same owner, extends to now + ttlMs) the lock on `service`. False while
   * another owner holds an unexpired lock. Any name works; per-service remediation is the use.
   */
  acquireServiceLock(service: string, owner: string, ttlMs: number, now: number): Promise<boolean>;
  /** False when `owner` does not hold the lock (it expired and was taken, or was never held). */
  releaseServiceLock(service: string, owner: string): Promise<boolean>;

  /**
   * Sends `payload` to every subscriber of `channel` in every replica, this one included.
   * Delivery is best effort and asynchronous: send ids, not documents, and re-read the
   * store. Channel: 1-100 of `A-Za-z0-9_.:-`; payload: at most MAX_PAYLOAD_BYTES of UTF-8, no NUL.
   */
  publish(channel: string, payload: string): Promise<void>;
  /** Resolves once messages published from now on will reach `listener`. */
  subscribe(channel: string, listener: CoordinationListener): Promise<Unsubscribe>;

  /** Idempotent; other calls afterwards reject with StoreClosedError. */
  close(): Promise<void>;
}
