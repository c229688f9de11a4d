/**
 * The in-memory Coordination, for tests, the simulator and a single `afr serve` without a
 * database. Two instances over one data object behave like two replicas of one database.
 */
import { toJsonData } from '../audit-chain.js';
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

export interface QueueItem {
  incident_id: string;
  priority: number;
  enqueued_at: number;
  state: 'queued' | 'claimed' | 'done';
  owner: string | null;
  lease_expires_at: number | null;
  attempts: number;
}

export interface MemoryCoordinationData {
  /** In arrival order. */
  alerts: Map<string, { intake: IntakeAlert; incident_id: string | null }>;
  /** In enqueue order. */
  queue: Map<string, QueueItem>;
  locks: Map<string, { owner: string; expires_at: number }>;
  bus: LocalBus;
}

export function createMemoryCoordinationData(): MemoryCoordinationData {
  return { alerts: new Map(), queue: new Map(), locks: new Map(), bus: new LocalBus() };
}

export class MemoryCoordination implements Coordination {
  private closed = false;
  private readonly subscriptions = new Set<Unsubscribe>();

  constructor(private readonly data: MemoryCoordinationData = createMemoryCoordinationData()) {}

  async recordAlert(input: IntakeAlert): Promise<IntakeResult> {
    this.assertOpen();
    checkIntakeAlert(input);
    if (this.data.alerts.has(input.key)) return 'duplicate';
    const { key, source, alert, received_at } = toJsonData(input);
    this.data.alerts.set(key, { intake: { key, source, alert, received_at }, incident_id: null });
    return 'new';
  }

  async recordAlerts(inputs: readonly IntakeAlert[]): Promise<IntakeResult[]> {
    this.assertOpen();
    for (const input of inputs) checkIntakeAlert(input);
    const results: IntakeResult[] = [];
    for (const input of inputs) results.push(await this.recordAlert(input));
    return results;
  }

  async pendingAlerts(limit: number): Promise<IntakeAlert[]> {
    this.assertOpen();
    requireLimit('limit', limit);
    // Map order is arrival order and sort is stable, so equal times keep arrival order.
    const pending = [...this.data.alerts.values()]
      .filter((entry) => entry.incident_id === null)
      .map((entry) => entry.intake)
      .sort((a, b) => a.received_at - b.received_at);
    return toJsonData(pending.slice(0, limit));
  }

  async markAlertsGrouped(keys: string[], incidentId: string): Promise<string[]> {
    this.assertOpen();
    requireKeys('keys', keys);
    requireId('incident id', incidentId);
    const marked: string[] = [];
    for (const key of new Set(keys)) {
      const entry = this.data.alerts.get(key);
      if (!entry || entry.incident_id !== null) continue;
      entry.incident_id = incidentId;
      marked.push(key);
    }
    return marked;
  }

  async enqueueIncident(incidentId: string, priority: number, at: number): Promise<boolean> {
    this.assertOpen();
    requireId('incident id', incidentId);
    requireFiniteNumber('priority', priority);
    requireFiniteNumber('at', at);
    if (this.data.queue.has(incidentId)) return false;
    this.data.queue.set(incidentId, {
      incident_id: incidentId,
      priority,
      enqueued_at: at,
      state: 'queued',
      owner: null,
      lease_expires_at: null,
      attempts: 0,
    });
    return true;
  }

  async claimIncidents(
    owner: string,
    leaseMs: number,
    limit: number,
    now: number,
  ): Promise<ClaimedIncident[]> {
    this.assertOpen();
    requireId('owner', owner);
    requireDuration('leaseMs', leaseMs);
    requireLimit('limit', limit);
    requireFiniteNumber('now', now);
    const claimable = [...this.data.queue.values()]
      .filter(
        (item) =>
          item.state === 'queued' ||
          (item.state === 'claimed' && item.lease_expires_at !== null && item.lease_expires_at <= now),
      )
      .sort((a, b) => a.priority - b.priority || a.enqueued_at - b.enqueued_at)
      .slice(0, limit);
    return claimable.map((item) => {
      item.state = 'claimed';
      item.owner = owner;
      item.lease_expires_at = expiryOf(now, leaseMs);
      item.attempts += 1;
      return claimed(item);
    });
  }

  async renewLease(incidentId: string, owner: string, leaseMs: number, now: number): Promise<boolean> {
    this.assertOpen();
    requireId('incident id', incidentId);
    requireId('owner', owner);
    requireDuration('leaseMs', leaseMs);
    requireFiniteNumber('now', now);
    const item = this.held(incidentId, owner);
    if (!item) return false;
    item.lease_expires_at = expiryOf(now, leaseMs);
    return true;
  }

  async completeIncident(incidentId: string, owner: string): Promise<boolean> {
    this.assertOpen();
    requireId('incident id', incidentId);
    requireId('owner', owner);
    const item = this.held(incidentId, owner);
    if (!item) return false;
    Object.assign(item, { state: 'done', owner: null, lease_expires_at: null });
    return true;
  }

  async releaseIncident(incidentId: string, owner: string): Promise<boolean> {
    this.assertOpen();
    requireId('incident id', incidentId);
    requireId('owner', owner);
    const item = this.held(incidentId, owner);
    if (!item) return false;
    Object.assign(item, { state: 'queued', owner: null, lease_expires_at: null });
    return true;
  }

  async acquireServiceLock(service: string, owner: string, ttlMs: number, now: number): Promise<boolean> {
    this.assertOpen();
    requireId('service', service);
    requireId('owner', owner);
    requireDuration('ttlMs', ttlMs);
    requireFiniteNumber('now', now);
    const lock = this.data.locks.get(service);
    if (lock && lock.owner !== owner && lock.expires_at > now) return false;
    this.data.locks.set(service, { owner, expires_at: expiryOf(now, ttlMs) });
    return true;
  }

  async releaseServiceLock(service: string, owner: string): Promise<boolean> {
    this.assertOpen();
    requireId('service', service);
    requireId('owner', owner);
    if (this.data.locks.get(service)?.owner !== owner) return false;
    this.data.locks.delete(service);
    return true;
  }

  async publish(channel: string, payload: string): Promise<void> {
    this.assertOpen();
    this.data.bus.publish(checkChannel(channel), checkPayload(payload));
  }

  async subscribe(channel: string, listener: CoordinationListener): Promise<Unsubscribe> {
    this.assertOpen();
    const stop = this.data.bus.subscribe(checkChannel(channel), listener);
    const unsubscribe = () => {
      stop();
      this.subscriptions.delete(unsubscribe);
    };
    this.subscriptions.add(unsubscribe);
    return unsubscribe;
  }

  /** Also ends this instance's subscriptions. */
  async close(): Promise<void> {
    this.closed = true;
    for (const unsubscribe of [...this.subscriptions]) unsubscribe();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private held(incidentId: string, owner: string): QueueItem | undefined {
    const item = this.data.queue.get(incidentId);
    return item?.state === 'claimed' && item.owner === owner ? item : undefined;
  }
}

function claimed(item: QueueItem): ClaimedIncident {
  return {
    incident_id: item.incident_id,
    priority: item.priority,
    enqueued_at: item.enqueued_at,
    attempts: item.attempts,
    lease_expires_at: item.lease_expires_at as number,
  };
}
