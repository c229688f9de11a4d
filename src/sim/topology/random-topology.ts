/**
 * Random but realistic microservice topologies: a frontend, one or two gateways, backends
 * in layers that call downwards (plus a few calls within a layer, never upwards, since the
 * engine refuses cycles), PostgreSQL databases, Redis caches, third-party providers and an
 * optional queue with a worker. Every generated graph holds what each scenario needs to
 * pick a target: a pooled database caller, a database, a provider with callers, an
 * internal dependency with callers.
 */
import { Rng } from '../random.js';
import { wireCaches, wireDatabases, wireProviders, wireQueue } from './data-store-wiring.js';
import { GraphBuilder, round1, round2, shuffle } from './graph-builder.js';
import type { SimLanguage, SimService, SimTopology } from './sim-topology.js';
import { liftThinTraffic, placeOnHosts, provisionTopology, roundCalls } from './topology-sizing.js';
import {
  CRITICAL_DOMAINS,
  DOMAINS,
  domainRoutes,
  FRONTEND_NAMES,
  FRONTEND_ROUTES,
  GATEWAY_NAMES,
  SERVICE_SUFFIXES,
  WORKER_SUFFIXES,
} from './topology-words.js';

export const MIN_RANDOM_SERVICES = 8;
export const MAX_RANDOM_SERVICES = 60;

export interface RandomTopologyOptions {
  /** Total services, externals included: 8..60 (default: random in that range). */
  services?: number;
}

const BACKEND_LANGUAGES: SimLanguage[] = [
  'java',
  'java',
  'java',
  'go',
  'go',
  'python',
  'python',
  'node',
  'node',
];
const OWN_LATENCY_MS: Record<string, [number, number]> = {
  java: [10, 45],
  python: [8, 30],
  node: [5, 25],
  go: [4, 35],
};

interface Composition {
  gateways: number;
  externals: number;
  databases: number;
  caches: number;
  queue: boolean;
  backends: number;
}

/**
 * A layered microservice graph of `options.services` services (8..60), the same for the
 * same seed.
 *
 * @throws Error naming the option when the seed or the size is out of range.
 * @example
 * const world = createSimWorld({ scenario: 'disk-full-database', seed: 7, topology: randomTopology(7, { services: 30 }) });
 */
export function randomTopology(seed: number, options: RandomTopologyOptions = {}): SimTopology {
  if (!Number.isSafeInteger(seed)) throw new Error(`randomTopology: seed must be an integer, got ${seed}`);
  const rng = Rng.derive(seed, 'random-topology');
  const total = options.services ?? rng.int(MIN_RANDOM_SERVICES, MAX_RANDOM_SERVICES);
  if (!Number.isInteger(total) || total < MIN_RANDOM_SERVICES || total > MAX_RANDOM_SERVICES) {
    throw new Error(
      `randomTopology: options.services must be an integer in [${MIN_RANDOM_SERVICES}, ${MAX_RANDOM_SERVICES}], got ${total}`,
    );
  }
  return new TopologyBuilder(rng, seed).build(compose(total, rng));
}

function compose(total: number, rng: Rng): Composition {
  const c: Composition = {
    gateways: total >= 14 && rng.chance(0.5) ? 2 : 1,
    externals: rng.int(1, total < 12 ? 2 : 3),
    databases: rng.int(1, total < 12 ? 1 : total < 30 ? 2 : 3),
    caches: rng.int(0, total < 10 ? 1 : 2),
    queue: total >= 12 && rng.chance(0.4),
    backends: 0,
  };
  const fixed = () => 1 + c.gateways + c.externals + c.databases + c.caches + (c.queue ? 1 : 0);
  while (total - fixed() < 3 && c.caches > 0) c.caches--;
  while (total - fixed() < 3 && c.externals > 1) c.externals--;
  c.backends = total - fixed();
  return c;
}

/** Frontend, gateways and layered backends; data stores come from data-store-wiring. */
class TopologyBuilder extends GraphBuilder {
  private readonly domains: string[];

  constructor(
    rng: Rng,
    private readonly seed: number,
  ) {
    super(rng);
    this.domains = shuffle([...DOMAINS], rng);
  }

  build(c: Composition): SimTopology {
    const { rng } = this;
    const frontend = this.add(this.unique(rng.pick(FRONTEND_NAMES)), 'frontend', 'node', {
      criticality: 'critical',
      base_latency_ms: round1(rng.range(15, 40)),
      operations: shuffle([...FRONTEND_ROUTES], rng).slice(0, rng.int(4, 6)),
    });
    const gateways = GATEWAY_NAMES.slice(0, c.gateways).map((names) =>
      this.add(this.unique(rng.pick(names)), 'gateway', rng.pick<SimLanguage>(['go', 'go', 'java', 'node']), {
        criticality: 'critical',
        base_latency_ms: round1(rng.range(3, 10)),
      }),
    );
    const worker = c.queue ? this.backend(-1) : null;
    const layers = this.layers(c.backends - (worker ? 1 : 0));
    const backends = layers.flat();
    const callers = worker ? [...backends, worker] : backends;

    this.wireEntry(frontend, gateways, layers[0]);
    this.wireLayers(layers);
    wireDatabases(this, c.databases, callers);
    wireCaches(this, c.caches, callers);
    if (worker) wireQueue(this, worker, backends);
    wireProviders(this, c.externals, callers);

    const topology: SimTopology = {
      name: `random-${this.seed}`,
      entry_rps: Math.round(rng.range(150, 300) + this.services.length * rng.range(4, 10)),
      services: this.services,
      edges: this.edges,
    };
    liftThinTraffic(topology, rng);
    provisionTopology(topology, callers, rng);
    placeOnHosts(this.services, rng);
    return topology;
  }

  /** Splits the backends into 2-5 layers, wider at the top. */
  private layers(count: number): SimService[][] {
    const depth = count <= 4 ? 2 : count <= 10 ? 3 : count <= 22 ? 4 : 5;
    const sizes = new Array<number>(depth).fill(1);
    const weights = [1.4, 1.2, 1, 0.8, 0.6].slice(0, depth);
    const sum = weights.reduce((a, b) => a + b, 0);
    for (let left = count - depth; left > 0; left--) {
      let pick = this.rng.next() * sum;
      let layer = 0;
      while (layer < depth - 1 && pick >= weights[layer]) pick -= weights[layer++];
      sizes[layer]++;
    }
    return sizes.map((size, layer) => Array.from({ length: size }, () => this.backend(layer)));
  }

  private wireEntry(frontend: SimService, gateways: SimService[], top: SimService[]): void {
    const { rng } = this;
    frontend.entry_weight = round2(rng.range(0.6, 0.8));
    const [main, second] = gateways;
    this.edge(frontend, main, rng.range(1.1, 1.4), 8000);
    if (second) {
      this.edge(frontend, second, rng.range(0.1, 0.3), 8000);
      second.entry_weight = round2((1 - frontend.entry_weight) * rng.range(0.4, 0.7));
    }
    main.entry_weight = round2(1 - frontend.entry_weight - (second?.entry_weight ?? 0));
    this.split(main, top, rng.range(0.9, 1.2));
    if (second)
      this.split(second, shuffle([...top], rng).slice(0, rng.int(1, top.length)), rng.range(0.8, 1.1));
    for (const gateway of gateways) {
      gateway.operations = this.edges
        .filter((e) => e.from === gateway.name)
        .slice(0, 5)
        .map((e) => `GET /api/v1/${this.domainOf.get(e.to) ?? e.to}`);
    }
  }

  /** A gateway routes its requests across `targets`: call rates that sum to `total`. */
  private split(from: SimService, targets: SimService[], total: number): void {
    const weights = targets.map(() => this.rng.range(0.2, 1.5));
    const sum = weights.reduce((a, b) => a + b, 0);
    targets.forEach((to, i) => {
      this.edge(from, to, (total * weights[i]) / sum, this.rng.chance(0.2) ? 10000 : 3000);
    });
  }

  private wireLayers(layers: SimService[][]): void {
    const { rng } = this;
    for (let k = 1; k < layers.length; k++) {
      for (const service of layers[k]) this.edge(rng.pick(layers[k - 1]), service, rng.range(0.3, 1.2), 3000);
    }
    for (let k = 0; k < layers.length - 1; k++) {
      for (const service of layers[k]) {
        const below = layers.slice(k + 1, k + 3).flat();
        for (let extra = rng.int(0, 2); extra > 0; extra--) {
          const to = rng.chance(0.75) ? rng.pick(layers[k + 1]) : rng.pick(below);
          if (!this.hasEdge(service, to))
            this.edge(service, to, rng.range(0.2, 1), rng.pick([1000, 2000, 3000]));
        }
      }
    }
    // A few calls within a layer, always towards the later service: no cycle can form.
    const cross = Math.floor(layers.flat().length / 8) + (rng.chance(0.5) ? 1 : 0);
    for (let i = 0; i < cross; i++) {
      const layer = rng.pick(layers);
      if (layer.length < 2) continue;
      const a = rng.int(0, layer.length - 2);
      const b = rng.int(a + 1, layer.length - 1);
      if (!this.hasEdge(layer[a], layer[b])) this.edge(layer[a], layer[b], rng.range(0.2, 0.8), 2000);
    }
    for (const service of layers.flat()) this.capFanOut(service);
  }

  /** Keeps traces (and traffic) from multiplying: at most two backend calls per request. */
  private capFanOut(service: SimService): void {
    const out = this.edges.filter((e) => e.from === service.name);
    const sum = out.reduce((s, e) => s + e.calls_per_request, 0);
    if (sum > 2) for (const e of out) e.calls_per_request = roundCalls((e.calls_per_request * 2) / sum);
  }

  /** A backend owning the next business domain; layer -1 is the queue's worker. */
  private backend(layer: number): SimService {
    const { rng } = this;
    const domain = this.domains.shift() ?? `domain-${this.services.length}`;
    const language = rng.pick(BACKEND_LANGUAGES);
    const suffix = layer < 0 ? rng.pick(WORKER_SUFFIXES) : rng.pick(SERVICE_SUFFIXES);
    const [low, high] = OWN_LATENCY_MS[language];
    const criticality = CRITICAL_DOMAINS.has(domain)
      ? 'critical'
      : layer === 0
        ? 'high'
        : rng.pick(['high', 'medium', 'medium', 'low']);
    const service = this.add(this.unique(`${domain}${suffix}`), 'backend', language, {
      criticality: layer < 0 ? rng.pick(['medium', 'low']) : criticality,
      base_latency_ms: round1(rng.range(low, high)),
      operations: layer < 0 ? [`POST /internal/jobs/${domain}`] : domainRoutes(domain, rng.int(2, 3)),
    });
    this.domainOf.set(service.name, domain);
    return service;
  }
}
