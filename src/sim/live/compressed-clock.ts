/**
 * The incident clock for an afr that drives the live simulator: `now()` is wall time (the
 * data's timestamps are wall time), but waits are divided by the simulator's speed, since
 * its dynamics run that much faster. A 300-second verification watch then covers the
 * same simulated recovery as in the offline simulator, in 20 wall seconds at 15×.
 */
import { WallClock } from '../../connectors/memory/clocks.js';

export class CompressedClock extends WallClock {
  constructor(readonly speed: number) {
    super();
    if (!(speed > 0)) throw new Error(`speed: expected > 0, got ${speed}`);
  }

  override sleep(seconds: number, signal?: AbortSignal): Promise<void> {
    return super.sleep(Math.max(0, seconds) / this.speed, signal);
  }
}
