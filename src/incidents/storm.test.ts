/**
 * Storm test: 10,000 alerts across 50 services in 5 independent cascades (one connected
 * component of 10 services each, one with a cycle) plus noise on services outside the
 * topology, arriving jittered and out of order with re-deliveries. It must form exactly one
 * incident per cascade and one per noise group, account for every alert once, and stay
 * within time and memory bounds.
 */
import { describe, expect, it } from 'vitest';
import type { Topology } from '../core/telemetry.js';
import type { IntakeAlert } from '../store/coordination/coordination.js';
import type { Decision } from './decisions.js';
import { IncidentManager } from './incident-manager.js';
import { intake, ofKind, resolvedOf } from './test-support.js';

const T0 = 1_700_000_000;
const COMPONENTS = 5;
const ALERT_NAMES = [
  'HighErrorRate',
  'HighLatency',
  'PodRestarts',
  'SaturationHigh',
  'QueueBacklog',
  'SLOBurn',
];
const NOISE_SERVICES = 20;
const NOISE_NAMES = ['CronLate', 'DiskWarn'];

/** Service j of component k; svc0 is the entry point, svc9 the deepest callee (a database). */
const svc = (k: number, j: number) => `c${k}-svc${j}`;
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
/** Longest caller chain above each service in EDGES. */
const LEVEL = [0, 1, 1, 2, 2, 2, 3, 3, 4, 5];

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function stormTopology(): Topology {
  const services = [];
  const dependencies = [];
  for (let k = 0; k < COMPONENTS; k++) {
    for (let j = 0; j < 10; j++)
      services.push({ name: svc(k, j), tier: 'backend', criticality: 'high', replicas: 3 });
    for (const [from, to] of EDGES) dependencies.push({ from: svc(k, from), to: svc(k, to) });
  }
  dependencies.push({ from: svc(0, 6), to: svc(0, 3) }); // a cycle: svc3 → svc6 → svc3
  return { services, dependencies };
}

function stormAlerts(random: () => number): { alerts: IntakeAlert[]; cascade: IntakeAlert[] } {
  const cascade: IntakeAlert[] = [];
  const perService = 180; // 5 × 10 × 180 = 9,000
  for (let k = 0; k < COMPONENTS; k++) {
    const rootStart = T0 + k * 40;
    for (let j = 0; j < 10; j++) {
      // The failure climbs from the database (level 5) to the entry point, 20 s per level.
      const start = rootStart + (5 - LEVEL[j]) * 20;
      for (let i = 0; i < perService; i++) {
        // The first alert of the database is critical and comes first.
        const first = j === 9 && i === 0;
        const at = first ? start : start + 1 + Math.floor(random() * 600);
        const alertname = ALERT_NAMES[i % ALERT_NAMES.length];
        cascade.push(
          intake({
            service: svc(k, j),
            alertname,
            at,
            received_at: first ? at : at + Math.floor(random() * 45),
            severity: first ? 'critical' : 'high',
            fingerprint: `${svc(k, j)}/${alertname}/pod-${i}`,
            labels: { pod: `pod-${i}` },
          }),
        );
      }
    }
  }
  const noise: IntakeAlert[] = [];
  for (let i = 0; noise.length < 1000; i++) {
    const at = T0 + Math.floor(random() * 3000);
    const service = `batch-${i % NOISE_SERVICES}`;
    const alertname = NOISE_NAMES[Math.floor(i / NOISE_SERVICES) % NOISE_NAMES.length];
    noise.push(
      intake({
        service,
        alertname,
        at,
        received_at: at + Math.floor(random() * 20),
        severity: 'medium',
        fingerprint: `${service}/${alertname}/${i}`,
        labels: { run: `${i}` },
      }),
    );
  }
  const alerts = [...cascade, ...noise];
  expect(alerts).toHaveLength(10_000);
  return { alerts, cascade };
}

/** Feeds alerts in received_at batches of `size`, ticking every 10 s in between, like a server. */
function feed(
  manager: IncidentManager,
  alerts: IntakeAlert[],
  size: number,
  redeliver: () => boolean,
): Decision[] {
  const sorted = [...alerts].sort((a, b) => a.received_at - b.received_at);
  const decisions: Decision[] = [];
  let clock = sorted[0].received_at;
  for (let i = 0; i < sorted.length; i += size) {
    const batch = sorted.slice(i, i + size);
    // Shuffle within the batch (out of order) and re-deliver a few (senders retry).
    const shuffled = [...batch].sort((a, b) => (a.key < b.key ? -1 : 1));
    const withRetries = [...shuffled, ...shuffled.filter(redeliver)];
    const now = batch[batch.length - 1].received_at;
    for (; clock + 10 < now; clock += 10) decisions.push(...manager.tick(clock));
    decisions.push(...manager.ingest(withRetries, now));
  }
  return decisions;
}

describe('alert storm', () => {
  it('forms one incident per cascade and per noise group from 10,000 alerts, fast and within memory', () => {
    const random = mulberry32(7);
    const { alerts, cascade } = stormAlerts(random);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();

    const manager = new IncidentManager({ topology: stormTopology() });
    let retries = 0;
    const decisions = feed(manager, alerts, 250, () => {
      const again = random() < 0.05;
      if (again) retries++;
      return again;
    });
    const lastReceived = Math.max(...alerts.map((a) => a.received_at));
    for (let t = lastReceived; t <= lastReceived + 600; t += 30) decisions.push(...manager.tick(t));

    // Every cascade alert resolves; the noise keeps firing.
    const resolves = cascade.map((a) => resolvedOf(a, lastReceived + 700 + Math.floor(random() * 100)));
    decisions.push(...feed(manager, resolves, 500, () => false));
    for (let t = lastReceived + 800; t <= lastReceived + 1500; t += 30) decisions.push(...manager.tick(t));

    const elapsedMs = performance.now() - started;
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    const opens = ofKind(decisions, 'open');
    expect(opens).toHaveLength(COMPONENTS + NOISE_SERVICES * NOISE_NAMES.length);
    expect(new Set(opens.map((o) => o.incident_id)).size).toBe(opens.length);

    // Which incident each alert ended up in.
    const incidentOf = new Map<string, string>();
    for (const d of ofKind(decisions, 'open'))
      for (const m of d.members) incidentOf.set(m.key, d.incident_id);
    for (const d of ofKind(decisions, 'attach'))
      for (const m of d.alerts) incidentOf.set(m.key, d.incident_id);
    for (let k = 0; k < COMPONENTS; k++) {
      const ids = new Set(
        cascade.filter((a) => a.alert.service.startsWith(`c${k}-`)).map((a) => incidentOf.get(a.key)),
      );
      expect(ids.size).toBe(1);
      const open = opens.find((o) => o.incident_id === [...ids][0])!;
      expect(open.primary.alert.service).toBe(svc(k, 9));
      expect(open.priority).toBe(1);
    }
    for (let s = 0; s < NOISE_SERVICES; s++) {
      for (const name of NOISE_NAMES) {
        const ids = alerts
          .filter((a) => a.alert.service === `batch-${s}` && a.alert.labels.alertname === name)
          .map((a) => incidentOf.get(a.key));
        expect(new Set(ids).size).toBe(1);
      }
    }

    // Every delivery accounted for exactly once; retries are the only suppressions.
    const suppressed = ofKind(decisions, 'suppress');
    expect(suppressed.every((d) => d.reason === 'duplicate')).toBe(true);
    expect(suppressed).toHaveLength(retries);
    const grouped = opens.reduce((n, o) => n + o.members.length, 0);
    const attached = ofKind(decisions, 'attach').reduce((n, a) => n + a.alerts.length, 0);
    expect(grouped + attached).toBe(alerts.length + resolves.length);

    const resolving = ofKind(decisions, 'resolve_candidate').map((d) => d.incident_id);
    expect(resolving.sort()).toEqual(
      opens
        .filter((o) => o.services[0].startsWith('c'))
        .map((o) => o.incident_id)
        .sort(),
    );
    expect(manager.stats()).toMatchObject({ pending: 0, open: 40, resolving: 0, closed: 5 });

    // Measured at 2-4 s on a 2-core machine under heavy load; the bound catches super-linear regressions.
    expect(elapsedMs).toBeLessThan(15_000);
    expect(heapGrowth).toBeLessThan(100 * 1024 * 1024);
  });

  it('keeps memory bounded over a long run by forgetting closed incidents', () => {
    const manager = new IncidentManager({ rules: { retention_s: 600, group_interval_s: 60 } });
    let opened = 0;
    for (let hour = 0; hour < 50; hour++) {
      const base = T0 + hour * 3600;
      const alerts = Array.from({ length: 100 }, (_, i) =>
        intake({
          service: `svc-${i % 10}`,
          at: base + i,
          fingerprint: `h${hour}-${i}`,
          labels: { i: `${i}` },
        }),
      );
      opened += ofKind(manager.ingest(alerts, base + 100), 'open').length;
      manager.ingest(
        alerts.map((a) => resolvedOf(a, base + 200)),
        base + 200,
      );
      for (let t = base + 200; t < base + 3600; t += 300) manager.tick(t);
    }
    expect(opened).toBe(500);
    const stats = manager.stats();
    expect(stats.closed + stats.open + stats.pending + stats.resolving).toBeLessThanOrEqual(10);
    expect(stats.fingerprints).toBeLessThanOrEqual(100);
    expect(stats.seen_keys).toBeLessThanOrEqual(200);
    expect(JSON.stringify(manager.snapshot()).length).toBeLessThan(200_000);
  });
});
