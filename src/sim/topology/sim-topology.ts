import type { Topology } from '../../core/index.js';

/** Log flavour of a service: an application runtime or a data store engine. */
export type SimLanguage = 'java' | 'python' | 'node' | 'go' | 'postgres' | 'redis';

/**
 * One service of a simulated topology: the bundle fields (`name`, `tier`, `criticality`,
 * `replicas`, `host`) plus the physical properties the engine needs.
 */
export interface SimService {
  name: string;
  tier: string;
  criticality: string;
  replicas: number;
  host: string;
  language: SimLanguage;
  /** Own service time (median, ms) before callees, queueing and faults. */
  base_latency_ms: number;
  /** Requests per second one replica serves at 100% CPU. */
  capacity_rps: number;
  /** Per-pod memory limit in MiB. */
  memory_limit_mb: number;
  /** Resting heap/RSS as a fraction of the limit. */
  base_memory_fraction: number;
  /** Share of the outside traffic that enters here (frontends, gateways); 0 otherwise. */
  entry_weight: number;
  /** Per-pod DB connection pool size, for services that hold one. */
  pool_size?: number;
  /** How long a request holds a pooled connection (transaction span), ms. */
  pool_hold_ms?: number;
  /** Stateful services have a volume; disk_used is reported for them. */
  stateful?: boolean;
  /** Fraction of requests that write (fails first when the disk is full). */
  write_fraction?: number;
  /** Resting disk usage, fraction of the volume. */
  base_disk_fraction?: number;
  /** HTTP routes (or query kinds) used in request logs and span names. */
  operations: string[];
}

/** `from` calls `to` on `calls_per_request` of its requests on average. */
export interface SimEdge {
  from: string;
  to: string;
  calls_per_request: number;
  timeout_ms: number;
  /** Fire-and-forget (queue) edges carry no latency or errors back to the caller. */
  async?: boolean;
}

export interface SimTopology {
  name: string;
  /** Outside requests per second at the diurnal mean. */
  entry_rps: number;
  services: SimService[];
  edges: SimEdge[];
}

/** Read-only graph queries over a SimTopology. */
export class TopologyGraph {
  readonly byName = new Map<string, SimService>();
  private readonly out = new Map<string, SimEdge[]>();
  private readonly in = new Map<string, SimEdge[]>();
  /** Callers before callees. */
  readonly order: string[];

  constructor(readonly topology: SimTopology) {
    for (const service of topology.services) {
      if (this.byName.has(service.name)) throw new Error(`topology: duplicate service "${service.name}"`);
      this.byName.set(service.name, service);
      this.out.set(service.name, []);
      this.in.set(service.name, []);
    }
    for (const [index, edge] of topology.edges.entries()) {
      if (!this.byName.has(edge.from) || !this.byName.has(edge.to)) {
        throw new Error(`topology: edges[${index}] ${edge.from} -> ${edge.to} names an unknown service`);
      }
      this.out.get(edge.from)?.push(edge);
      this.in.get(edge.to)?.push(edge);
    }
    this.order = this.topologicalOrder();
  }

  callees(name: string): SimEdge[] {
    return this.out.get(name) ?? [];
  }

  callers(name: string): SimEdge[] {
    return this.in.get(name) ?? [];
  }

  isExternal(name: string): boolean {
    return this.byName.get(name)?.tier === 'external';
  }

  /** Every service that reaches `name` through synchronous calls. */
  upstreamOf(name: string): Set<string> {
    const seen = new Set<string>();
    const stack = [name];
    while (stack.length) {
      const current = stack.pop() as string;
      for (const edge of this.callers(current)) {
        if (edge.async || seen.has(edge.from)) continue;
        seen.add(edge.from);
        stack.push(edge.from);
      }
    }
    return seen;
  }

  /** The bundle's topology: no sim-only properties. */
  toCoreTopology(replicas: (name: string) => number): Topology {
    return {
      services: this.topology.services.map((s) => ({
        name: s.name,
        tier: s.tier,
        criticality: s.criticality,
        replicas: replicas(s.name),
        host: s.host,
      })),
      dependencies: this.topology.edges.map((e) => ({ from: e.from, to: e.to })),
    };
  }

  private topologicalOrder(): string[] {
    const indegree = new Map<string, number>();
    for (const s of this.topology.services) indegree.set(s.name, this.callers(s.name).length);
    const ready = this.topology.services.filter((s) => indegree.get(s.name) === 0).map((s) => s.name);
    const order: string[] = [];
    while (ready.length) {
      const name = ready.shift() as string;
      order.push(name);
      for (const edge of this.callees(name)) {
        const left = (indegree.get(edge.to) ?? 0) - 1;
        indegree.set(edge.to, left);
        if (left === 0) ready.push(edge.to);
      }
    }
    if (order.length !== this.topology.services.length) {
      const stuck = this.topology.services.filter((s) => !order.includes(s.name)).map((s) => s.name);
      throw new Error(`topology: call graph has a cycle through ${stuck.join(', ')}`);
    }
    return order;
  }
}
