/**
 * The incident clock for an afr that drives the live simulator: `now()` is wall time (the
 * data's timestamps are wall time), but waits are divided by the simulator's speed, since
 * its dynamics run that much faster. A 300-second verification watch then covers the
 * same simulated recovery as in the offline simulator, in 20 wall seconds at 15×.
 */
import type { Clock } from '../../core/index.js';

export class CompressedClock implements Clock {
  constructor(readonly speed: number) {
    if (!(speed > 0)) throw new Error(`speed: expected > 0, got ${speed}`);
  }

  now(): number {
    return Date.now() / 1000;
  }

  sleep(seconds: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(resolve, (Math.max(0, seconds) * 1000) / this.speed);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }
}
