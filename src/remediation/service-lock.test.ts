import { describe, expect, it } from 'vitest';
import { InMemoryServiceLock, type LockCoordination, serviceLockFromCoordination } from './service-lock.js';

describe('InMemoryServiceLock', () => {
  it('gives a service to one owner at a time and lets the owner extend it', async () => {
    let now = 0;
    const lock = new InMemoryServiceLock(() => now);
    expect(await lock.acquire('api', 'INC-1', 1000)).toBe(true);
    expect(await lock.acquire('api', 'INC-2', 1000)).toBe(false);
    now = 900;
    expect(await lock.acquire('api', 'INC-1', 1000)).toBe(true); // extended to 1900
    now = 1500;
    expect(await lock.acquire('api', 'INC-2', 1000)).toBe(false);
    expect(await lock.acquire('web', 'INC-2', 1000)).toBe(true);
  });

  it('lets another owner take an expired lock (a crashed holder)', async () => {
    let now = 0;
    const lock = new InMemoryServiceLock(() => now);
    await lock.acquire('api', 'INC-1', 1000);
    now = 1000;
    expect(lock.holder('api')).toBeUndefined();
    expect(await lock.acquire('api', 'INC-2', 1000)).toBe(true);
  });

  it('releases only for the holder', async () => {
    const lock = new InMemoryServiceLock();
    await lock.acquire('api', 'INC-1', 60_000);
    await lock.release('api', 'INC-2');
    expect(lock.holder('api')).toBe('INC-1');
    await lock.release('api', 'INC-1');
    expect(lock.holder('api')).toBeUndefined();
  });
});

describe('serviceLockFromCoordination', () => {
  it('passes service, owner, ttl and the clock to the coordination', async () => {
    const calls: unknown[][] = [];
    const coordination: LockCoordination = {
      async acquireServiceLock(...args) {
        calls.push(['acquire', ...args]);
        return args[1] === 'INC-1';
      },
      async releaseServiceLock(...args) {
        calls.push(['release', ...args]);
        return false;
      },
    };
    const lock = serviceLockFromCoordination(coordination, () => 1234);
    expect(await lock.acquire('api', 'INC-1', 5000)).toBe(true);
    expect(await lock.acquire('api', 'INC-2', 5000)).toBe(false);
    await lock.release('api', 'INC-1');
    expect(calls).toEqual([
      ['acquire', 'api', 'INC-1', 5000, 1234],
      ['acquire', 'api', 'INC-2', 5000, 1234],
      ['release', 'api', 'INC-1'],
    ]);
  });
});
