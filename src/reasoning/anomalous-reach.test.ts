import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/random.js';
import { AnomalousReach } from './anomalous-reach.js';
import { CausalReasoningEngine } from './causal-engine.js';
import { DependencyGraph } from './dependency-graph.js';
import { alertOn, FULL_COVERAGE, metricAnomaly, T0, topologyOf } from './testing/findings.js';

function graphOf(edges: readonly string[]): DependencyGraph {
  const graph = new DependencyGraph();
  for (const edge of edges) {
    const [from, to] = edge.split('>');
    graph.addEdge(from, to, 'topology');
  }
  return graph;
}

describe('AnomalousReach', () => {
  it('finds anomalous callers and callees through a cycle, never the service itself', () => {
    // web → api → db → cache → api (a cycle through api), web → search, batch → db.
    const graph = graphOf(['web>api', 'api>db', 'db>cache', 'cache>api', 'web>search', 'batch>db']);
    graph.addNode('lonely');
    const reach = new AnomalousReach(graph, ['api', 'cache', 'web', 'search', 'batch']);
    expect(reach.anomalousDescendants('web')).toEqual(['api', 'cache', 'search']);
    expect(reach.anomalousDescendants('api')).toEqual(['cache']);
    expect(reach.anomalousDescendants('db')).toEqual(['api', 'cache']);
    expect(reach.anomalousDescendants('search')).toEqual([]);
    expect(reach.anomalousDescendants('lonely')).toEqual([]);
    expect(reach.anomalousDescendants('unknown')).toEqual([]);
    expect(reach.isAnomalousAncestor('web', 'db')).toBe(true);
    expect(reach.isAnomalousAncestor('batch', 'api')).toBe(true);
    expect(reach.isAnomalousAncestor('cache', 'db')).toBe(true);
    expect(reach.isAnomalousAncestor('api', 'api')).toBe(false);
    expect(reach.isAnomalousAncestor('search', 'api')).toBe(false);
    expect(reach.isAnomalousAncestor('api', 'web')).toBe(false);
    // Only anomalous services are known to it.
    expect(reach.isAnomalousAncestor('db', 'cache')).toBe(false);
    expect(reach.isAnomalousAncestor('web', 'unknown')).toBe(false);
  });

  it('agrees with the graph traversals on random graphs with cycles', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const rng = new Rng(seed);
      const size = rng.int(5, 120);
      const names = Array.from({ length: size }, (_, i) => `s${i}`);
      const graph = new DependencyGraph();
      for (const name of names) graph.addNode(name);
      for (let e = rng.int(0, size * 3); e > 0; e--) graph.addEdge(rng.pick(names), rng.pick(names), 'logs');
      // More than 32 anomalous services on the larger graphs: several words per bit set.
      const anomalous = names.filter(() => rng.chance(0.5));
      const reach = new AnomalousReach(graph, anomalous);
      const isAnomalous = new Set(anomalous);
      for (const node of names) {
        const below = [...graph.descendants(node)].filter((s) => isAnomalous.has(s));
        expect(new Set(reach.anomalousDescendants(node)), `seed ${seed}, below ${node}`).toEqual(
          new Set(below),
        );
        const above = graph.ancestors(node);
        for (const service of anomalous) {
          expect(reach.isAnomalousAncestor(service, node), `seed ${seed}, ${service} above ${node}`).toBe(
            above.has(service),
          );
        }
      }
    }
  });

  it('handles a long call chain without deep recursion', () => {
    const edges = Array.from({ length: 20_000 }, (_, i) => `n${i}>n${i + 1}`);
    const reach = new AnomalousReach(graphOf(edges), ['n0', 'n20000']);
    expect(reach.anomalousDescendants('n0')).toEqual(['n20000']);
    expect(reach.isAnomalousAncestor('n0', 'n20000')).toBe(true);
  });
});

describe('the victim test with equally strong anomalous dependencies', () => {
  it('names the dependency a traversal of the call graph meets first', () => {
    // The services' own order puts db2 before db1; a traversal from api meets db1 first.
    const topology = topologyOf(['batch>db2', 'web>api', 'api>db1', 'api>db2']);
    const result = new CausalReasoningEngine().analyse({
      alert: alertOn('web'),
      findings: [
        metricAnomaly('db1', { onset: T0 }),
        metricAnomaly('db2', { onset: T0 }),
        metricAnomaly('api', { onset: T0 + 120 }),
        metricAnomaly('web', { onset: T0 + 180 }),
      ],
      topology,
      observedServices: new Set(['batch', 'db2', 'web', 'api', 'db1']),
      coverage: FULL_COVERAGE,
      windowEnd: T0 + 1800,
    });
    const api = result.hypotheses.find((h) => h.service === 'api');
    const victim = api?.evidence.find((e) => e.kind === 'anomalous_dependency');
    expect(victim?.summary).toBe('its dependency db1 is anomalous too, starting no later');
    expect([...result.graph.descendants('api')]).toEqual(['db1', 'db2']);
  });
});
