/**
 * The strategy table: the single source of truth for what each remediation strategy
 * treats (with a preference order per cause and mechanism), what must hold before it can
 * run, its steps with estimated durations, the signals it must bring back and by when,
 * and how it is undone. The planner and the executor read nothing else about strategies.
 */
import type { Cause, StepKind, Strategy } from '../core/index.js';

/**
 * The action class, from the least to the most disruptive. A reverted config is undone by
 * re-applying it; a restart drops in-flight work; shedding drops users' requests; a
 * failover moves all traffic. The number is the class's base risk in 0..1.
 */
export const STRATEGY_CLASS_RISK = {
  none: 0,
  capacity: 0.1,
  reversible_config: 0.15,
  redeploy: 0.2,
  isolation: 0.25,
  restart: 0.3,
  traffic: 0.4,
  failover: 0.45,
} as const;
export type StrategyClass = keyof typeof STRATEGY_CLASS_RISK;

/**
 * A cause (optionally narrowed to mechanisms) that a strategy treats. `preference` 1 is
 * the first choice for that cause; 2 a fallback that treats symptoms more than the cause.
 * An entry listing mechanisms takes precedence over the strategy's generic entry.
 */
export interface Treatment {
  cause: Cause;
  mechanisms?: readonly string[];
  preference: 1 | 2 | 3;
}

/** Checked against evidence, topology and the actuator's `describe()` of the target (see preconditions.ts). */
export type PreconditionName =
  | 'previous_revision'
  | 'config_history'
  | 'scaling_headroom'
  | 'multiple_replicas'
  | 'has_callers'
  | 'healthy_standby'
  | 'not_external';

export interface StepSpec {
  kind: StepKind;
  /** `{target}` is replaced by the step's target. */
  description: string;
  duration_s: number;
}

/** A strategy chained after this one, for some mechanisms, on the target or on the datastore it uses. */
export interface FollowUp {
  mechanisms?: readonly string[];
  strategy: Strategy;
  target: 'self' | 'datastore';
  when: 'always' | 'if_not_recovered';
  reason: string;
}

export interface StrategySpec {
  strategy: Strategy;
  class: StrategyClass;
  treats: readonly Treatment[];
  /** Prior mean of success as a first choice, before any history (see success-model.ts). */
  reliability: number;
  preconditions: readonly PreconditionName[];
  steps: readonly StepSpec[];
  verification: {
    /** Metrics that must recover on the target, beyond error rate and p99 latency. */
    metrics: readonly string[];
    /** `callers`: a breaker is judged on the services calling the target, not on the target. */
    scope: 'target' | 'callers';
    /** Minimum watch after the steps; the plan uses max(this, step durations + 120 s). */
    deadline_s: number;
  };
  undo: readonly string[];
  /** The actuator may apply it to one replica / partition / canary first. */
  progressive: boolean;
  /** Replaces or disturbs running replicas (risk grows with their number). */
  touchesReplicas: boolean;
  followUps?: readonly FollowUp[];
}

const VERIFY = (what: string): StepSpec => ({ kind: 'verify', description: what, duration_s: 60 });

export const STRATEGY_SPECS: Record<Strategy, StrategySpec> = {
  rollback: {
    strategy: 'rollback',
    class: 'redeploy',
    treats: [{ cause: 'deployment_regression', preference: 1 }],
    reliability: 0.85,
    preconditions: ['not_external', 'previous_revision'],
    steps: [
      { kind: 'check', description: 'Identify the previous stable revision of {target}', duration_s: 10 },
      { kind: 'apply', description: 'Roll {target} back to the previous revision', duration_s: 120 },
      VERIFY('Verify {target} health against its pre-incident baseline'),
    ],
    verification: { metrics: ['memory_utilization', 'restarts'], scope: 'target', deadline_s: 180 },
    undo: ['Redeploy the current revision of {target} if the rollback makes things worse'],
    progressive: true,
    touchesReplicas: true,
  },
  config_revert: {
    strategy: 'config_revert',
    class: 'reversible_config',
    treats: [{ cause: 'config_change', preference: 1 }],
    reliability: 0.85,
    preconditions: ['not_external', 'config_history'],
    steps: [
      { kind: 'check', description: 'Find the last good configuration of {target}', duration_s: 5 },
      { kind: 'apply', description: 'Revert the configuration of {target}', duration_s: 30 },
      VERIFY('Verify {target} health against its pre-incident baseline'),
    ],
    verification: { metrics: ['db_pool_utilization'], scope: 'target', deadline_s: 180 },
    undo: ['Re-apply the reverted configuration of {target}'],
    progressive: true,
    touchesReplicas: false,
    followUps: [
      {
        mechanisms: ['connection_pool_exhaustion'],
        strategy: 'scale_up',
        target: 'datastore',
        when: 'if_not_recovered',
        reason: 'if the pool still saturates after the revert, the database needs capacity',
      },
    ],
  },
  scale_up: {
    strategy: 'scale_up',
    class: 'capacity',
    treats: [
      { cause: 'traffic_surge', preference: 1 },
      {
        cause: 'resource_exhaustion',
        mechanisms: ['cpu_saturation', 'disk_full', 'connection_pool_exhaustion', 'thread_exhaustion'],
        preference: 1,
      },
      { cause: 'resource_exhaustion', preference: 2 },
      { cause: 'config_change', preference: 2 },
    ],
    reliability: 0.75,
    preconditions: ['not_external', 'scaling_headroom'],
    steps: [
      { kind: 'check', description: 'Check quota and headroom for {target}', duration_s: 5 },
      { kind: 'apply', description: 'Scale {target} up (replicas or resources)', duration_s: 90 },
      VERIFY('Verify {target} saturation and latency recover'),
    ],
    verification: { metrics: ['cpu', 'disk_used', 'db_pool_utilization'], scope: 'target', deadline_s: 180 },
    undo: ['Scale {target} back to its previous size'],
    progressive: false,
    touchesReplicas: false,
  },
  restart: {
    strategy: 'restart',
    class: 'restart',
    treats: [
      { cause: 'resource_exhaustion', mechanisms: ['memory_leak', 'crash_loop'], preference: 1 },
      { cause: 'resource_exhaustion', preference: 2 },
      { cause: 'deployment_regression', preference: 2 },
      { cause: 'infrastructure_failure', preference: 2 },
    ],
    reliability: 0.6,
    preconditions: ['not_external', 'multiple_replicas'],
    steps: [
      { kind: 'apply', description: 'Rolling restart of {target}, one replica at a time', duration_s: 120 },
      VERIFY('Verify {target} health'),
    ],
    verification: { metrics: ['memory_utilization'], scope: 'target', deadline_s: 180 },
    undo: ['Nothing to undo: a restart changes no desired state; escalate if it did not help'],
    progressive: true,
    touchesReplicas: true,
  },
  circuit_breaker: {
    strategy: 'circuit_breaker',
    class: 'isolation',
    treats: [{ cause: 'dependency_failure', preference: 1 }],
    reliability: 0.8,
    preconditions: ['has_callers'],
    steps: [
      {
        kind: 'apply',
        description: 'Open a circuit breaker on calls to {target}, with fallbacks in its callers',
        duration_s: 20,
      },
      VERIFY("Verify {target}'s callers recover"),
    ],
    verification: { metrics: [], scope: 'callers', deadline_s: 180 },
    undo: ['Close the circuit breaker on {target}'],
    progressive: false,
    touchesReplicas: false,
  },
  shed_load: {
    strategy: 'shed_load',
    class: 'traffic',
    treats: [
      { cause: 'traffic_surge', preference: 2 },
      { cause: 'dependency_failure', preference: 2 },
    ],
    reliability: 0.7,
    preconditions: [],
    steps: [
      { kind: 'apply', description: 'Shed a share of low-priority traffic before {target}', duration_s: 20 },
      VERIFY('Verify {target} recovers'),
    ],
    verification: { metrics: ['cpu'], scope: 'target', deadline_s: 180 },
    undo: ['Stop shedding load'],
    progressive: false,
    touchesReplicas: false,
  },
  failover: {
    strategy: 'failover',
    class: 'failover',
    treats: [{ cause: 'infrastructure_failure', preference: 1 }],
    reliability: 0.75,
    preconditions: ['not_external', 'healthy_standby'],
    steps: [
      { kind: 'check', description: 'Confirm a healthy standby for {target}', duration_s: 10 },
      { kind: 'apply', description: 'Fail {target} over to healthy capacity', duration_s: 60 },
      VERIFY('Verify {target} latency and errors recover'),
    ],
    verification: { metrics: [], scope: 'target', deadline_s: 180 },
    undo: ['Fail {target} back'],
    progressive: false,
    touchesReplicas: false,
  },
  none: {
    strategy: 'none',
    class: 'none',
    treats: [{ cause: 'unknown', preference: 1 }],
    reliability: 0.5,
    preconditions: [],
    steps: [{ kind: 'check', description: 'No automated action: escalate to a human', duration_s: 0 }],
    verification: { metrics: [], scope: 'target', deadline_s: 180 },
    undo: [],
    progressive: false,
    touchesReplicas: false,
  },
};

/** The entry of `strategy` that applies to (cause, mechanism): a mechanism-specific one first. */
export function treatmentOf(strategy: Strategy, cause: Cause, mechanism: string): Treatment | undefined {
  const entries = STRATEGY_SPECS[strategy].treats.filter((t) => t.cause === cause);
  return entries.find((t) => t.mechanisms?.includes(mechanism)) ?? entries.find((t) => !t.mechanisms);
}

/**
 * The strategies that treat (cause, mechanism), by preference then table order; `none`
 * when nothing does. Read from STRATEGY_SPECS only.
 */
export function candidateStrategies(cause: Cause, mechanism: string): Strategy[] {
  const found: { strategy: Strategy; preference: number; order: number }[] = [];
  (Object.keys(STRATEGY_SPECS) as Strategy[]).forEach((strategy, order) => {
    if (strategy === 'none') return;
    const treatment = treatmentOf(strategy, cause, mechanism);
    if (treatment) found.push({ strategy, preference: treatment.preference, order });
  });
  if (found.length === 0) return ['none'];
  return found.sort((a, b) => a.preference - b.preference || a.order - b.order).map((f) => f.strategy);
}

/** The base risk of a strategy's action class. */
export function baseRiskOf(strategy: Strategy): number {
  return STRATEGY_CLASS_RISK[STRATEGY_SPECS[strategy].class];
}
