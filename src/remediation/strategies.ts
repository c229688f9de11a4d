import type { Cause, Strategy } from '../core/index.js';

/** What each strategy is, what it treats and what it costs. */
export interface StrategySpec {
  strategy: Strategy;
  /** The causes it treats; a mechanism list narrows it where that matters. */
  treats: { cause: Cause; mechanisms?: string[] }[];
  /** 0..1 base risk of the action class (a failover moves traffic; a scale-up adds capacity). */
  baseRisk: number;
  /** Default Beta(alpha, beta) prior on success, before any history. */
  prior: { alpha: number; beta: number };
  /** Steps with estimated durations in seconds; `{target}` is replaced. */
  steps: { description: string; duration_s: number; apply?: boolean }[];
  undo: string[];
  /** Metrics that must recover on the target, beyond errors and latency. */
  verifyMetrics: string[];
}

export const STRATEGY_SPECS: Record<Strategy, StrategySpec> = {
  rollback: {
    strategy: 'rollback',
    treats: [{ cause: 'deployment_regression' }],
    baseRisk: 0.2,
    prior: { alpha: 17, beta: 3 },
    steps: [
      { description: 'Identify the previous stable revision of {target}', duration_s: 10 },
      { description: 'Roll {target} back to the previous revision', duration_s: 120, apply: true },
      { description: 'Verify {target} health against its pre-incident baseline', duration_s: 60 },
    ],
    undo: ['Redeploy the current revision of {target} if the rollback makes things worse'],
    verifyMetrics: ['memory_utilization', 'restarts'],
  },
  config_revert: {
    strategy: 'config_revert',
    treats: [{ cause: 'config_change' }],
    baseRisk: 0.15,
    prior: { alpha: 17, beta: 3 },
    steps: [
      { description: 'Find the last good configuration of {target}', duration_s: 5 },
      { description: 'Revert the configuration of {target}', duration_s: 30, apply: true },
      { description: 'Verify {target} health against its pre-incident baseline', duration_s: 60 },
    ],
    undo: ['Re-apply the reverted configuration of {target}'],
    verifyMetrics: ['db_pool_utilization'],
  },
  scale_up: {
    strategy: 'scale_up',
    treats: [
      { cause: 'traffic_surge' },
      {
        cause: 'resource_exhaustion',
        mechanisms: ['cpu_saturation', 'disk_full', 'connection_pool_exhaustion', 'thread_exhaustion'],
      },
    ],
    baseRisk: 0.1,
    prior: { alpha: 15, beta: 5 },
    steps: [
      { description: 'Check quota and headroom for {target}', duration_s: 5 },
      { description: 'Scale {target} up (replicas or resources)', duration_s: 90, apply: true },
      { description: 'Verify {target} saturation and latency recover', duration_s: 60 },
    ],
    undo: ['Scale {target} back to its previous size'],
    verifyMetrics: ['cpu', 'disk_used', 'db_pool_utilization'],
  },
  restart: {
    strategy: 'restart',
    treats: [
      { cause: 'resource_exhaustion', mechanisms: ['memory_leak', 'crash_loop'] },
      { cause: 'unknown' },
    ],
    baseRisk: 0.3,
    prior: { alpha: 12, beta: 8 },
    steps: [
      { description: 'Rolling restart of {target}, one replica at a time', duration_s: 120, apply: true },
      { description: 'Verify {target} health', duration_s: 60 },
    ],
    undo: ['Nothing to undo: a restart changes no desired state; escalate if it did not help'],
    verifyMetrics: ['memory_utilization'],
  },
  circuit_breaker: {
    strategy: 'circuit_breaker',
    treats: [{ cause: 'dependency_failure' }],
    baseRisk: 0.25,
    prior: { alpha: 16, beta: 4 },
    steps: [
      {
        description: 'Open a circuit breaker on calls to {target}, with fallbacks in its callers',
        duration_s: 20,
        apply: true,
      },
      { description: "Verify {target}'s callers recover", duration_s: 60 },
    ],
    undo: ['Close the circuit breaker on {target}'],
    verifyMetrics: [],
  },
  shed_load: {
    strategy: 'shed_load',
    treats: [{ cause: 'traffic_surge' }],
    baseRisk: 0.4,
    prior: { alpha: 14, beta: 6 },
    steps: [
      { description: 'Shed a share of low-priority traffic before {target}', duration_s: 20, apply: true },
      { description: 'Verify {target} recovers', duration_s: 60 },
    ],
    undo: ['Stop shedding load'],
    verifyMetrics: ['cpu'],
  },
  failover: {
    strategy: 'failover',
    treats: [{ cause: 'infrastructure_failure' }],
    baseRisk: 0.45,
    prior: { alpha: 15, beta: 5 },
    steps: [
      { description: 'Confirm a healthy standby for {target}', duration_s: 10 },
      { description: 'Fail {target} over to healthy capacity', duration_s: 60, apply: true },
      { description: 'Verify {target} latency and errors recover', duration_s: 60 },
    ],
    undo: ['Fail {target} back'],
    verifyMetrics: [],
  },
  none: {
    strategy: 'none',
    treats: [{ cause: 'unknown' }],
    baseRisk: 0,
    prior: { alpha: 1, beta: 1 },
    steps: [{ description: 'No automated action: escalate to a human', duration_s: 0 }],
    undo: [],
    verifyMetrics: [],
  },
};

/**
 * Strategies for a cause and mechanism, best first. A change-caused fault is undone by
 * undoing the change; saturation wants capacity; a failing dependency wants isolation.
 */
export function strategiesFor(cause: Cause, mechanism: string): Strategy[] {
  switch (cause) {
    case 'deployment_regression':
      return ['rollback', 'restart'];
    case 'config_change':
      return ['config_revert', 'scale_up'];
    case 'traffic_surge':
      return ['scale_up', 'shed_load'];
    case 'resource_exhaustion':
      return mechanism === 'memory_leak' || mechanism === 'crash_loop'
        ? ['restart', 'scale_up']
        : ['scale_up', 'restart'];
    case 'dependency_failure':
      return ['circuit_breaker', 'shed_load'];
    case 'infrastructure_failure':
      return ['failover', 'restart'];
    default:
      return ['none'];
  }
}
