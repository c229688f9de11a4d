/**
 * The mutable graph a topology generator assembles: services with defaults, edges, unique
 * names, and which business domain each backend owns.
 */
import type { Rng } from '../random.js';
import type { SimEdge, SimLanguage, SimService } from './sim-topology.js';
import { roundCalls } from './topology-sizing.js';

const MEMORY_LIMITS_MB: Record<SimLanguage, number[]> = {
  java: [1024, 2048, 3072],
  python: [512, 1024],
  node: [512, 1024],
  go: [256, 512],
  postgres: [4096, 8192, 16384],
  redis: [1024, 2048, 4096],
};

export class GraphBuilder {
  readonly services: SimService[] = [];
  readonly edges: SimEdge[] = [];
  /** Backend name -> the domain it owns (`orders-api` -> `orders`). */
  readonly domainOf = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(readonly rng: Rng) {}

  /** Adds a service with generated memory limit and resting memory; `extra` overrides. */
  add(
    name: string,
    tier: string,
    language: SimLanguage,
    extra: Partial<SimService> & Pick<SimService, 'criticality' | 'base_latency_ms'>,
  ): SimService {
    const service: SimService = {
      name,
      tier,
      replicas: 1,
      host: 'node-1',
      language,
      capacity_rps: 100,
      memory_limit_mb: this.rng.pick(MEMORY_LIMITS_MB[language]),
      base_memory_fraction: round2(this.rng.range(0.35, 0.6)),
      entry_weight: 0,
      operations: [],
      ...extra,
    };
    this.services.push(service);
    return service;
  }

  edge(from: SimService, to: SimService, calls: number, timeoutMs: number): void {
    this.edges.push({
      from: from.name,
      to: to.name,
      calls_per_request: roundCalls(calls),
      timeout_ms: timeoutMs,
    });
  }

  hasEdge(from: SimService, to: SimService): boolean {
    return from === to || this.edges.some((e) => e.from === from.name && e.to === to.name);
  }

  /** `name`, or `name-2`, `name-3`... when taken. */
  unique(name: string): string {
    let candidate = name;
    for (let i = 2; this.used.has(candidate); i++) candidate = `${name}-${i}`;
    this.used.add(candidate);
    return candidate;
  }
}

/** Fisher-Yates in place with the seeded PRNG. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

export const round1 = (x: number) => Math.round(x * 10) / 10;
export const round2 = (x: number) => Math.round(x * 100) / 100;
