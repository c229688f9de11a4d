import { describe, expect, it } from 'vitest';
import { MAX_RANDOM_SERVICES, MIN_RANDOM_SERVICES, randomTopology } from './random-topology.js';
import { type SimTopology, TopologyGraph } from './sim-topology.js';
import { baselineRps } from './topology-sizing.js';

const SEEDS = Array.from({ length: 120 }, (_, i) => i * 7919 + 3);

function count(topology: SimTopology, tier: string): number {
  return topology.services.filter((s) => s.tier === tier).length;
}

function reachableFrom(graph: TopologyGraph, start: string): Set<string> {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length) {
    for (const edge of graph.callees(stack.pop() as string)) {
      if (!seen.has(edge.to)) {
        seen.add(edge.to);
        stack.push(edge.to);
      }
    }
  }
  return seen;
}

describe('randomTopology', () => {
  it('is deterministic per seed and differs across seeds', () => {
    expect(randomTopology(42, { services: 30 })).toEqual(randomTopology(42, { services: 30 }));
    expect(randomTopology(42)).toEqual(randomTopology(42));
    const a = randomTopology(42, { services: 30 });
    const b = randomTopology(43, { services: 30 });
    expect(a.services.map((s) => s.name)).not.toEqual(b.services.map((s) => s.name));
  });

  it('picks a size in [8, 60] by default, and honours the requested size', () => {
    const sizes = SEEDS.map((seed) => randomTopology(seed).services.length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(MIN_RANDOM_SERVICES);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_RANDOM_SERVICES);
    expect(new Set(sizes).size).toBeGreaterThan(20);
    for (const n of [8, 9, 13, 20, 40, 60])
      expect(randomTopology(n * 3, { services: n }).services).toHaveLength(n);
  });

  it('builds valid, connected, layered graphs with what every scenario needs', () => {
    for (const seed of SEEDS) {
      const n = MIN_RANDOM_SERVICES + (seed % (MAX_RANDOM_SERVICES - MIN_RANDOM_SERVICES + 1));
      const topology = randomTopology(seed, { services: n });
      const label = `seed ${seed}, ${n} services`;
      // Throws on dangling edges, duplicate names and cycles.
      const graph = new TopologyGraph(topology);
      expect(count(topology, 'frontend'), label).toBe(1);
      expect(count(topology, 'gateway'), label).toBeGreaterThanOrEqual(1);
      expect(count(topology, 'gateway'), label).toBeLessThanOrEqual(2);
      expect(count(topology, 'database'), label).toBeGreaterThanOrEqual(1);
      expect(count(topology, 'database'), label).toBeLessThanOrEqual(3);
      expect(count(topology, 'cache'), label).toBeLessThanOrEqual(2);
      expect(count(topology, 'queue'), label).toBeLessThanOrEqual(1);
      expect(count(topology, 'backend'), label).toBeGreaterThanOrEqual(3);
      const frontend = topology.services.find((s) => s.tier === 'frontend');
      expect(graph.order[0], label).toBe(frontend?.name);
      expect(reachableFrom(graph, frontend?.name as string).size, label).toBe(n);

      const externals = topology.services.filter((s) => s.tier === 'external');
      expect(externals.length, label).toBeGreaterThanOrEqual(1);
      expect(externals.length, label).toBeLessThanOrEqual(3);
      for (const external of externals) {
        const callers = graph.callers(external.name).filter((e) => !e.async);
        expect(callers.length, `${label}: ${external.name}`).toBeGreaterThanOrEqual(1);
        expect(callers.length, `${label}: ${external.name}`).toBeLessThanOrEqual(3);
        expect(external.host).toBe('external');
      }
      for (const db of topology.services.filter((s) => s.tier === 'database')) {
        expect(db.stateful && db.language === 'postgres', label).toBe(true);
        expect(graph.callers(db.name).length, `${label}: ${db.name}`).toBeGreaterThanOrEqual(1);
      }
      const pooled = topology.services.filter((s) => (s.pool_size ?? 0) > 0);
      expect(pooled.length, label).toBeGreaterThanOrEqual(1);
      for (const s of pooled) {
        expect(graph.callees(s.name).some((e) => graph.byName.get(e.to)?.tier === 'database')).toBe(true);
      }
    }
  });

  it('provisions services like the shop: moderate load, pools well below their size', () => {
    for (const seed of SEEDS.slice(0, 40)) {
      const topology = randomTopology(seed);
      const rps = baselineRps(topology);
      const hosts = new Set<string>();
      for (const s of topology.services) {
        if (s.tier === 'external') continue;
        hosts.add(s.host);
        const load = rps.get(s.name) ?? 0;
        const label = `seed ${seed}: ${s.name}`;
        expect(load, label).toBeGreaterThanOrEqual(2);
        expect(load / (s.replicas * s.capacity_rps), label).toBeLessThan(0.56);
        expect(s.memory_limit_mb, label).toBeGreaterThanOrEqual(256);
        expect(s.base_memory_fraction, label).toBeLessThan(0.75);
        expect(s.operations.length, label).toBeGreaterThan(0);
        if (s.pool_size) {
          const demand = (load / s.replicas) * ((s.pool_hold_ms ?? 0) / 1000);
          expect(demand / s.pool_size, label).toBeLessThan(0.6);
        }
      }
      const internal = topology.services.filter((s) => s.tier !== 'external').length;
      expect(hosts.size, `seed ${seed}`).toBeLessThan(internal);
    }
  });

  it('uses realistic, unique names and several runtimes', () => {
    const topology = randomTopology(5, { services: 60 });
    const names = topology.services.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
    expect(names.some((n) => /\d{2,}/.test(n))).toBe(false);
    const languages = new Set(topology.services.filter((s) => s.tier === 'backend').map((s) => s.language));
    expect(languages.size).toBeGreaterThanOrEqual(3);
  });

  it('rejects a bad size or seed with a message naming the option', () => {
    expect(() => randomTopology(1, { services: 7 })).toThrow(
      /options\.services must be an integer in \[8, 60\], got 7/,
    );
    expect(() => randomTopology(1, { services: 61 })).toThrow(/options\.services/);
    expect(() => randomTopology(1, { services: 10.5 })).toThrow(/options\.services/);
    expect(() => randomTopology(Number.NaN)).toThrow(/seed must be an integer/);
  });
});
