/**
 * A sign of life of an execution: while a plan runs, its process holds the lock
 * `afr:execution:<incident>` (through the same ServiceLock as the per-service locks, shared
 * by `afr serve` replicas and the CLI through the store's coordination) and renews it. An
 * incident left `remediating` whose lease nobody holds was interrupted by a crash: crash
 * reconciliation may take it. The lease is taken before the incident moves to
 * `remediating`, so a reconciler never sees a live execution without it.
 */
import type { ServiceLock } from '../remediation/service-lock.js';

export const EXECUTION_LEASE_TTL_MS = 60_000;
const RENEW_EVERY_MS = 20_000;

export function executionLeaseName(incidentId: string): string {
  return `afr:execution:${incidentId}`;
}

/** The lease owner of a running execution (the reconciler uses another owner). */
export function executionLeaseOwner(incidentId: string): string {
  return `execution:${incidentId}`;
}

/** Runs `work` holding the incident's execution lease, renewed until it settles. */
export async function withExecutionLease<T>(
  lock: ServiceLock,
  incidentId: string,
  work: () => Promise<T>,
  ttlMs = EXECUTION_LEASE_TTL_MS,
): Promise<T> {
  const name = executionLeaseName(incidentId);
  const owner = executionLeaseOwner(incidentId);
  // A sign of life, not an exclusion: the state machine already refuses a second execution.
  await lock.acquire(name, owner, ttlMs).catch(() => false);
  const renew = setInterval(
    () => void lock.acquire(name, owner, ttlMs).catch(() => false),
    Math.min(RENEW_EVERY_MS, ttlMs / 3),
  );
  renew.unref?.();
  try {
    return await work();
  } finally {
    clearInterval(renew);
    await lock.release(name, owner).catch(() => undefined);
  }
}

/**
 * True when no live execution holds the incident's lease. On true, the caller holds it as
 * `reconcilerId` and must release it with `releaseForReconciliation`.
 */
export async function claimForReconciliation(
  lock: ServiceLock,
  incidentId: string,
  reconcilerId: string,
  ttlMs = EXECUTION_LEASE_TTL_MS,
): Promise<boolean> {
  return lock.acquire(executionLeaseName(incidentId), reconcilerId, ttlMs).catch(() => false);
}

export async function releaseForReconciliation(
  lock: ServiceLock,
  incidentId: string,
  reconcilerId: string,
): Promise<void> {
  await lock.release(executionLeaseName(incidentId), reconcilerId).catch(() => undefined);
}
