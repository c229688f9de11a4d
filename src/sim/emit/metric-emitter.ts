import type { ServiceSnapshot } from '../engine/physics.js';
import type { WorldEngine } from '../engine/world-engine.js';
import type { Rng } from '../random.js';

const APP_LANGUAGES = new Set(['java', 'python', 'node', 'go']);

/** Keeps numbers short in exports without losing meaning. */
export function round(value: number, digits = 6): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const scale = 10 ** (digits - 1 - Math.floor(Math.log10(Math.abs(value))));
  return Math.round(value * scale) / scale;
}

/** Timestamps to the millisecond. */
export function roundTime(t: number): number {
  return Math.round(t * 1000) / 1000;
}

/**
 * Writes one sample of every well-known metric for each service that has telemetry
 * (external providers have none), with seeded measurement noise and rare benign blips.
 */
export function emitMetrics(engine: WorldEngine, rng: Rng): void {
  const t = engine.t;
  const dt = engine.stepSeconds;
  for (const name of engine.graph.order) {
    const snap = engine.snapshots.get(name);
    if (!snap || snap.external) continue;
    maybeBenignBlip(engine, name, rng);
    const blip = engine.blipsAt(name, t);
    const spec = engine.graph.byName.get(name);
    const add = (metric: string, value: number) => engine.store.addSample(name, metric, t, round(value));

    add('rps', Math.max(0, snap.rps * (1 + 0.03 * rng.normal())));
    add('cpu', Math.max(0.005, snap.cpu + 0.012 * rng.normal() + (blip ? 0.05 : 0)));
    add('memory', snap.memory_fraction * snap.memory_limit_bytes * (1 + 0.004 * rng.normal()));
    add('memory_limit', snap.memory_limit_bytes);
    const latencyFactor = blip?.latency_factor ?? 1;
    const common = Math.exp(0.05 * rng.normal()) * latencyFactor;
    add('latency_p50', (snap.latency.p50 / 1000) * common);
    add('latency_p95', (snap.latency.p95 / 1000) * common * Math.exp(0.04 * rng.normal()));
    add('latency_p99', (snap.latency.p99 / 1000) * common * Math.exp(0.08 * rng.normal()));
    add('error_rate', observedErrorRate(snap, dt, rng, blip?.error_add ?? 0));
    if (snap.pool_max > 0) {
      const jitter = Math.round(rng.normal() * Math.max(0.5, snap.pool_used * 0.05));
      add('db_connections_used', Math.max(0, Math.min(snap.pool_max, Math.round(snap.pool_used) + jitter)));
      add('db_connections_max', snap.pool_max);
    }
    if (spec && APP_LANGUAGES.has(spec.language)) {
      add('gc_pause', Math.max(0, snap.gc_pause * (1 + 0.1 * rng.normal())));
    }
    if (snap.disk_used !== null)
      add('disk_used', Math.min(1, Math.max(0, snap.disk_used + 0.0008 * rng.normal())));
    add('restarts', snap.restarts);
    add('network_rx', Math.max(0, snap.network_rx * (1 + 0.04 * rng.normal())));
    add('network_tx', Math.max(0, snap.network_tx * (1 + 0.04 * rng.normal())));
  }
}

/** Counts failures in the step like a scraper would, so low rates look grainy. */
function observedErrorRate(snap: ServiceSnapshot, dt: number, rng: Rng, extra: number): number {
  const requests = Math.max(1, snap.rps * dt);
  const failures = rng.poisson(requests * Math.min(1, snap.error_rate + extra));
  return Math.min(1, failures / requests);
}

/** Now and then a healthy service hiccups for one scrape (GC, a slow node, a retry storm). */
function maybeBenignBlip(engine: WorldEngine, service: string, rng: Rng): void {
  if (!rng.chance(0.004)) return;
  const latency = rng.chance(0.6);
  engine.emissionBlips.push({
    service,
    start: engine.t,
    end: engine.t + engine.stepSeconds,
    latency_factor: latency ? rng.range(1.5, 2.6) : 1,
    error_add: latency ? 0 : rng.range(0.005, 0.025),
  });
}
