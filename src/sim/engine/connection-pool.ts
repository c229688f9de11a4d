import type { TopologyGraph } from '../topology/sim-topology.js';
import type { ServiceSnapshot } from './physics.js';
import type { ServiceState } from './world-state.js';

/** A pooled connection waits this long before the pool gives up (HikariCP's default). */
export const POOL_TIMEOUT_MS = 30000;

export interface PoolState {
  used: number;
  max: number;
  pressure: number;
  timeout_fraction: number;
  wait_ms: number;
}

/** Little's law per pod: connections in use = arrival rate x hold time, capped by the pool. */
export function poolPressure(
  graph: TopologyGraph,
  state: ServiceState,
  rps: number,
  done: Map<string, ServiceSnapshot>,
): PoolState {
  if (!state.spec.pool_size) return { used: 0, max: 0, pressure: 0, timeout_fraction: 0, wait_ms: 0 };
  let queryMs = 0;
  for (const edge of graph.callees(state.spec.name)) {
    const callee = done.get(edge.to);
    if (callee && graph.byName.get(edge.to)?.tier === 'database') {
      queryMs += edge.calls_per_request * Math.min(callee.latency.p50, edge.timeout_ms);
    }
  }
  const holdMs = (state.spec.pool_hold_ms ?? 200) + queryMs;
  const pods = state.pods.length || 1;
  const demand = (rps / pods) * (holdMs / 1000);
  let used = 0;
  let max = 0;
  let timeouts = 0;
  let wait = 0;
  let pressure = 0;
  for (const pod of state.pods) {
    const rho = pod.pool_size > 0 ? demand / pod.pool_size : 0;
    pressure = Math.max(pressure, rho);
    used += Math.min(demand, pod.pool_size);
    max += pod.pool_size;
    if (rho > 1) timeouts += Math.min(0.95, (1 - 1 / rho) * 0.9);
    if (rho > 0.85)
      wait +=
        rho < 1
          ? holdMs * 3 * ((rho - 0.85) / 0.15)
          : Math.min(POOL_TIMEOUT_MS, holdMs * 3 + 4000 * (rho - 1));
  }
  return { used, max, pressure, timeout_fraction: timeouts / pods, wait_ms: wait / pods };
}
