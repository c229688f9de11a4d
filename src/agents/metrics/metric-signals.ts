import type { SignalKind } from '../../core/index.js';

/** How the metrics agent reads one semantic metric. */
export interface MetricProfile {
  signal: SignalKind;
  /** Which deviation is bad. */
  direction: 'up' | 'down' | 'both';
  /** Smallest absolute change that matters (e.g. 1 percentage point of errors). */
  minAbsoluteChange: number;
  minRelativeChange: number;
  /** Name of the metric holding this one's limit, or a fixed limit. */
  limit?: { metric: string } | { value: number };
  /** Counters are analysed as increments per sample. */
  counter?: boolean;
}

const PROFILES: Record<string, MetricProfile> = {
  error_rate: { signal: 'errors', direction: 'up', minAbsoluteChange: 0.01, minRelativeChange: 0.5 },
  latency_p50: { signal: 'latency', direction: 'up', minAbsoluteChange: 0.005, minRelativeChange: 0.3 },
  latency_p95: { signal: 'latency', direction: 'up', minAbsoluteChange: 0.01, minRelativeChange: 0.3 },
  latency_p99: { signal: 'latency', direction: 'up', minAbsoluteChange: 0.02, minRelativeChange: 0.3 },
  rps: { signal: 'traffic', direction: 'both', minAbsoluteChange: 0.5, minRelativeChange: 0.3 },
  cpu: {
    signal: 'cpu',
    direction: 'up',
    minAbsoluteChange: 0.1,
    minRelativeChange: 0.25,
    limit: { value: 1 },
  },
  memory: {
    signal: 'memory',
    direction: 'up',
    minAbsoluteChange: 0,
    minRelativeChange: 0.15,
    limit: { metric: 'memory_limit' },
  },
  db_connections_used: {
    signal: 'connection_pool',
    direction: 'up',
    minAbsoluteChange: 1,
    minRelativeChange: 0.3,
    limit: { metric: 'db_connections_max' },
  },
  // A shrinking pool is itself a finding: it is what a bad config change looks like.
  db_connections_max: {
    signal: 'connection_pool',
    direction: 'down',
    minAbsoluteChange: 1,
    minRelativeChange: 0.2,
  },
  gc_pause: { signal: 'gc', direction: 'up', minAbsoluteChange: 0.01, minRelativeChange: 0.5 },
  disk_used: {
    signal: 'disk',
    direction: 'up',
    minAbsoluteChange: 0.03,
    minRelativeChange: 0.05,
    limit: { value: 1 },
  },
  restarts: {
    signal: 'restarts',
    direction: 'up',
    minAbsoluteChange: 0.5,
    minRelativeChange: 0,
    counter: true,
  },
  network_rx: { signal: 'network', direction: 'both', minAbsoluteChange: 0, minRelativeChange: 0.5 },
  network_tx: { signal: 'network', direction: 'both', minAbsoluteChange: 0, minRelativeChange: 0.5 },
};

/** Utilisation series derived from a metric and its limit, analysed instead of the raw metric. */
export const DERIVED_UTILIZATION = [
  { name: 'memory_utilization', numerator: 'memory', denominator: 'memory_limit' },
  { name: 'db_pool_utilization', numerator: 'db_connections_used', denominator: 'db_connections_max' },
] as const;

PROFILES.memory_utilization = {
  signal: 'memory',
  direction: 'up',
  minAbsoluteChange: 0.05,
  minRelativeChange: 0.1,
  limit: { value: 1 },
};
PROFILES.db_pool_utilization = {
  signal: 'connection_pool',
  direction: 'up',
  // A pool that normally runs warm can still jump to exhaustion: judge it in absolute terms.
  minAbsoluteChange: 0.08,
  minRelativeChange: 0.05,
  limit: { value: 1 },
};

const GENERIC: MetricProfile = {
  signal: 'other',
  direction: 'both',
  minAbsoluteChange: 0,
  minRelativeChange: 0.5,
};

/** Metrics that only describe another metric's limit are not analysed on their own. */
const LIMIT_ONLY = new Set(['memory_limit']);

export function metricProfile(metric: string): MetricProfile {
  return PROFILES[metric] ?? GENERIC;
}

export function isAnalysedMetric(metric: string): boolean {
  return !LIMIT_ONLY.has(metric);
}
