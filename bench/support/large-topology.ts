/**
 * A large, seeded, layered call graph for the reasoning benchmark (thousands of services,
 * beyond the simulator's 8–60): frontends call gateways, gateways call the top backend
 * layer, each backend calls 2–5 services mostly one layer down (sometimes two or three
 * layers down, a database, a cache or a third-party provider), and a few calls point back
 * up so that cycles exist. Every service below the top has at least one caller. Services
 * share hosts (6–10 per host), as on a real cluster.
 */
import type { Topology } from '../../src/core/index.js';
import { Rng } from '../../src/sim/random.js';
import { DOMAINS } from '../../src/sim/topology/topology-words.js';

export interface LargeTopology {
  topology: Topology;
  /** Backends by layer, top (called by the gateways) first. */
  layers: string[][];
  externals: string[];
  dataStores: string[];
  entry: string[];
  /** The calls added upwards, each closing a cycle (caller → callee). */
  cycleEdges: { from: string; to: string }[];
}

const EXTERNAL_NAMES = ['stripe', 'adyen', 'twilio', 'sendgrid', 'maxmind', 'avalara', 'shippo', 'auth0'];
const SUFFIXES = ['api', 'svc', 'service', 'core', 'worker'];

export function largeTopology(services: number, seed: number): LargeTopology {
  if (!Number.isInteger(services) || services < 50)
    throw new Error(`largeTopology: services must be an integer >= 50, got ${services}`);
  const rng = Rng.derive(seed, 'large-topology');
  const nodes: Topology['services'] = [];
  const edges = new Set<string>();
  const dependencies: Topology['dependencies'] = [];
  let serial = 0;
  const name = (stem: string) => `${stem}-${String(++serial).padStart(4, '0')}`;
  const add = (service: string, tier: string, criticality: string) => {
    nodes.push({ name: service, tier, criticality, replicas: rng.int(2, 6) });
    return service;
  };
  const call = (from: string, to: string): boolean => {
    const key = `${from}>${to}`;
    if (from === to || edges.has(key)) return false;
    edges.add(key);
    dependencies.push({ from, to });
    return true;
  };

  const frontends = Math.max(1, Math.round(services * 0.004));
  const gateways = Math.max(1, Math.round(services * 0.006));
  const externalCount = Math.max(2, Math.round(services * 0.01));
  const databases = Math.max(2, Math.round(services * 0.04));
  const caches = Math.max(1, Math.round(services * 0.025));
  const backends = services - frontends - gateways - externalCount - databases - caches;
  const depth = Math.min(8, Math.max(3, Math.round(Math.log2(services)) - 3));

  const entry = Array.from({ length: frontends }, () => add(name('web'), 'frontend', 'critical'));
  const gatewayNames = Array.from({ length: gateways }, () => add(name('gateway'), 'gateway', 'critical'));
  const layers: string[][] = Array.from({ length: depth }, () => []);
  for (let i = 0; i < backends; i++) {
    // Wider near the top, as real service graphs are.
    const layer = Math.min(depth - 1, Math.floor(depth * rng.next() ** 1.3));
    const stem = `${rng.pick(DOMAINS)}-${rng.pick(SUFFIXES)}`;
    layers[layer].push(add(name(stem), 'backend', rng.pick(['critical', 'high', 'medium', 'medium', 'low'])));
  }
  for (const layer of layers) if (!layer.length) layer.push(add(name('orders-svc'), 'backend', 'medium'));
  const dataStores = [
    ...Array.from({ length: databases }, () => add(name('postgres'), 'database', 'critical')),
    ...Array.from({ length: caches }, () => add(name('redis'), 'cache', 'high')),
  ];
  const externals = Array.from({ length: externalCount }, () =>
    add(name(rng.pick(EXTERNAL_NAMES)), 'external', 'high'),
  );

  for (const frontend of entry) {
    for (const gateway of gatewayNames)
      if (rng.chance(0.7) || gateway === gatewayNames[0]) call(frontend, gateway);
  }
  for (const gateway of gatewayNames) fanOut(gateway, () => rng.pick(layers[0]));
  for (let k = 0; k < depth; k++) {
    for (const service of layers[k]) {
      fanOut(service, () => {
        const roll = rng.next();
        if (k + 1 < depth && roll < 0.7) return rng.pick(layers[k + 1]);
        if (k + 2 < depth && roll < 0.8) return rng.pick(layers[Math.min(depth - 1, k + rng.int(2, 3))]);
        if (roll < 0.93) return rng.pick(dataStores);
        return rng.pick(externals);
      });
    }
    // Nobody below the top is unreachable: an orphan gets a caller from the layer above.
    if (k + 1 < depth) {
      const called = new Set(dependencies.map((d) => d.to));
      for (const service of layers[k + 1]) if (!called.has(service)) call(rng.pick(layers[k]), service);
    }
  }
  const called = new Set(dependencies.map((d) => d.to));
  for (const store of [...dataStores, ...externals])
    if (!called.has(store)) call(rng.pick(layers[depth - 1]), store);

  // A few calls back up (a callback, a cache refill through an API): cycles of 3–4 services.
  const cycleEdges: { from: string; to: string }[] = [];
  const backendSet = new Set(layers.flat());
  const backendCallees = new Map<string, string[]>();
  for (const d of dependencies) {
    if (backendSet.has(d.to)) backendCallees.set(d.from, [...(backendCallees.get(d.from) ?? []), d.to]);
  }
  for (let attempt = 0, wanted = Math.max(1, Math.round(services / 250)); attempt < wanted * 10; attempt++) {
    if (cycleEdges.length >= wanted) break;
    const top = rng.pick(layers[rng.int(0, Math.max(0, depth - 3))]);
    let bottom = top;
    for (let hop = rng.int(2, 3); hop > 0; hop--) {
      const next = backendCallees.get(bottom);
      if (!next?.length) break;
      bottom = rng.pick(next);
    }
    if (bottom !== top && call(bottom, top)) cycleEdges.push({ from: bottom, to: top });
  }

  let host = 0;
  let left = 0;
  for (const node of nodes) {
    if (node.tier === 'external') continue;
    if (left === 0) {
      host++;
      left = rng.int(6, 10);
    }
    node.host = `node-${String(host).padStart(3, '0')}`;
    left--;
  }
  return { topology: { services: nodes, dependencies }, layers, externals, dataStores, entry, cycleEdges };

  function fanOut(service: string, pick: () => string): void {
    const want = rng.int(2, 5);
    for (let tries = 0, made = 0; made < want && tries < want * 4; tries++) if (call(service, pick())) made++;
  }
}
