/**
 * The alert storm of bench/storm.ts and the incidents it must form. 50 services:
 * - 4 cascade components of 10 services each (`c<k>-svc<j>`), wired as a layered call graph
 *   (svc0 the entry point, svc9 the deepest callee; component 0 also has a cycle). A failure
 *   climbs from svc9 up, 20 s per level; every alert of a component starts within 160 s of
 *   its first one.
 * - 10 standalone services (`solo-<i>`), in the topology with no dependencies, each with its
 *   own noise whose alerts all start within 250 s.
 * Expected grouping, from afr's rules (group_by [alertname, service], max_hops 2,
 * correlation_window_s 300): all alerts of a component join ONE incident (every service is
 * one hop from a neighbour that alerts within the window, so the clusters merge), whose
 * primary is on svc9 (the deepest callee); each standalone service forms ONE incident of its
 * own (same service, starts within the window; no edges to anything else). So
 * 4 + 10 = 14 incidents. Components share no service, edge or group key, so none merge.
 * Alerts go out as Alertmanager would send them: one webhook notification per group
 * (alertname + service) of at most 50 alerts, earliest groups first. Deterministic per seed.
 */
import type { Topology } from '../../src/core/telemetry.js';
import { type BenchAlert, webhookBody } from './alert-payloads.js';

export const CASCADES = 4;
export const SOLO_SERVICES = 10;
const ALERT_NAMES = [
  'HighErrorRate',
  'HighLatency',
  'PodRestarts',
  'SaturationHigh',
  'QueueBacklog',
  'SLOBurn',
];
const NOISE_NAMES = ['CronLate', 'DiskWarn'];
const EDGES: Array<[number, number]> = [
  [0, 1],
  [0, 2],
  [1, 3],
  [1, 4],
  [2, 4],
  [2, 5],
  [3, 6],
  [4, 6],
  [4, 7],
  [5, 7],
  [6, 8],
  [7, 8],
  [8, 9],
];
/** Longest caller chain above each service of a component. */
const LEVEL = [0, 1, 1, 2, 2, 2, 3, 3, 4, 5];
const MAX_PER_REQUEST = 50;

export interface ExpectedIncident {
  /** `cascade-<k>` or `solo-<i>`. */
  group: string;
  services: string[];
  /** The service of the primary alert (cascades: the deepest callee). */
  primary_service: string;
  alerts: number;
}

export interface StormAlert extends BenchAlert {
  group: string;
}

export interface StormPlan {
  topology: Topology;
  alerts: StormAlert[];
  /** Webhook bodies in sending order, with the alerts each carries. */
  requests: Array<{ body: string; alerts: number }>;
  expected: ExpectedIncident[];
}

const cascadeService = (k: number, j: number) => `c${k}-svc${j}`;

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function stormTopology(): Topology {
  const services: Topology['services'] = [];
  const dependencies: Topology['dependencies'] = [];
  for (let k = 0; k < CASCADES; k++) {
    for (let j = 0; j < 10; j++)
      services.push({ name: cascadeService(k, j), tier: 'backend', criticality: 'high', replicas: 3 });
    for (const [from, to] of EDGES)
      dependencies.push({ from: cascadeService(k, from), to: cascadeService(k, to) });
  }
  dependencies.push({ from: cascadeService(0, 6), to: cascadeService(0, 3) });
  for (let i = 0; i < SOLO_SERVICES; i++)
    services.push({ name: `solo-${i}`, tier: 'backend', criticality: 'low', replicas: 1 });
  return { services, dependencies };
}

/**
 * `total` alerts (default 10,000): 90% on the cascades, 10% noise on the standalone
 * services, evenly per service. `t0` is the first start time (epoch seconds).
 */
export function stormPlan(options: { total?: number; seed?: number; t0: number }): StormPlan {
  const total = options.total ?? 10_000;
  const random = mulberry32(options.seed ?? 7);
  const perCascadeService = Math.floor((total * 0.9) / (CASCADES * 10));
  const perSolo = Math.floor((total - perCascadeService * CASCADES * 10) / SOLO_SERVICES);
  const alerts: StormAlert[] = [];
  const expected: ExpectedIncident[] = [];
  const iso = (s: number) => new Date(Math.round(s * 1000)).toISOString();
  let n = 0;
  const fingerprint = () => (n++).toString(16).padStart(16, '0');
  for (let k = 0; k < CASCADES; k++) {
    const first = options.t0 + k * 7;
    for (let j = 0; j < 10; j++) {
      const start = first + (5 - LEVEL[j]) * 20;
      for (let i = 0; i < perCascadeService; i++) {
        const name = ALERT_NAMES[i % ALERT_NAMES.length];
        alerts.push({
          alertname: name,
          service: cascadeService(k, j),
          instance: `pod-${i}`,
          fingerprint: fingerprint(),
          startsAt: iso(j === 9 && i === 0 ? first : start + 1 + Math.floor(random() * 60)),
          severity: j === 9 && i === 0 ? 'critical' : 'error',
          group: `cascade-${k}`,
        });
      }
    }
    expected.push({
      group: `cascade-${k}`,
      services: Array.from({ length: 10 }, (_, j) => cascadeService(k, j)).sort(),
      primary_service: cascadeService(k, 9),
      alerts: perCascadeService * 10,
    });
  }
  for (let s = 0; s < SOLO_SERVICES; s++) {
    const service = `solo-${s}`;
    const count = s < SOLO_SERVICES - 1 ? perSolo : total - alerts.length;
    for (let i = 0; i < count; i++) {
      alerts.push({
        alertname: NOISE_NAMES[i % NOISE_NAMES.length],
        service,
        instance: `run-${i}`,
        fingerprint: fingerprint(),
        startsAt: iso(options.t0 + Math.floor(random() * 250)),
        severity: 'warning',
        group: service,
      });
    }
    expected.push({ group: service, services: [service], primary_service: service, alerts: count });
  }
  return { topology: stormTopology(), alerts, requests: notifications(alerts), expected };
}

/** One notification per (alertname, service) group, at most 50 alerts each, earliest first. */
function notifications(alerts: StormAlert[]): Array<{ body: string; alerts: number }> {
  const byStart = [...alerts].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const open = new Map<string, StormAlert[]>();
  const batches: StormAlert[][] = [];
  for (const alert of byStart) {
    const key = `${alert.alertname}\n${alert.service}`;
    let batch = open.get(key);
    if (!batch) {
      batch = [];
      open.set(key, batch);
      batches.push(batch);
    }
    batch.push(alert);
    if (batch.length === MAX_PER_REQUEST) open.delete(key);
  }
  return batches.map((batch) => ({ body: webhookBody(batch), alerts: batch.length }));
}
