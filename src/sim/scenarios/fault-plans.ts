/**
 * Each scenario as a plan: a target chosen by properties and the seed, an onset, the
 * ground truth, and the events that change the world's physics at the onset. What the
 * investigation later sees follows from those physics alone.
 */

import { NOVEL_EXCEPTIONS } from '../emit/failure-messages.js';
import type { WorldEngine } from '../engine/world-engine.js';
import { currentConfig, type ServiceState, setReplicas } from '../engine/world-state.js';
import type { Rng } from '../random.js';
import {
  appServicesWithCallers,
  externalsWithCallers,
  internalDependencies,
  internalServices,
  poolServices,
  requireSome,
  statefulDatabases,
} from './eligibility.js';
import type { GroundTruth, ScenarioName } from './scenario-names.js';

export interface FaultPlan {
  /** The service whose own behaviour changes (for the false alarm: where the blip is). */
  target: string;
  onset: number;
  truth: GroundTruth;
}

type Planner = (engine: WorldEngine, rng: Rng, onset: number) => FaultPlan;

const COMMIT_MESSAGES = [
  'Refactor request validation',
  'Bump jackson-databind to 2.17.1',
  'Add caching to price lookup',
  'Improve structured logging',
  'Tune retry backoff for downstream calls',
  'Migrate to new metrics client',
  'Support multi-currency totals',
  'Extract pricing rules into module',
];

export function commitMessage(rng: Rng): string {
  return rng.pick(COMMIT_MESSAGES);
}

/** Installs a scenario on the engine and returns its plan. */
export function planFault(name: ScenarioName, engine: WorldEngine, rng: Rng, onset: number): FaultPlan {
  return PLANNERS[name](engine, rng, onset);
}

const PLANNERS: Record<ScenarioName, Planner> = {
  'db-connection-exhaustion': (engine, rng, onset) => {
    const candidates = requireSome(
      poolServices(engine.graph),
      'db-connection-exhaustion',
      'service with a DB pool',
    );
    const target = rng.pick(candidates).name;
    const state = engine.state(target);
    const preview = engine.preview(onset).get(target);
    const perPodDemand = (preview?.pool_used ?? 1) / Math.max(1, state.pods.length);
    const oldSize = currentConfig(state).pool_size ?? state.spec.pool_size ?? 10;
    const newSize = Math.max(2, Math.min(oldSize - 1, Math.floor(perPodDemand * rng.range(0.4, 0.65))));
    engine.schedule.add(onset, 'fault: pool shrink', () => {
      engine.applyConfig(
        target,
        { version: engine.nextConfigVersion(target), pool_size: newSize },
        onset,
        `db.pool.max_size ${oldSize} -> ${newSize}`,
      );
    });
    return {
      target,
      onset,
      truth: truth(target, 'config_change', 'connection_pool_exhaustion', 'config_revert'),
    };
  },

  'memory-leak-after-deploy': (engine, rng, onset) => {
    const target = rng.pick(
      requireSome(
        appServicesWithCallers(engine.graph),
        'memory-leak-after-deploy',
        'application service with callers',
      ),
    ).name;
    const version = engine.nextVersion(target, rng);
    const leak = rng.range(0.025, 0.045);
    engine.schedule.add(onset, 'fault: leaky deploy', () => {
      engine.deploy(
        target,
        { version, commit: rng.hex(7), defect: { leak_per_min: leak } },
        onset,
        `Deploy ${target} ${version}: ${commitMessage(rng)}`,
      );
    });
    return { target, onset, truth: truth(target, 'deployment_regression', 'memory_leak', 'rollback') };
  },

  'cascading-upstream-failure': (engine, rng, onset) => {
    const target = rng.pick(
      requireSome(
        externalsWithCallers(engine.graph),
        'cascading-upstream-failure',
        'external dependency with callers',
      ),
    ).name;
    const timeouts = rng.chance(0.6);
    const severity = rng.range(0.35, 0.7);
    const state = engine.state(target);
    for (let i = 1; i <= 3; i++) {
      engine.schedule.add(onset + (i - 1) * 30, 'fault: provider degrades', () => {
        if (timeouts) {
          state.hang_fraction = (severity * i) / 3;
          state.extra_latency_factor = 1 + i;
        } else {
          state.error_fraction = (severity * i) / 3;
        }
      });
    }
    const mechanism = timeouts ? 'latency_degradation' : 'error_spike';
    return { target, onset, truth: truth(target, 'dependency_failure', mechanism, 'circuit_breaker') };
  },

  'bad-deploy-error-spike': (engine, rng, onset) => {
    const target = rng.pick(
      requireSome(
        appServicesWithCallers(engine.graph),
        'bad-deploy-error-spike',
        'application service with callers',
      ),
    );
    const version = engine.nextVersion(target.name, rng);
    const exception = rng.pick(NOVEL_EXCEPTIONS[target.language] ?? ['npe-address']);
    const errorRate = rng.range(0.1, 0.4);
    engine.schedule.add(onset, 'fault: bad deploy', () => {
      engine.deploy(
        target.name,
        { version, commit: rng.hex(7), defect: { error_rate: errorRate, exception } },
        onset,
        `Deploy ${target.name} ${version}: ${commitMessage(rng)}`,
      );
    });
    return {
      target: target.name,
      onset,
      truth: truth(target.name, 'deployment_regression', 'error_spike', 'rollback'),
    };
  },

  'traffic-surge-cpu-saturation': (engine, rng, onset) => {
    const preview = engine.preview(onset);
    const services = internalServices(engine.graph);
    const utilization = (name: string) => preview.get(name)?.utilization ?? 0;
    const busiest = Math.max(...services.map((s) => utilization(s.name)));
    // Any service running near the busiest can be the one provisioned too tightly.
    const target = rng.pick(services.filter((s) => utilization(s.name) >= 0.6 * busiest)).name;
    const factor = rng.range(2, 4);
    const targetState = engine.state(target);
    targetState.capacity_factor *= (utilization(target) * factor) / rng.range(1.25, 1.45);
    // Everyone else was provisioned for such peaks, and so were the DB pools: the surge
    // saturates CPU, not a pool.
    for (const s of services) {
      const state = engine.state(s.name);
      const before = state.replicas;
      const peak = utilization(s.name) * factor;
      if (s.name !== target && peak > 0.65) setReplicas(state, Math.ceil((before * peak) / 0.6));
      const demand = ((preview.get(s.name)?.pool_used ?? 0) / before) * factor * (before / state.replicas);
      const poolSize = currentConfig(state).pool_size ?? 0;
      if (poolSize > 0 && demand > 0.6 * poolSize) resizeInitialPool(state, Math.ceil(demand / 0.55));
    }
    engine.traffic.surge = { start: onset, ramp_s: rng.range(180, 360), factor };
    return { target, onset, truth: truth(target, 'traffic_surge', 'cpu_saturation', 'scale_up') };
  },

  'disk-full-database': (engine, rng, onset) => {
    const target = rng.pick(
      requireSome(statefulDatabases(engine.graph), 'disk-full-database', 'stateful database with callers'),
    ).name;
    const state = engine.state(target);
    const toFull = rng.range(480, 840);
    engine.schedule.add(onset, 'fault: WAL growth', () => {
      state.disk_growth_per_s = (state.volume_factor - state.disk_bytes) / toFull;
    });
    return { target, onset, truth: truth(target, 'resource_exhaustion', 'disk_full', 'scale_up') };
  },

  'slow-dependency-latency': (engine, rng, onset) => {
    const target = rng.pick(
      requireSome(
        internalDependencies(engine.graph),
        'slow-dependency-latency',
        'internal dependency with callers',
      ),
    ).name;
    const state = engine.state(target);
    const slowdown = rng.range(5, 20);
    engine.schedule.add(onset, 'fault: host degrades', () => {
      state.host_slowdown = 1 + (slowdown - 1) / 2;
    });
    engine.schedule.add(onset + 45, 'fault: host degraded', () => {
      state.host_slowdown = slowdown;
    });
    return {
      target,
      onset,
      truth: truth(target, 'infrastructure_failure', 'latency_degradation', 'failover'),
    };
  },

  'false-alarm': (engine, rng, onset) => {
    const candidates = internalServices(engine.graph).filter(
      (s) => s.entry_weight > 0 || engine.graph.callers(s.name).some((e) => !e.async),
    );
    const target = rng.pick(requireSome(candidates, 'false-alarm', 'service with traffic'));
    const duration = rng.range(30, 120);
    const errors = rng.chance(0.5);
    engine.state(target.name).blip = {
      start: onset,
      end: onset + duration,
      error_rate: errors ? Math.max(rng.range(0.15, 0.4), (0.12 * 120) / duration) : 0,
      latency_factor: errors ? 1 : Math.max(rng.range(6, 12), 1 + (2.8 * 120) / duration),
    };
    return {
      target: target.name,
      onset,
      truth: { service: null, cause: null, mechanism: null, remediation: 'none' },
    };
  },
};

/** Sets the pool size a world starts with (before any step ran). */
function resizeInitialPool(state: ServiceState, poolSize: number): void {
  state.configs[state.configs.length - 1].pool_size = poolSize;
  for (const pod of state.pods) pod.pool_size = poolSize;
}

function truth(service: string, cause: string, mechanism: string, remediation: string): GroundTruth {
  return { service, cause, mechanism, remediation };
}
