import type { Rng } from '../random.js';
import { currentRelease, type ServiceState } from './world-state.js';

/** Resting disk growth of a stateful service (table growth), fraction per second. */
const RESTING_DISK_GROWTH = 2e-6;

/**
 * Advances the slow state of a service by `dt` seconds: heaps grow under a leak until the
 * kernel OOM-kills the pod, volumes fill. Returns nothing; the next snapshot shows it.
 */
export function advanceResources(state: ServiceState, dt: number, rng: Rng): void {
  state.oom_kills = 0;
  const leak = currentRelease(state).defect?.leak_per_min ?? 0;
  for (const pod of state.pods) {
    if (leak > 0) pod.memory_fraction += (leak * pod.leak_jitter * dt) / 60;
    if (pod.memory_fraction >= 1) {
      // The container is killed at its limit and comes back with an empty heap.
      state.restarts += 1;
      state.oom_kills += 1;
      pod.memory_fraction = state.spec.base_memory_fraction * (0.95 + 0.1 * rng.next());
    }
  }
  if (state.spec.stateful) {
    const full = state.disk_bytes / state.volume_factor >= 1;
    // A full volume refuses writes, so it stops growing.
    if (!full) state.disk_bytes += (RESTING_DISK_GROWTH + state.disk_growth_per_s) * dt;
    state.disk_bytes = Math.min(state.disk_bytes, state.volume_factor);
  }
}
