import { describe, expect, it } from 'vitest';
import { createSimWorld, SCENARIO_NAMES } from '../index.js';
import { shopTopology } from './shop-topology.js';
import { type SimService, type SimTopology, TopologyGraph } from './sim-topology.js';

function svc(name: string, tier: string, extra: Partial<SimService> = {}): SimService {
  return {
    name,
    tier,
    criticality: 'high',
    replicas: 2,
    host: 'node-1',
    language: 'go',
    base_latency_ms: 10,
    capacity_rps: 100,
    memory_limit_mb: 512,
    base_memory_fraction: 0.5,
    entry_weight: 0,
    operations: ['GET /x'],
    ...extra,
  };
}

/** A small topology with other names than the shop, to show nothing depends on names. */
function tinyTopology(): SimTopology {
  return {
    name: 'tiny',
    entry_rps: 120,
    services: [
      svc('edge', 'gateway', { entry_weight: 1, capacity_rps: 200 }),
      svc('ledger', 'backend', { language: 'java', memory_limit_mb: 2048, pool_size: 12, pool_hold_ms: 150 }),
      svc('quotes', 'backend', { language: 'python', memory_limit_mb: 1024 }),
      svc('mq-worker', 'backend', { language: 'node' }),
      svc('maindb', 'database', {
        language: 'postgres',
        replicas: 1,
        capacity_rps: 2000,
        stateful: true,
        base_disk_fraction: 0.5,
        write_fraction: 0.4,
        base_latency_ms: 2,
      }),
      svc('kv', 'cache', { language: 'redis', replicas: 1, capacity_rps: 5000, base_latency_ms: 0.5 }),
      svc('fx-api', 'external', { base_latency_ms: 150, capacity_rps: 1e6 }),
      svc('sms-api', 'external', { base_latency_ms: 200, capacity_rps: 1e6 }),
    ],
    edges: [
      { from: 'edge', to: 'ledger', calls_per_request: 0.6, timeout_ms: 3000 },
      { from: 'edge', to: 'quotes', calls_per_request: 0.5, timeout_ms: 3000 },
      { from: 'ledger', to: 'maindb', calls_per_request: 3, timeout_ms: 10000 },
      { from: 'quotes', to: 'kv', calls_per_request: 2, timeout_ms: 500 },
      { from: 'quotes', to: 'fx-api', calls_per_request: 1, timeout_ms: 4000 },
      { from: 'ledger', to: 'mq-worker', calls_per_request: 1, timeout_ms: 1000, async: true },
      { from: 'mq-worker', to: 'sms-api', calls_per_request: 1, timeout_ms: 5000 },
    ],
  };
}

describe('shop topology', () => {
  it('has the services the scenarios need, with bundle fields', () => {
    const topology = shopTopology();
    expect(topology.services.length).toBeGreaterThanOrEqual(15);
    const byName = new Map(topology.services.map((s) => [s.name, s]));
    for (const name of [
      'api-gateway',
      'checkout',
      'payment-service',
      'postgres',
      'redis-cache',
      'payment-provider',
    ]) {
      expect(byName.has(name), name).toBe(true);
    }
    expect(byName.get('payment-provider')?.tier).toBe('external');
    expect(byName.get('postgres')?.tier).toBe('database');
    expect(new Set(topology.services.map((s) => s.language))).toEqual(
      new Set(['java', 'python', 'node', 'go', 'postgres', 'redis']),
    );
    const graph = new TopologyGraph(topology);
    expect(graph.order[0]).toBe('web-frontend');
    expect(graph.upstreamOf('payment-provider')).toEqual(
      new Set(['payment-service', 'checkout', 'api-gateway', 'web-frontend']),
    );
  });

  it('exports a core topology without sim-only properties', () => {
    const world = createSimWorld({ scenario: 'false-alarm', seed: 1 });
    const node = world.topology.services.find((s) => s.name === 'checkout');
    expect(Object.keys(node ?? {}).sort()).toEqual(['criticality', 'host', 'name', 'replicas', 'tier']);
    expect(world.topology.dependencies).toContainEqual({ from: 'checkout', to: 'payment-service' });
    expect(world.store.topology).toBe(world.topology);
  });
});

describe('any topology', () => {
  for (const scenario of SCENARIO_NAMES) {
    it(`${scenario} runs and alerts on a topology with other names`, () => {
      const world = createSimWorld({ scenario, seed: 3, topology: tinyTopology() });
      const alert = world.runUntilAlert();
      expect(alert).not.toBeNull();
      if (world.truth.service)
        expect(tinyTopology().services.map((s) => s.name)).toContain(world.truth.service);
    });
  }

  it('names what a topology lacks for a scenario', () => {
    const topology = tinyTopology();
    topology.services = topology.services.filter((s) => s.tier !== 'external');
    topology.edges = topology.edges.filter((e) => !e.to.endsWith('-api'));
    expect(() => createSimWorld({ scenario: 'cascading-upstream-failure', seed: 1, topology })).toThrow(
      /cascading-upstream-failure: the topology has no external dependency with callers/,
    );
  });

  it('rejects cycles and unknown edge ends with a precise message', () => {
    const cyclic = tinyTopology();
    cyclic.edges.push({ from: 'maindb', to: 'edge', calls_per_request: 1, timeout_ms: 100 });
    expect(() => new TopologyGraph(cyclic)).toThrow(/cycle/);
    const dangling = tinyTopology();
    dangling.edges.push({ from: 'edge', to: 'ghost', calls_per_request: 1, timeout_ms: 100 });
    expect(() => new TopologyGraph(dangling)).toThrow(/edges\[7\] edge -> ghost names an unknown service/);
  });
});
