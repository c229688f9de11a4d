/**
 * Hand-built findings for the reasoning and remediation tests: every field has a sensible
 * default, so a test states only what its scenario is about.
 */
import type {
  Alert,
  ChangeFinding,
  DependencyErrorFinding,
  Hypothesis,
  LogPatternFinding,
  MetricAnomalyFinding,
  Topology,
} from '../../core/index.js';
import type { Coverage } from '../confidence.js';

/** A fixed reference time: every scenario is placed relative to it. */
export const T0 = 1_700_000_000;

export const FULL_COVERAGE: Coverage = { metrics: true, logs: true, changes: true, topology: true };

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${++counter}`;

/** A sustained, strong error-rate level shift starting at `T0` unless overridden. */
export function metricAnomaly(
  service: string,
  overrides: Partial<MetricAnomalyFinding> = {},
): MetricAnomalyFinding {
  const onset = overrides.onset ?? T0;
  return {
    id: nextId('met'),
    agent: 'metrics',
    kind: 'metric_anomaly',
    service,
    summary: `${overrides.metric ?? 'error_rate'} on ${service}`,
    strength: 0.9,
    metric: 'error_rate',
    signal: 'errors',
    direction: 'up',
    shape: 'level_shift',
    onset,
    peak_time: onset + 60,
    baseline: 0.01,
    peak: 0.2,
    current: 0.2,
    magnitude: 19,
    significance: 0.99,
    ongoing: true,
    excerpt: [],
    ...overrides,
  };
}

/** A deploy on `service` at `timestamp`. */
export function changeFinding(
  service: string,
  timestamp: number,
  overrides: Partial<ChangeFinding> = {},
): ChangeFinding {
  return {
    id: nextId('chg'),
    agent: 'deploy',
    kind: 'change',
    service,
    summary: `deploy on ${service}`,
    strength: 0.5,
    change_kind: 'deploy',
    timestamp,
    version: 'v2',
    previous_version: 'v1',
    seconds_before_onset: null,
    suspicion: 0.5,
    ...overrides,
  };
}

/** A novel error template on `service`, first seen at `T0`. */
export function logPattern(service: string, overrides: Partial<LogPatternFinding> = {}): LogPatternFinding {
  return {
    id: nextId('log'),
    agent: 'logs',
    kind: 'log_pattern',
    service,
    summary: `errors on ${service}`,
    strength: 0.8,
    template: 'request failed <*>',
    level: 'error',
    count: 50,
    baseline_count: 0,
    first_seen: T0,
    last_seen: T0 + 600,
    novel: true,
    mentions: [],
    examples: [],
    ...overrides,
  };
}

/** Errors in `service` that name `target`. */
export function dependencyError(
  service: string,
  target: string,
  overrides: Partial<DependencyErrorFinding> = {},
): DependencyErrorFinding {
  return {
    id: nextId('dep'),
    agent: 'logs',
    kind: 'dependency_error',
    service,
    summary: `${service} errors name ${target}`,
    strength: 0.9,
    target,
    count: 100,
    first_seen: T0,
    via: 'logs',
    share: 0.9,
    ...overrides,
  };
}

/** A topology from `caller>callee` pairs; every named service becomes a node. */
export function topologyOf(
  edges: readonly string[],
  nodes: Partial<Record<string, Partial<Topology['services'][number]>>> = {},
): Topology {
  const dependencies = edges.map((edge) => {
    const [from, to] = edge.split('>');
    return { from, to };
  });
  const names = new Set([...dependencies.flatMap((d) => [d.from, d.to]), ...Object.keys(nodes)]);
  return {
    services: [...names].map((name) => ({
      name,
      tier: 'backend',
      criticality: 'medium',
      replicas: 2,
      ...nodes[name],
    })),
    dependencies,
  };
}

export function alertOn(service: string, timestamp = T0 + 300): Alert {
  return {
    id: nextId('alert'),
    timestamp,
    service,
    severity: 'critical',
    message: `alert on ${service}`,
    labels: {},
    annotations: {},
    status: 'firing',
    source: 'test',
  };
}

export function hypothesis(overrides: Partial<Hypothesis> = {}): Hypothesis {
  return {
    rank: 1,
    service: 'api',
    cause: 'deployment_regression',
    mechanism: 'error_spike',
    probability: 0.8,
    confidence: 0.8,
    evidence: [],
    ...overrides,
  };
}
