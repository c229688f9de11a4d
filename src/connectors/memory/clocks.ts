import type { Clock } from '../../core/index.js';

/** Wall time. */
export class WallClock implements Clock {
  now(): number {
    return Date.now() / 1000;
  }

  sleep(seconds: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(resolve, seconds * 1000);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  }
}

/** A clock that only moves when told to: for bundles and tests. */
export class ManualClock implements Clock {
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  async sleep(seconds: number): Promise<void> {
    this.current += seconds;
  }
}
