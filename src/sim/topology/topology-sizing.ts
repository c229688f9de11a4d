/**
 * Provisioning of a generated topology: once the call graph is known, each service gets the
 * replicas, capacity and connection pool a team would have given it for its traffic, so the
 * world starts healthy (moderate CPU, pools well below their size) like the shop does.
 */
import type { Rng } from '../random.js';
import { type SimService, type SimTopology, TopologyGraph } from './sim-topology.js';

/** Every internal service sees at least this much traffic, so its metrics are not grainy. */
const MIN_RPS = 2;
/** A pool is only worth simulating when a pod holds this many connections at rest. */
const MIN_POOL_DEMAND = 5;
const MAX_REPLICAS = 12;
const POOL_SIZES = [5, 8, 10, 12, 16, 20, 24, 25, 30, 32, 40, 48, 50, 60, 64, 80, 100];

/** Capacity per replica (rps at 100% CPU) by runtime, the ranges of the shop topology. */
const CAPACITY_RANGE: Record<string, [number, number]> = {
  java: [20, 140],
  python: [30, 80],
  node: [50, 120],
  go: [60, 220],
};

/** Requests per second each service receives at the diurnal mean. */
export function baselineRps(topology: SimTopology): Map<string, number> {
  const graph = new TopologyGraph(topology);
  const rps = new Map<string, number>();
  for (const name of graph.order) {
    let value = topology.entry_rps * (graph.byName.get(name)?.entry_weight ?? 0);
    for (const edge of graph.callers(name)) value += (rps.get(edge.from) ?? 0) * edge.calls_per_request;
    rps.set(name, value);
  }
  return rps;
}

/**
 * Raises call rates into services that would see less than MIN_RPS; callers first, so
 * each service's callers already carry their final traffic when it is looked at.
 */
export function liftThinTraffic(topology: SimTopology, rng: Rng): void {
  const graph = new TopologyGraph(topology);
  const rps = new Map<string, number>();
  for (const name of graph.order) {
    const spec = graph.byName.get(name) as SimService;
    const incoming = graph.callers(name);
    const flow = () =>
      topology.entry_rps * spec.entry_weight +
      incoming.reduce((sum, e) => sum + (rps.get(e.from) ?? 0) * e.calls_per_request, 0);
    let value = flow();
    if (spec.tier !== 'external' && incoming.length && value < MIN_RPS) {
      const factor = (MIN_RPS * rng.range(1.2, 3)) / Math.max(value, 1e-3);
      for (const edge of incoming) edge.calls_per_request = roundCalls(edge.calls_per_request * factor);
      value = flow();
    }
    rps.set(name, value);
  }
}

/**
 * Replicas, capacity and pools from the traffic each service will see; at least one
 * database caller always gets a pool.
 */
export function provisionTopology(topology: SimTopology, dbCallers: SimService[], rng: Rng): void {
  const rps = baselineRps(topology);
  for (const service of topology.services) {
    const load = rps.get(service.name) ?? 0;
    if (service.tier === 'database') provisionDataStore(service, load, rng.range(0.2, 0.45), 800);
    else if (service.tier === 'cache' || service.tier === 'queue')
      provisionDataStore(service, load, rng.range(0.1, 0.3), 3000);
    else if (service.tier !== 'external') provisionCompute(service, load, rng);
  }
  const graph = new TopologyGraph(topology);
  const callsDb = (s: SimService) =>
    graph.callees(s.name).some((e) => graph.byName.get(e.to)?.tier === 'database');
  const candidates = dbCallers.filter(callsDb);
  let pooled = 0;
  for (const service of candidates) {
    if (rng.chance(0.7) && provisionPool(service, graph, rps.get(service.name) ?? 0, rng)) pooled++;
  }
  if (pooled === 0 && candidates.length) {
    const perPod = (s: SimService) => (rps.get(s.name) ?? 0) / s.replicas;
    const busiest = candidates.reduce((a, b) => (perPod(b) > perPod(a) ? b : a));
    provisionPool(busiest, graph, rps.get(busiest.name) ?? 0, rng, true);
  }
}

/** Several services share a node; data stores get nodes of their own. */
export function placeOnHosts(services: SimService[], rng: Rng): void {
  const internal = services.filter((s) => s.tier !== 'external');
  const data = internal.filter((s) => ['database', 'cache', 'queue'].includes(s.tier));
  const apps = internal.filter((s) => !data.includes(s));
  const appHosts = Math.max(2, Math.round(apps.length / rng.range(3, 5)));
  const dataHosts = data.length > 2 ? 2 : 1;
  for (const s of apps) s.host = `node-${rng.int(1, appHosts)}`;
  for (const s of data) s.host = `node-${appHosts + rng.int(1, dataHosts)}`;
}

/** Sets replicas and capacity so each application service runs at 20-50% CPU. */
export function provisionCompute(service: SimService, rps: number, rng: Rng): void {
  const [low, high] = CAPACITY_RANGE[service.language] ?? [40, 120];
  let capacity = Math.round(rng.range(low, high));
  if (service.tier === 'gateway') capacity = Math.round(rng.range(150, 250));
  if (service.tier === 'frontend') capacity = Math.round(rng.range(80, 150));
  const utilization = rng.range(0.2, 0.5);
  const minimum = service.criticality === 'critical' || service.entry_weight > 0 ? 2 : 1;
  const replicas = clamp(Math.round(rps / (capacity * utilization)), minimum, MAX_REPLICAS);
  if (rps / (replicas * capacity) > 0.55) capacity = Math.ceil(rps / (replicas * 0.5));
  service.replicas = replicas;
  service.capacity_rps = capacity;
}

/** A data store (database, cache, queue) provisioned to run at `utilization` of its capacity. */
export function provisionDataStore(
  service: SimService,
  rps: number,
  utilization: number,
  floor: number,
): void {
  service.replicas = 1;
  service.capacity_rps = Math.max(floor, Math.ceil(rps / utilization / 100) * 100);
}

/**
 * Gives a database caller a connection pool sized so it is 30-50% used at rest; returns
 * false (and leaves no pool) when its traffic is too thin for a pool to matter, unless
 * `force`, which stretches the transaction time until it does.
 */
export function provisionPool(
  service: SimService,
  graph: TopologyGraph,
  rps: number,
  rng: Rng,
  force = false,
): boolean {
  let queryMs = 0;
  for (const edge of graph.callees(service.name)) {
    const callee = graph.byName.get(edge.to);
    if (callee?.tier === 'database') queryMs += edge.calls_per_request * callee.base_latency_ms * 1.2;
  }
  const perPod = rps / Math.max(1, service.replicas);
  let hold = Math.round(rng.range(150, 700));
  const demandAt = (holdMs: number) => (perPod * (holdMs + queryMs)) / 1000;
  if (demandAt(hold) < MIN_POOL_DEMAND) hold = Math.max(hold, Math.min(900, neededHold(perPod, queryMs)));
  if (demandAt(hold) < MIN_POOL_DEMAND) {
    if (!force) return false;
    hold = neededHold(perPod, queryMs) + 50;
  }
  const demand = demandAt(hold);
  const target = demand / rng.range(0.3, 0.5);
  service.pool_hold_ms = hold;
  service.pool_size = POOL_SIZES.find((size) => size >= target) ?? Math.ceil(target / 10) * 10;
  return true;
}

function neededHold(perPod: number, queryMs: number): number {
  return Math.ceil((MIN_POOL_DEMAND * 1000) / Math.max(perPod, 1e-3) - queryMs);
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/** Call rates keep two decimals, like a hand-written topology. */
export function roundCalls(calls: number): number {
  return Math.max(0.01, Math.round(calls * 100) / 100);
}
