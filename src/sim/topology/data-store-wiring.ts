/**
 * Wiring of the data stores and third parties of a generated topology: PostgreSQL
 * databases, Redis caches, an optional queue with its worker, and external providers,
 * each with at least one caller so the scenarios that need them can pick them.
 */

import { type GraphBuilder, round1, round2, shuffle } from './graph-builder.js';
import type { SimService } from './sim-topology.js';
import { CACHE_NAMES, DATABASE_SUFFIXES, PROVIDERS, QUEUE_NAMES } from './topology-words.js';

/** `count` PostgreSQL databases, each named after its first caller's domain; about half the callers use one. */
export function wireDatabases(b: GraphBuilder, count: number, callers: SimService[]): void {
  const { rng } = b;
  const users = shuffle([...callers], rng);
  const databases: SimService[] = [];
  for (let i = 0; i < count; i++) {
    const owner = b.domainOf.get(users[i % users.length].name) ?? 'main';
    const name = count === 1 && rng.chance(0.5) ? 'postgres' : `${owner}${rng.pick(DATABASE_SUFFIXES)}`;
    databases.push(
      b.add(b.unique(name), 'database', 'postgres', {
        criticality: 'critical',
        base_latency_ms: round1(rng.range(1.5, 4)),
        base_memory_fraction: round2(rng.range(0.5, 0.7)),
        stateful: true,
        write_fraction: round2(rng.range(0.2, 0.45)),
        base_disk_fraction: round2(rng.range(0.45, 0.7)),
        operations: ['SELECT', 'INSERT', 'UPDATE'],
      }),
    );
  }
  const dbCall = (from: SimService, to: SimService) =>
    b.edge(from, to, rng.range(1, 4), rng.pick([5000, 10000]));
  for (const [i, db] of databases.entries()) dbCall(users[i % users.length], db);
  for (const service of users) {
    if (rng.chance(0.5)) {
      const db = rng.pick(databases);
      if (!b.hasEdge(service, db)) dbCall(service, db);
    }
  }
}

/** `count` Redis caches with one to four callers each. */
export function wireCaches(b: GraphBuilder, count: number, callers: SimService[]): void {
  const { rng } = b;
  for (let i = 0; i < count; i++) {
    const cache = b.add(b.unique(rng.pick(CACHE_NAMES)), 'cache', 'redis', {
      criticality: 'high',
      base_latency_ms: round1(rng.range(0.5, 1)),
      base_memory_fraction: round2(rng.range(0.3, 0.5)),
      operations: ['GET', 'SET', 'MGET'],
    });
    const users = shuffle([...callers], rng).slice(0, rng.int(1, Math.min(4, callers.length)));
    for (const user of users) b.edge(user, cache, rng.range(1, 3), rng.pick([200, 300, 500]));
  }
}

/** Producers publish synchronously; the broker hands jobs to its worker asynchronously. */
export function wireQueue(b: GraphBuilder, worker: SimService, backends: SimService[]): void {
  const { rng } = b;
  const queue = b.add(b.unique(rng.pick(QUEUE_NAMES)), 'queue', 'redis', {
    criticality: 'high',
    base_latency_ms: round1(rng.range(0.8, 2)),
    base_memory_fraction: round2(rng.range(0.3, 0.5)),
    operations: ['XADD', 'XREADGROUP', 'XACK'],
  });
  for (const producer of shuffle([...backends], rng).slice(0, rng.int(1, 2))) {
    b.edge(producer, queue, rng.range(0.3, 1), 1000);
  }
  b.edges.push({
    from: queue.name,
    to: worker.name,
    calls_per_request: 1,
    timeout_ms: 30000,
    async: true,
  });
}

/** `count` third-party providers, each called by one to three services. */
export function wireProviders(b: GraphBuilder, count: number, callers: SimService[]): void {
  const { rng } = b;
  for (const provider of shuffle([...PROVIDERS], rng).slice(0, count)) {
    const external = b.add(b.unique(provider.name), 'external', 'go', {
      criticality: provider.criticality,
      base_latency_ms: Math.round(provider.latency * rng.range(0.8, 1.25)),
      operations: [provider.route],
    });
    external.host = 'external';
    external.capacity_rps = 1e6;
    const users = shuffle([...callers], rng).slice(0, rng.int(1, Math.min(3, callers.length)));
    for (const user of users) {
      b.edge(user, external, rng.range(0.3, 1), rng.pick([3000, 4000, 5000, 8000, 10000]));
    }
  }
}
