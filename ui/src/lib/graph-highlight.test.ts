import { describe, expect, it } from 'vitest';
import type { Finding, Topology } from '../api/types.js';
import { callPath, incidentGraph } from './graph-highlight.js';

const topology: Topology = {
  services: ['gateway', 'checkout', 'orders', 'db', 'cart', 'search'].map((name) => ({
    name,
    tier: 'backend',
    criticality: 'medium',
    replicas: 1,
  })),
  dependencies: [
    { from: 'gateway', to: 'checkout' },
    { from: 'gateway', to: 'search' },
    { from: 'checkout', to: 'orders' },
    { from: 'checkout', to: 'cart' },
    { from: 'cart', to: 'orders' },
    { from: 'orders', to: 'db' },
  ],
};

const edges = topology.dependencies.map((d) => ({ source: d.from, target: d.to }));

describe('callPath', () => {
  it('finds the shortest chain of calls', () => {
    expect(callPath(edges, 'gateway', 'db')).toEqual(['gateway', 'checkout', 'orders', 'db']);
    expect(callPath(edges, 'orders', 'orders')).toEqual(['orders']);
  });
  it('follows call direction only and honours the allowed set', () => {
    expect(callPath(edges, 'db', 'gateway')).toEqual([]);
    expect(callPath(edges, 'checkout', 'orders', (s) => s === 'cart')).toEqual(['checkout', 'orders']);
    expect(callPath(edges, 'gateway', 'orders', (s) => s !== 'checkout')).toEqual([]);
  });
});

describe('incidentGraph', () => {
  it('marks the root cause, blast radius, at-risk and alerting services and the propagation path', () => {
    const graph = incidentGraph({
      topology,
      findings: [],
      rootService: 'orders',
      alertService: 'gateway',
      blastRadius: ['orders', 'checkout', 'gateway'],
      atRisk: ['cart'],
    });
    const byId = Object.fromEntries(graph.nodes.map((n) => [n.id, n.classes]));
    expect(byId.orders).toEqual(['root', 'blast', 'path']);
    expect(byId.gateway).toEqual(['blast', 'alerting', 'path']);
    expect(byId.cart).toEqual(['at-risk']);
    expect(byId.search).toEqual([]);
    expect(graph.path).toEqual(['gateway', 'checkout', 'orders']);
    const pathEdges = graph.edges.filter((e) => e.classes.includes('path')).map((e) => e.id);
    expect(pathEdges).toEqual(['gateway->checkout', 'checkout->orders']);
  });

  it('prefers a path through the blast radius over a shorter one outside it', () => {
    const dependencies = [
      { from: 'checkout', to: 'cart' },
      { from: 'cart', to: 'inventory' },
      { from: 'inventory', to: 'orders' },
      { from: 'checkout', to: 'search' },
      { from: 'search', to: 'orders' },
    ];
    const input = {
      topology: { services: [], dependencies },
      findings: [],
      rootService: 'orders',
      alertService: 'checkout',
      atRisk: [],
    };
    expect(
      incidentGraph({ ...input, blastRadius: ['orders', 'inventory', 'cart', 'checkout'] }).path,
    ).toEqual(['checkout', 'cart', 'inventory', 'orders']);
    // Without a chain inside the blast radius, the shortest chain overall.
    expect(incidentGraph({ ...input, blastRadius: ['orders', 'checkout'] }).path).toEqual([
      'checkout',
      'search',
      'orders',
    ]);
  });

  it('adds edges from dependency errors, and works without a topology', () => {
    const findings: Finding[] = [
      {
        id: 'd',
        agent: 'logs',
        service: 'web',
        summary: '',
        strength: 0.7,
        kind: 'dependency_error',
        target: 'api',
        count: 12,
        first_seen: 100,
        via: 'logs',
        share: 0.9,
      },
    ];
    const graph = incidentGraph({
      topology: null,
      findings,
      rootService: 'api',
      alertService: 'web',
      blastRadius: ['api', 'web'],
      atRisk: [],
    });
    expect(graph.nodes.map((n) => n.id)).toEqual(['api', 'web']);
    expect(graph.edges).toEqual([
      { id: 'web->api', source: 'web', target: 'api', classes: ['error', 'path'] },
    ]);
    expect(graph.path).toEqual(['web', 'api']);
  });

  it('has no path when the root cause is not downstream of the alerting service', () => {
    const graph = incidentGraph({
      topology,
      findings: [],
      rootService: 'search',
      alertService: 'orders',
      blastRadius: [],
      atRisk: [],
    });
    expect(graph.path).toEqual([]);
    expect(graph.nodes.find((n) => n.id === 'search')?.classes).toEqual(['root']);
  });
});
