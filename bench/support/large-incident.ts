/**
 * A large incident as the agents would report it, for the reasoning benchmark: a bad deploy
 * on one deep backend (the planted root cause) whose failure cascades up the call graph to
 * its callers, hop by hop, each later than the service it calls. The agents' findings:
 * - metric anomalies on several signals (errors, latency percentiles, sometimes traffic
 *   down and CPU) with onsets ordered along the propagation, strength fading with distance;
 * - error log templates on about half the victims, naming the callee that failed them, and
 *   dependency_error edges (from logs or error spans) on about 40%;
 * - the deploy itself, and changes on other services (old deploys, autoscaling after the
 *   onset, feature flags, an infrastructure event, a deploy on a victim half an hour early);
 * - red herrings on unrelated services: a spike that cleared, a busier service, a config
 *   change followed by a blip, a slow memory climb, timeouts to a third-party provider, a
 *   long-standing mild error rate.
 * Everything derives from the seed.
 */
import type { Cause, Finding, ServiceNode } from '../../src/core/index.js';
import type { ReasoningInput } from '../../src/reasoning/causal-engine.js';
import { DependencyGraph } from '../../src/reasoning/dependency-graph.js';
import {
  alertOn,
  changeFinding,
  dependencyError,
  FULL_COVERAGE,
  logPattern,
  metricAnomaly,
  T0,
} from '../../src/reasoning/testing/findings.js';
import { Rng } from '../../src/sim/random.js';
import { type LargeTopology, largeTopology } from './large-topology.js';

export interface LargeIncidentOptions {
  services: number;
  /** Services with anomalies of their own: the cascade (root included) and the red herrings. */
  anomalous: number;
  seed: number;
}

export interface LargeIncident {
  input: ReasoningInput;
  expected: { service: string; cause: Cause };
  description: {
    services: number;
    dependencies: number;
    cycle_edges: number;
    externals: number;
    layers: number[];
    cascade: number;
    cascade_hops: number;
    red_herrings: number;
    changed_services: number;
    findings: Record<string, number>;
  };
}

const HERRING_SHARE = 0.1;

export function largeIncident(options: LargeIncidentOptions): LargeIncident {
  const { services, anomalous, seed } = options;
  if (!Number.isInteger(anomalous) || anomalous < 10 || anomalous > services / 4)
    throw new Error(`largeIncident: anomalous must be an integer in [10, services/4], got ${anomalous}`);
  const world = largeTopology(services, seed);
  const rng = Rng.derive(seed, 'large-incident');
  const graph = DependencyGraph.fromEvidence(world.topology, []);
  const herringCount = Math.max(3, Math.round(anomalous * HERRING_SHARE));
  const cascade = plantCascade(world, graph, rng, anomalous - herringCount);
  const root = cascade[0].service;
  const findings: Finding[] = [];
  const onsetOf = new Map(cascade.map((c) => [c.service, c.onset]));

  // The root: a deploy a few minutes before everything went wrong.
  const deployAt = T0 - Math.round(rng.range(120, 420));
  findings.push(
    changeFinding(root, deployAt, {
      version: 'v4.12.0',
      previous_version: 'v4.11.3',
      description: 'rollout of v4.12.0 (new serializer)',
      suspicion: 0.8,
      strength: 0.8,
    }),
    metricAnomaly(root, { strength: 0.97, onset: T0, peak: 0.31, current: 0.29, magnitude: 30 }),
    latency(root, 'latency_p95', 0.9, T0 + 10),
    latency(root, 'latency_p99', 0.92, T0 + 10),
    latency(root, 'latency_p50', 0.7, T0 + 20),
    metricAnomaly(root, {
      metric: 'cpu_usage',
      signal: 'cpu',
      strength: 0.6,
      onset: T0 + 30,
      utilization: 0.55,
      baseline: 0.3,
      peak: 0.55,
      current: 0.54,
      magnitude: 0.8,
    }),
    logPattern(root, {
      template: 'SerializationException: cannot encode field <*> of <*>',
      exception_type: 'SerializationException',
      strength: 0.92,
      count: 1840,
      first_seen: T0 + 5,
      last_seen: T0 + 900,
    }),
  );

  // The victims: errors and latency that follow their callee's, a hop at a time.
  for (const victim of cascade.slice(1)) {
    const fade = Math.max(0.45, 0.93 - 0.06 * victim.hop + rng.range(-0.05, 0.05));
    const o = victim.onset;
    findings.push(
      metricAnomaly(victim.service, { strength: round3(fade), onset: o, magnitude: rng.range(3, 25) }),
      latency(victim.service, 'latency_p95', round3(fade - 0.05), o + rng.int(0, 30)),
      latency(victim.service, 'latency_p99', round3(fade - 0.03), o + rng.int(0, 30)),
    );
    if (rng.chance(0.5)) findings.push(latency(victim.service, 'latency_p50', round3(fade - 0.2), o + 30));
    if (rng.chance(0.3)) {
      findings.push(
        metricAnomaly(victim.service, {
          metric: 'rps',
          signal: 'traffic',
          direction: 'down',
          strength: round3(rng.range(0.4, 0.7)),
          onset: o + rng.int(0, 60),
          baseline: 120,
          peak: 80,
          current: 85,
          magnitude: 0.33,
        }),
      );
    }
    if (rng.chance(0.2)) {
      findings.push(
        metricAnomaly(victim.service, {
          metric: 'cpu_usage',
          signal: 'cpu',
          strength: round3(rng.range(0.3, 0.6)),
          onset: o + rng.int(0, 60),
          utilization: round3(rng.range(0.3, 0.6)),
        }),
      );
    }
    const callee = victim.cause;
    if (rng.chance(0.5)) {
      findings.push(
        logPattern(victim.service, {
          template: `call to ${callee} failed: 503 Service Unavailable after <*> ms`,
          strength: round3(rng.range(0.6, 0.85)),
          count: rng.int(40, 900),
          first_seen: o + rng.int(0, 20),
          last_seen: T0 + 900,
          mentions: [callee],
        }),
      );
    }
    if (rng.chance(0.4)) {
      const share = round3(rng.range(0.4, 0.9));
      findings.push(
        dependencyError(victim.service, callee, {
          strength: round3(rng.range(0.5, 0.9)),
          share,
          count: rng.int(30, 600),
          first_seen: o + rng.int(0, 20),
          via: rng.chance(0.7) ? 'logs' : 'traces',
        }),
      );
    }
  }

  const related = new Set([root, ...graph.ancestors(root), ...graph.descendants(root)]);
  const unrelated = world.layers.flat().filter((s) => !related.has(s));
  shuffle(unrelated, rng);
  const herrings = unrelated.slice(0, herringCount);
  if (herrings.length < herringCount)
    throw new Error(`largeIncident: only ${herrings.length} services are unrelated to the root cause`);
  herrings.forEach((service, index) => {
    findings.push(...redHerring(service, index, world, rng));
  });

  // Other changes, up to a quarter of the anomalous count of changed services.
  const changed = new Set(findings.filter((f) => f.kind === 'change').map((f) => f.service));
  const victim = cascade.find((c) => c.hop === 2) ?? cascade[1];
  findings.push(changeFinding(victim.service, victim.onset - 1800, { version: 'v2.3.1', suspicion: 0.3 }));
  changed.add(victim.service);
  const hosts = [...new Set(world.topology.services.map((s) => s.host).filter(Boolean))];
  const infraService = world.topology.services.find((s) => s.host === hosts[0])?.name;
  if (infraService && !changed.has(infraService)) {
    findings.push(
      changeFinding(infraService, T0 - 3 * 3600, {
        change_kind: 'infra',
        version: undefined,
        previous_version: undefined,
        description: `kernel patch on ${hosts[0]}`,
        suspicion: 0.05,
      }),
    );
    changed.add(infraService);
  }
  const pool = world.topology.services.filter((s) => s.tier !== 'external' && s.name !== root);
  for (let guard = 0; changed.size < Math.round(anomalous / 4) && guard < 10 * anomalous; guard++) {
    const service = rng.pick(pool).name;
    if (changed.has(service)) continue;
    changed.add(service);
    findings.push(otherChange(service, onsetOf.get(service), rng));
  }

  const alerting = cascade.reduce((a, b) => (b.hop > a.hop ? b : a));
  const alert = alertOn(alerting.service, alerting.onset + 120);
  const observed = new Set(
    world.topology.services.filter((s: ServiceNode) => s.tier !== 'external').map((s) => s.name),
  );
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  return {
    input: {
      alert,
      findings,
      topology: world.topology,
      observedServices: observed,
      coverage: FULL_COVERAGE,
      windowEnd: alert.timestamp + 300,
    },
    expected: { service: root, cause: 'deployment_regression' },
    description: {
      services: world.topology.services.length,
      dependencies: world.topology.dependencies.length,
      cycle_edges: world.cycleEdges.length,
      externals: world.externals.length,
      layers: world.layers.map((l) => l.length),
      cascade: cascade.length,
      cascade_hops: Math.max(...cascade.map((c) => c.hop)),
      red_herrings: herrings.length,
      changed_services: changed.size,
      findings: counts,
    },
  };
}

interface CascadeMember {
  service: string;
  /** Calls from the root up to here. */
  hop: number;
  onset: number;
  /** The callee whose failure reached this service (the root for itself). */
  cause: string;
}

/**
 * Picks a deep backend outside any cycle with enough transitive callers, and spreads its
 * failure up through its callers breadth first: each caller of a failing service fails too
 * with probability 0.75, 15–90 s after it.
 */
function plantCascade(world: LargeTopology, graph: DependencyGraph, rng: Rng, size: number): CascadeMember[] {
  const deep = [...world.layers[world.layers.length - 1], ...(world.layers.at(-2) ?? [])];
  for (let attempt = 0; attempt < 50; attempt++) {
    const root = rng.pick(deep);
    const ancestors = graph.ancestors(root);
    if (ancestors.size < 2 * size) continue;
    if ([...graph.descendants(root)].some((d) => ancestors.has(d))) continue;
    const members: CascadeMember[] = [{ service: root, hop: 0, onset: T0, cause: root }];
    const seen = new Set([root]);
    for (let i = 0; i < members.length && members.length < size; i++) {
      const current = members[i];
      const callers = shuffle(graph.callers(current.service), rng);
      for (const caller of callers) {
        if (seen.has(caller) || members.length >= size) continue;
        seen.add(caller);
        if (!rng.chance(0.75)) continue;
        const onset = current.onset + rng.int(15, 90);
        members.push({ service: caller, hop: current.hop + 1, onset, cause: current.service });
      }
    }
    if (members.length === size) return members;
  }
  throw new Error(`largeIncident: no root cause with a cascade of ${size} services; try another seed`);
}

function redHerring(service: string, index: number, world: LargeTopology, rng: Rng): Finding[] {
  switch (index % 6) {
    case 0: // a latency spike that already cleared
      return [
        metricAnomaly(service, {
          metric: 'latency_p99',
          signal: 'latency',
          shape: 'spike',
          ongoing: false,
          strength: 0.75,
          onset: T0 - rng.int(600, 1800),
        }),
      ];
    case 1: // busier, not hurting: traffic and CPU up, well below the allocation
      return [
        metricAnomaly(service, {
          metric: 'rps',
          signal: 'traffic',
          strength: 0.8,
          onset: T0 - rng.int(0, 300),
          magnitude: 0.6,
        }),
        metricAnomaly(service, {
          metric: 'cpu_usage',
          signal: 'cpu',
          strength: 0.7,
          onset: T0 - rng.int(0, 300),
          utilization: 0.45,
        }),
      ];
    case 2: {
      // a config change, then a blip that cleared: the classic wrong suspect
      const at = T0 - rng.int(900, 1500);
      return [
        changeFinding(service, at, {
          change_kind: 'config',
          version: undefined,
          previous_version: undefined,
          description: 'raise http.client.timeout to 5s',
          suspicion: 0.4,
        }),
        metricAnomaly(service, {
          shape: 'spike',
          ongoing: false,
          strength: 0.6,
          onset: at + rng.int(60, 240),
        }),
      ];
    }
    case 3: // memory climbing slowly, far from its limit
      return [
        metricAnomaly(service, {
          metric: 'memory_usage',
          signal: 'memory',
          shape: 'trend',
          strength: 0.5,
          onset: T0 - 5400,
          utilization: 0.62,
          seconds_to_exhaustion: 5400,
        }),
      ];
    case 4: {
      // timeouts to a third-party provider on a few requests
      const provider = rng.pick(world.externals);
      return [
        metricAnomaly(service, {
          metric: 'latency_p99',
          signal: 'latency',
          strength: 0.45,
          onset: T0 - rng.int(0, 600),
        }),
        logPattern(service, {
          template: `timeout calling ${provider} after <*> ms`,
          level: 'warn',
          novel: false,
          strength: 0.4,
          baseline_count: 12,
          count: 30,
          mentions: [provider],
        }),
        dependencyError(service, provider, { strength: 0.35, share: 0.25, count: 30, first_seen: T0 - 300 }),
      ];
    }
    default: // a mild error rate that has been there for an hour
      return [metricAnomaly(service, { strength: 0.5, onset: T0 - 3600, magnitude: 1.2 })];
  }
}

function otherChange(service: string, onset: number | undefined, rng: Rng): Finding {
  const roll = rng.next();
  if (roll < 0.5)
    return changeFinding(service, T0 - rng.int(2 * 3600, 6 * 3600), {
      version: `v1.${rng.int(0, 40)}.${rng.int(0, 9)}`,
      suspicion: 0.1,
    });
  if (roll < 0.8) {
    // the autoscaler reacting to the incident
    return changeFinding(service, (onset ?? T0) + rng.int(60, 400), {
      change_kind: 'scale',
      version: undefined,
      previous_version: undefined,
      description: 'replicas 3 → 5',
      suspicion: 0.05,
    });
  }
  return changeFinding(service, T0 + rng.int(60, 600), {
    change_kind: 'feature_flag',
    version: undefined,
    previous_version: undefined,
    description: 'enable checkout.new-banner',
    suspicion: 0.1,
  });
}

function latency(service: string, metric: string, strength: number, onset: number) {
  return metricAnomaly(service, {
    metric,
    signal: 'latency',
    strength: Math.max(0.3, strength),
    onset,
    baseline: 0.12,
    peak: 0.9,
    current: 0.85,
    magnitude: 6.5,
  });
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
