/**
 * One step of the world's physics: traffic flows down the call graph, then latency and
 * errors flow back up from callees to callers. Pure: reads the state, returns snapshots.
 */
import type { TopologyGraph } from '../topology/sim-topology.js';
import { POOL_TIMEOUT_MS, poolPressure } from './connection-pool.js';
import {
  addPercentiles,
  fractionAbove,
  lognormalPercentiles,
  type Percentiles,
  scalePercentiles,
  withSlowShare,
} from './latency.js';
import { currentRelease, type ServiceState, type TrafficState } from './world-state.js';

/** Why a service's own requests fail; the log emitter picks messages from these. */
export type OwnErrorKind =
  | 'baseline'
  | 'pool_timeout'
  | 'overload'
  | 'defect'
  | 'oom'
  | 'gc'
  | 'disk_full'
  | 'disruption'
  | 'blip'
  | 'provider_timeout'
  | 'provider_error';

export interface CalleeImpact {
  callee: string;
  /** Share of this service's requests failing because calls to the callee timed out. */
  timeout_share: number;
  /** Share failing because the callee answered with an error. */
  error_share: number;
  timeout_ms: number;
  /** The callee's breaker is open: calls are skipped and a fallback answers. */
  fallback: boolean;
}

export interface ServiceSnapshot {
  name: string;
  external: boolean;
  rps: number;
  utilization: number;
  cpu: number;
  /** The service's own work, before callees (ms). */
  own: Percentiles;
  /** What callers see (ms). */
  latency: Percentiles;
  own_errors: { kind: OwnErrorKind; rate: number }[];
  own_error_rate: number;
  error_rate: number;
  /** Requests that hang (pool wait, queueing, provider not answering) and for how long. */
  hang_fraction: number;
  hang_ms: number;
  callees: CalleeImpact[];
  memory_fraction: number;
  memory_limit_bytes: number;
  gc_pause: number;
  pool_used: number;
  pool_max: number;
  /** Demand over pool size (1 = exactly full). */
  pool_pressure: number;
  disk_used: number | null;
  restarts: number;
  oom_kills: number;
  network_rx: number;
  network_tx: number;
}

const GC_BASE: Record<string, number> = {
  java: 0.012,
  go: 0.004,
  node: 0.007,
  python: 0.003,
  postgres: 0,
  redis: 0,
};

/** Multiplier of outside traffic at time t: diurnal curve, surge ramp, shed load. */
export function trafficFactor(traffic: TrafficState, t: number): number {
  const diurnal = 1 + 0.18 * Math.sin((2 * Math.PI * (t + traffic.diurnal_offset_s)) / 86400);
  let surge = 1;
  if (traffic.surge && t >= traffic.surge.start) {
    const progress = Math.min(1, (t - traffic.surge.start) / traffic.surge.ramp_s);
    surge = 1 + (traffic.surge.factor - 1) * progress;
  }
  return diurnal * surge * traffic.admitted;
}

/** Requests per second arriving at each service. */
export function computeRps(
  graph: TopologyGraph,
  states: Map<string, ServiceState>,
  entryRps: number,
): Map<string, number> {
  const rps = new Map<string, number>();
  for (const name of graph.order) {
    const spec = graph.byName.get(name);
    let value = entryRps * (spec?.entry_weight ?? 0);
    for (const edge of graph.callers(name)) {
      if (states.get(name)?.breaker_open) continue;
      value += (rps.get(edge.from) ?? 0) * edge.calls_per_request;
    }
    rps.set(name, value);
  }
  return rps;
}

/** Snapshots of every service at time t. */
export function computeSnapshots(
  graph: TopologyGraph,
  states: Map<string, ServiceState>,
  entryRps: number,
  t: number,
): Map<string, ServiceSnapshot> {
  const rps = computeRps(graph, states, entryRps);
  const snapshots = new Map<string, ServiceSnapshot>();
  for (let i = graph.order.length - 1; i >= 0; i--) {
    const name = graph.order[i];
    const state = states.get(name) as ServiceState;
    const snapshot = graph.isExternal(name)
      ? externalSnapshot(state, rps.get(name) ?? 0)
      : internalSnapshot(graph, states, state, rps.get(name) ?? 0, snapshots, t);
    snapshots.set(name, snapshot);
  }
  return snapshots;
}

function externalSnapshot(state: ServiceState, rps: number): ServiceSnapshot {
  const own = lognormalPercentiles(state.spec.base_latency_ms * state.extra_latency_factor);
  const latency = withSlowShare(own, state.hang_fraction, 60000);
  const ownErrors = [
    { kind: 'provider_timeout' as const, rate: state.hang_fraction },
    { kind: 'provider_error' as const, rate: state.error_fraction * (1 - state.hang_fraction) },
  ].filter((e) => e.rate > 0);
  const errorRate = Math.min(1, state.hang_fraction + state.error_fraction * (1 - state.hang_fraction));
  return {
    ...emptyResources(state),
    name: state.spec.name,
    external: true,
    rps,
    own,
    latency,
    own_errors: ownErrors,
    own_error_rate: errorRate,
    error_rate: errorRate,
    hang_fraction: state.hang_fraction,
    hang_ms: 60000,
    callees: [],
  };
}

function emptyResources(state: ServiceState) {
  return {
    utilization: 0,
    cpu: 0,
    memory_fraction: 0,
    memory_limit_bytes: state.spec.memory_limit_mb * 1048576,
    gc_pause: 0,
    pool_used: 0,
    pool_max: 0,
    pool_pressure: 0,
    disk_used: null,
    restarts: 0,
    oom_kills: 0,
    network_rx: 0,
    network_tx: 0,
  };
}

function internalSnapshot(
  graph: TopologyGraph,
  states: Map<string, ServiceState>,
  state: ServiceState,
  rps: number,
  done: Map<string, ServiceSnapshot>,
  t: number,
): ServiceSnapshot {
  const spec = state.spec;
  const disrupted = t < state.disrupted_until;
  const replicas = Math.max(1, state.replicas);
  const capacity = replicas * spec.capacity_rps * state.capacity_factor * (disrupted ? 0.8 : 1);
  const utilization = rps / capacity;
  const memory = state.pods.reduce((sum, p) => sum + p.memory_fraction, 0) / Math.max(1, state.pods.length);
  const gcPause = (GC_BASE[spec.language] ?? 0) + (0.6 * Math.max(0, memory - 0.65) ** 2) / 0.1225;
  const u = Math.min(utilization, 0.97);
  const queueing = 1 + (0.35 * u * u) / (1 - u);
  const blip = state.blip && t >= state.blip.start && t < state.blip.end ? state.blip : null;

  let ownMedian = spec.base_latency_ms * queueing * (1 + 2.5 * gcPause);
  if (disrupted) ownMedian *= 1.3;

  const pool = poolPressure(graph, state, rps, done);
  ownMedian += pool.wait_ms;

  const ownErrors: { kind: OwnErrorKind; rate: number }[] = [{ kind: 'baseline', rate: 0.0015 }];
  const overload = utilization > 1 ? Math.min(0.95, 1 - 1 / utilization) : 0;
  if (overload > 0) ownErrors.push({ kind: 'overload', rate: overload });
  if (pool.timeout_fraction > 0) ownErrors.push({ kind: 'pool_timeout', rate: pool.timeout_fraction });
  const defect = currentRelease(state).defect;
  if (defect?.error_rate) ownErrors.push({ kind: 'defect', rate: defect.error_rate });
  if (state.oom_kills > 0)
    ownErrors.push({ kind: 'oom', rate: Math.min(0.9, (0.5 * state.oom_kills) / replicas) });
  if (gcPause > 0.3) ownErrors.push({ kind: 'gc', rate: (gcPause - 0.3) * 0.3 });
  const disk = spec.stateful ? state.disk_bytes / state.volume_factor : null;
  if (disk !== null && disk >= 0.985) {
    ownErrors.push({
      kind: 'disk_full',
      rate: (spec.write_fraction ?? 0.3) * Math.min(1, (disk - 0.985) / 0.015),
    });
  }
  if (disrupted) ownErrors.push({ kind: 'disruption', rate: 0.012 });
  if (blip) ownErrors.push({ kind: 'blip', rate: blip.error_rate });
  const ownErrorRate = 1 - ownErrors.reduce((ok, e) => ok * (1 - Math.min(1, e.rate)), 1);
  const hang = 1 - (1 - pool.timeout_fraction) * (1 - overload);

  let latency = lognormalPercentiles(ownMedian);
  let own = latency;
  let survive = 1 - ownErrorRate;
  const callees: CalleeImpact[] = [];
  let calleeRx = 0;
  let calleeTx = 0;
  for (const edge of graph.callees(spec.name)) {
    const callee = done.get(edge.to);
    if (!callee) continue;
    const calls = edge.calls_per_request;
    if (states.get(edge.to)?.breaker_open) {
      if (!edge.async) {
        callees.push({
          callee: edge.to,
          timeout_share: 0,
          error_share: 0,
          timeout_ms: edge.timeout_ms,
          fallback: true,
        });
        latency = addPercentiles(latency, { p50: 0.5, p95: 1, p99: 2 }, Math.min(1, calls));
      }
      continue;
    }
    calleeRx += rps * calls * 3000;
    calleeTx += rps * calls * 1200;
    if (edge.async) continue;
    const timeoutRate =
      (callee.hang_ms > edge.timeout_ms ? callee.hang_fraction : 0) +
      (1 - callee.hang_fraction) * fractionAbove(callee.latency, edge.timeout_ms);
    const errorRate = Math.max(0, callee.error_rate - callee.hang_fraction);
    const perCall = Math.min(1, timeoutRate + errorRate);
    // One retry hides scattered failures but not a dependency that is down.
    const effective = perCall * (0.35 + 0.65 * perCall);
    const failed = calls >= 1 ? 1 - (1 - effective) ** calls : calls * effective;
    const share = perCall > 0 ? failed / perCall : 0;
    callees.push({
      callee: edge.to,
      timeout_share: timeoutRate * share,
      error_share: errorRate * share,
      timeout_ms: edge.timeout_ms,
      fallback: false,
    });
    survive *= 1 - failed;
    const capped: Percentiles = {
      p50: Math.min(callee.latency.p50, edge.timeout_ms),
      p95: Math.min(callee.latency.p95, edge.timeout_ms),
      p99: Math.min(callee.latency.p99, edge.timeout_ms),
    };
    latency = addPercentiles(latency, capped, calls);
  }
  if (state.host_slowdown !== 1) {
    // A degraded host slows everything the process does, its network waits included.
    const calleePart = latency.p50 - own.p50;
    latency = scalePercentiles(latency, state.host_slowdown);
    own = lognormalPercentiles(own.p50 * state.host_slowdown + calleePart * (state.host_slowdown - 1));
  }
  latency = withSlowShare(latency, hang, POOL_TIMEOUT_MS);
  const cpu = Math.min(1.05, 0.03 + 0.85 * Math.min(utilization, 1.2) + 0.4 * gcPause);
  const database = spec.tier === 'database' || spec.tier === 'cache';
  return {
    name: spec.name,
    external: false,
    rps,
    utilization,
    cpu,
    own,
    latency: scalePercentiles(latency, (disrupted ? 1.05 : 1) * (blip ? blip.latency_factor : 1)),
    own_errors: ownErrors,
    own_error_rate: ownErrorRate,
    error_rate: Math.min(1, 1 - survive),
    hang_fraction: hang,
    hang_ms: POOL_TIMEOUT_MS,
    callees,
    memory_fraction: memory,
    memory_limit_bytes: spec.memory_limit_mb * 1048576,
    gc_pause: gcPause,
    pool_used: pool.used,
    pool_max: pool.max,
    pool_pressure: pool.pressure,
    disk_used: disk === null ? null : Math.min(1, disk),
    restarts: state.restarts,
    oom_kills: state.oom_kills,
    network_rx: database ? rps * 800 : rps * 2500 + calleeRx,
    network_tx: database ? rps * 6000 : rps * 9000 + calleeTx,
  };
}
