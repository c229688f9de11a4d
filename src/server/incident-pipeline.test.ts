import { describe, expect, it } from 'vitest';
import type { CommanderAgent } from '../agents/commander.js';
import { Alert } from '../core/index.js';
import { IncidentManager } from '../incidents/incident-manager.js';
import { MemoryCoordination } from '../store/coordination/memory-coordination.js';
import { MemoryStore } from '../store/memory-store.js';
import { IncidentPipeline } from './incident-pipeline.js';
import { ServerMetrics } from './server-metrics.js';

const quiet = { info() {}, warn() {}, error() {} };

/** A Commander stand-in that finishes every incident as a false alarm (resolved). */
function observingCommander(store: MemoryStore, handled: string[]): CommanderAgent {
  return {
    async handleAlert(_alert: unknown, options: { incidentId: string }) {
      const id = options.incidentId;
      handled.push(id);
      await store.transitionIncident(id, 'detected', 'investigating', 'test', 1);
      await store.transitionIncident(id, 'investigating', 'decided', 'test', 2);
      await store.transitionIncident(id, 'decided', 'resolved', 'observed', 3);
      return { decision: 'observe', phases: [], alert_to_decision_ms: 1 };
    },
  } as unknown as CommanderAgent;
}

function setup(groupWaitS: number) {
  let clock = 1_000;
  const store = new MemoryStore();
  const coordination = new MemoryCoordination();
  const handled: string[] = [];
  const metrics = new ServerMetrics({ defaultMetrics: false });
  const pipeline = new IncidentPipeline({
    store,
    coordination,
    commander: observingCommander(store, handled),
    manager: new IncidentManager({ rules: { group_wait_s: groupWaitS, group_interval_s: 1 } }),
    metrics,
    replicaId: 'r1',
    workers: 2,
    leaseSeconds: 30,
    log: quiet,
    now: () => clock,
  });
  const send = async (service: string, startsAt: number, status: 'firing' | 'resolved' = 'firing') => {
    const alert = Alert.create({
      service,
      severity: 'high',
      timestamp: startsAt,
      labels: { alertname: 'HighErrorRate', service },
      status,
      fingerprint: `fp-${service}`,
    });
    await coordination.recordAlert({
      key: `${service}:${startsAt}:${status}`,
      source: 'test',
      alert,
      received_at: clock,
    });
  };
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await pipeline.runOnce();
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return {
    store,
    coordination,
    metrics,
    handled,
    pipeline,
    send,
    settle,
    advance: (s: number) => (clock += s),
  };
}

describe('IncidentPipeline', () => {
  it('hands each journaled alert to the manager once while its group waits', async () => {
    const t = setup(30);
    await t.send('api', 990);
    await t.send('db', 991);
    await t.settle();
    expect(await t.store.listIncidents()).toEqual([]);
    t.advance(31);
    await t.settle();
    const incidents = await t.store.listIncidents();
    expect(incidents.length).toBeGreaterThan(0);
    const suppressed = await t.metrics.registry.getSingleMetricAsString('afr_grouping_decisions_total');
    expect(suppressed).not.toMatch(/reason="duplicate"/);
    expect(await t.coordination.pendingAlerts(100)).toEqual([]);
  });

  it('opens a follow-up incident when new alerts join a group whose incident already finished', async () => {
    const t = setup(0);
    await t.send('api', 990);
    await t.settle();
    const [first] = await t.store.listIncidents();
    expect(first?.state).toBe('resolved');
    t.advance(2);
    await t.send('api', 1002, 'resolved');
    await t.send('api', 1003);
    t.advance(2);
    await t.settle();
    const ids = (await t.store.listIncidents()).map((i) => i.id);
    expect(ids.some((id) => id.endsWith('-r1'))).toBe(true);
    expect(t.handled).toEqual([first?.id, `${first?.id}-r1`]);
  });
});
