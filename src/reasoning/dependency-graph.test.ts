import { describe, expect, it } from 'vitest';
import { DependencyGraph } from './dependency-graph.js';
import { dependencyError, topologyOf } from './testing/findings.js';

describe('DependencyGraph edges', () => {
  it('merges provenance of the same edge and keeps the strongest weight', () => {
    const graph = new DependencyGraph();
    graph.addEdge('web', 'api', 'logs');
    expect(graph.edges()).toEqual([{ from: 'web', to: 'api', provenance: ['logs'], weight: 0.6 }]);
    graph.addEdge('web', 'api', 'traces');
    graph.addEdge('web', 'api', 'logs');
    const [edge] = graph.edges();
    expect(graph.edges()).toHaveLength(1);
    expect(edge.provenance).toEqual(['logs', 'traces']);
    expect(edge.weight).toBe(0.8);
    graph.addEdge('web', 'api', 'topology');
    expect(graph.edges()[0].weight).toBe(1);
    // A weaker provenance added later does not lower the weight.
    graph.addEdge('web', 'api', 'logs');
    expect(graph.edges()[0].weight).toBe(1);
  });

  it('ignores self-loops but registers nodes', () => {
    const graph = new DependencyGraph();
    graph.addEdge('api', 'api', 'topology');
    expect(graph.edges()).toEqual([]);
    graph.addNode('lonely');
    expect(graph.has('lonely')).toBe(true);
    expect(graph.has('api')).toBe(false);
  });

  it('builds from topology and dependency_error findings with their provenance', () => {
    const topology = topologyOf(['web>api'], { solo: {} });
    const graph = DependencyGraph.fromEvidence(topology, [
      dependencyError('api', 'stripe', { via: 'traces' }),
      dependencyError('web', 'api', { via: 'logs' }),
    ]);
    expect(new Set(graph.nodes)).toEqual(new Set(['web', 'api', 'solo', 'stripe']));
    const byKey = new Map(graph.edges().map((e) => [`${e.from}>${e.to}`, e]));
    expect(byKey.get('api>stripe')).toMatchObject({ provenance: ['traces'], weight: 0.8 });
    expect(byKey.get('web>api')).toMatchObject({ provenance: ['topology', 'logs'], weight: 1 });
    expect(graph.callers('api')).toEqual(['web']);
    expect(graph.callees('api')).toEqual(['stripe']);
  });

  it('builds an empty graph from nothing', () => {
    const graph = DependencyGraph.fromEvidence(undefined, []);
    expect(graph.nodes).toEqual([]);
    expect(graph.ancestors('x').size).toBe(0);
    expect(graph.path('x', 'y')).toBeNull();
  });
});

describe('DependencyGraph traversals', () => {
  // web → api → db → cache → api (a cycle through api), plus web → search.
  const cyclic = () => {
    const graph = new DependencyGraph();
    for (const [from, to] of [
      ['web', 'api'],
      ['api', 'db'],
      ['db', 'cache'],
      ['cache', 'api'],
      ['web', 'search'],
    ]) {
      graph.addEdge(from, to, 'topology');
    }
    return graph;
  };

  it('finds ancestors on a cyclic graph, without the node itself', () => {
    const graph = cyclic();
    expect(graph.ancestors('db')).toEqual(new Set(['api', 'cache', 'web']));
    expect(graph.ancestors('api')).toEqual(new Set(['cache', 'db', 'web']));
    expect(graph.ancestors('web').size).toBe(0);
    expect(graph.ancestors('search')).toEqual(new Set(['web']));
  });

  it('finds descendants on a cyclic graph, without the node itself', () => {
    const graph = cyclic();
    expect(graph.descendants('api')).toEqual(new Set(['db', 'cache']));
    expect(graph.descendants('web')).toEqual(new Set(['api', 'db', 'cache', 'search']));
    expect(graph.descendants('search').size).toBe(0);
  });

  it('invalidates cached ancestors when an edge is added', () => {
    const graph = cyclic();
    expect(graph.ancestors('search')).toEqual(new Set(['web']));
    graph.addEdge('api', 'search', 'logs');
    expect(graph.ancestors('search')).toEqual(new Set(['web', 'api', 'cache', 'db']));
  });

  it('returns a shortest call path, or null against the call direction', () => {
    const graph = cyclic();
    graph.addEdge('web', 'cache', 'traces');
    expect(graph.path('web', 'cache')).toEqual(['web', 'cache']);
    expect(graph.path('api', 'cache')).toEqual(['api', 'db', 'cache']);
    expect(graph.path('cache', 'db')).toEqual(['cache', 'api', 'db']);
    expect(graph.path('search', 'web')).toBeNull();
    expect(graph.path('api', 'api')).toEqual(['api']);
  });
});
