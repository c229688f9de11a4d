import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TelemetryStore } from '../connectors/memory/index.js';
import { WELL_KNOWN_METRICS } from '../core/index.js';
import { createSimWorld, SCENARIO_NAMES, type ScenarioName } from './index.js';

function fingerprint(store: TelemetryStore): string {
  const hash = createHash('sha256');
  for (const metric of store.metricNames().sort()) {
    for (const service of store.servicesWith(metric).sort()) {
      hash.update(
        `${metric}/${service}:${JSON.stringify(store.points(metric, service, { start: 0, end: Infinity }))}`,
      );
    }
  }
  hash.update(JSON.stringify(store.logs));
  hash.update(JSON.stringify(store.spans));
  hash.update(JSON.stringify(store.changes));
  return hash.digest('hex');
}

function runToAlertPlus(scenario: ScenarioName, seed: number, after = 300) {
  const world = createSimWorld({ scenario, seed });
  const alert = world.runUntilAlert();
  world.advance(after);
  return { world, alert };
}

describe('SimWorld determinism', () => {
  it('gives byte-identical telemetry for the same scenario and seed', () => {
    const a = runToAlertPlus('bad-deploy-error-spike', 11);
    const b = runToAlertPlus('bad-deploy-error-spike', 11);
    expect(a.alert).toEqual(b.alert);
    expect(fingerprint(a.world.store)).toBe(fingerprint(b.world.store));
  });

  it('gives different telemetry for another seed', () => {
    const a = runToAlertPlus('bad-deploy-error-spike', 11, 0);
    const b = runToAlertPlus('bad-deploy-error-spike', 12, 0);
    expect(fingerprint(a.world.store)).not.toBe(fingerprint(b.world.store));
  });
});

describe('SimWorld', () => {
  it('picks different targets across seeds', () => {
    for (const scenario of [
      'db-connection-exhaustion',
      'bad-deploy-error-spike',
      'traffic-surge-cpu-saturation',
    ] as const) {
      const targets = new Set<string | null>();
      for (let seed = 1; seed <= 12; seed++) targets.add(createSimWorld({ scenario, seed }).truth.service);
      expect(targets.size, scenario).toBeGreaterThanOrEqual(3);
    }
  });

  it('emits every well-known metric and nothing at all for external services', () => {
    const { world } = runToAlertPlus('cascading-upstream-failure', 3);
    const externals = world.topology.services.filter((s) => s.tier === 'external').map((s) => s.name);
    expect(externals.length).toBe(3);
    const withTelemetry = new Set([
      ...world.store.metricNames().flatMap((m) => world.store.servicesWith(m)),
      ...world.store.logs.map((l) => l.service),
      ...world.store.spans.map((s) => s.service),
    ]);
    for (const name of externals) expect(withTelemetry.has(name), name).toBe(false);
    expect(world.store.metricNames().sort()).toEqual([...WELL_KNOWN_METRICS].sort());
    // Providers show up as their callers' client spans only.
    expect(
      world.store.spans.some(
        (s) => s.operation.endsWith(' payment-provider') && s.service === 'payment-service',
      ),
    ).toBe(true);
  });

  it('keeps logs and spans in time order, with a moderate log volume', () => {
    const { world, alert } = runToAlertPlus('db-connection-exhaustion', 5);
    if (!alert) throw new Error('no alert');
    const logs = world.store.logs;
    for (let i = 1; i < logs.length; i++)
      expect(logs[i].timestamp).toBeGreaterThanOrEqual(logs[i - 1].timestamp);
    const spans = world.store.spans;
    for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBeGreaterThanOrEqual(spans[i - 1].start);
    const inWindow = logs.filter(
      (l) => l.timestamp >= alert.timestamp - 3600 && l.timestamp <= alert.timestamp + 300,
    );
    expect(inWindow.length).toBeGreaterThan(20000);
    expect(inWindow.length).toBeLessThan(40000);
  });

  it('carries trace ids from caller to callee logs', () => {
    const { world } = runToAlertPlus('false-alarm', 2, 0);
    const servicesByTrace = new Map<string, Set<string>>();
    for (const log of world.store.logs) {
      if (!log.trace_id) continue;
      const set = servicesByTrace.get(log.trace_id) ?? new Set();
      set.add(log.service);
      servicesByTrace.set(log.trace_id, set);
    }
    const shared = [...servicesByTrace.values()].filter((s) => s.has('web-frontend') && s.has('api-gateway'));
    expect(shared.length).toBeGreaterThan(50);
    const spanIds = new Set(world.store.spans.map((s) => s.span_id));
    const child = world.store.spans.find((s) => s.parent_span_id !== null);
    expect(child && spanIds.has(child.parent_span_id as string)).toBe(true);
  });

  it('records routine changes across the window, not only the fault', () => {
    const { world } = runToAlertPlus('slow-dependency-latency', 4);
    const kinds = new Set(world.store.changes.map((c) => c.kind));
    expect(world.store.changes.length).toBeGreaterThanOrEqual(5);
    expect(kinds.has('deploy')).toBe(true);
  });

  it('advances simulated time through the clock', async () => {
    const world = createSimWorld({ scenario: 'false-alarm', seed: 1 });
    const before = world.clock.now();
    await world.clock.sleep(120);
    expect(world.now()).toBe(before + 120);
    expect(world.store.points('rps', 'checkout', { start: before + 1, end: before + 120 }).length).toBe(8);
  });

  it('names the bad option', () => {
    expect(() => createSimWorld({ scenario: 'nope' as ScenarioName, seed: 1 })).toThrow(
      /SimOptions.scenario/,
    );
    expect(() => createSimWorld({ scenario: 'false-alarm', seed: 1.5 })).toThrow(/SimOptions.seed/);
    expect(() => createSimWorld({ scenario: 'false-alarm', seed: 1, stepSeconds: 0 })).toThrow(/stepSeconds/);
  });

  it('runs a scenario to its alert plus 5 minutes well under a second', () => {
    runToAlertPlus('memory-leak-after-deploy', 1, 0); // warm up the JIT
    const started = performance.now();
    const { alert } = runToAlertPlus('db-connection-exhaustion', 21);
    expect(alert).not.toBeNull();
    expect(performance.now() - started).toBeLessThan(900);
  });

  it('lists its eight scenarios', () => {
    expect(SCENARIO_NAMES).toHaveLength(8);
  });
});
