/**
 * One active remediation per service: a lock with an owner (the incident) and a time to
 * live, so that a crashed replica's lock runs out. The in-memory lock serves one process;
 * `serviceLockFromCoordination` shares locks between `afr serve` replicas.
 */
export interface ServiceLock {
  /** Takes the lock, or extends it for the same owner. False while another owner holds it. */
  acquire(service: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases the lock if `owner` holds it; otherwise does nothing. */
  release(service: string, owner: string): Promise<void>;
}

export class InMemoryServiceLock implements ServiceLock {
  private readonly locks = new Map<string, { owner: string; expiresAtMs: number }>();

  /** `nowMs` is injectable for tests; default wall time. */
  constructor(private readonly nowMs: () => number = () => Date.now()) {}

  async acquire(service: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.nowMs();
    const held = this.locks.get(service);
    if (held && held.owner !== owner && held.expiresAtMs > now) return false;
    this.locks.set(service, { owner, expiresAtMs: now + ttlMs });
    return true;
  }

  async release(service: string, owner: string): Promise<void> {
    if (this.locks.get(service)?.owner === owner) this.locks.delete(service);
  }

  /** The current holder, if its lock has not expired. */
  holder(service: string): string | undefined {
    const held = this.locks.get(service);
    return held && held.expiresAtMs > this.nowMs() ? held.owner : undefined;
  }
}

/** What `serviceLockFromCoordination` needs of the store's Coordination. */
export interface LockCoordination {
  acquireServiceLock(service: string, owner: string, ttlMs: number, now: number): Promise<boolean>;
  releaseServiceLock(service: string, owner: string): Promise<boolean>;
}

/** A ServiceLock over the Coordination shared by replicas; `now` in epoch seconds. */
export function serviceLockFromCoordination(
  coordination: LockCoordination,
  now: () => number = () => Date.now() / 1000,
): ServiceLock {
  return {
    acquire: (service, owner, ttlMs) => coordination.acquireServiceLock(service, owner, ttlMs, now()),
    release: async (service, owner) => {
      await coordination.releaseServiceLock(service, owner);
    },
  };
}
