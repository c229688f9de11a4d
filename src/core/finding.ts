/**
 * Findings are what the agents report: typed, quantitative facts with times, sizes and
 * strengths. The reasoning engine reads them; it never reads raw telemetry.
 */
import { z } from 'zod';
import { AgentNameSchema } from './evidence.js';

const PointSchema = z.tuple([z.number(), z.number()]);

/** What a metric tells about a service, independent of the backend's metric name. */
export const SIGNAL_KINDS = [
  'errors',
  'latency',
  'traffic',
  'cpu',
  'memory',
  'connection_pool',
  'disk',
  'gc',
  'restarts',
  'network',
  'other',
] as const;
export const SignalKindSchema = z.enum(SIGNAL_KINDS);
export type SignalKind = z.infer<typeof SignalKindSchema>;

const base = {
  id: z.string(),
  agent: AgentNameSchema,
  service: z.string().nullable(),
  summary: z.string(),
  /** 0..1: how strong or surprising the finding is. */
  strength: z.number().min(0).max(1),
};

export const MetricAnomalyFindingSchema = z.object({
  ...base,
  kind: z.literal('metric_anomaly'),
  metric: z.string(),
  signal: SignalKindSchema,
  direction: z.enum(['up', 'down']),
  shape: z.enum(['spike', 'level_shift', 'trend']),
  onset: z.number(),
  peak_time: z.number(),
  baseline: z.number(),
  peak: z.number(),
  current: z.number(),
  /** |peak - baseline| / max(|baseline|, scale floor). */
  magnitude: z.number(),
  /** 0..1, comparable across metrics. */
  significance: z.number().min(0).max(1),
  ongoing: z.boolean(),
  /** Fraction of a hard limit in use at the end of the window, when the metric has a limit. */
  utilization: z.number().optional(),
  /** Seconds until the limit is reached at the current trend, when it will be. */
  seconds_to_exhaustion: z.number().optional(),
  excerpt: z.array(PointSchema).default([]),
});
export type MetricAnomalyFinding = z.infer<typeof MetricAnomalyFindingSchema>;

export const LogPatternFindingSchema = z.object({
  ...base,
  kind: z.literal('log_pattern'),
  template: z.string(),
  level: z.string(),
  count: z.number().int(),
  baseline_count: z.number(),
  first_seen: z.number(),
  last_seen: z.number(),
  /** Never seen before the reference time (a change, or the baseline window). */
  novel: z.boolean(),
  /** A known failure signature, e.g. connection_pool_exhaustion, oom, timeout, disk_full. */
  signature: z.string().optional(),
  exception_type: z.string().optional(),
  /** Other services this template names ("call to X failed"). */
  mentions: z.array(z.string()).default([]),
  examples: z.array(z.string()).default([]),
});
export type LogPatternFinding = z.infer<typeof LogPatternFindingSchema>;

/** A directed evidence edge: errors in `service` point at `target`. */
export const DependencyErrorFindingSchema = z.object({
  ...base,
  kind: z.literal('dependency_error'),
  target: z.string(),
  count: z.number().int(),
  first_seen: z.number(),
  /** How the edge was seen: a log message naming the target, or an error span. */
  via: z.enum(['logs', 'traces']),
  /** Share of the service's errors that point at the target. */
  share: z.number().min(0).max(1),
  last_seen: z.number().optional(),
  /** A few of the lines behind the edge, truncated. */
  examples: z.array(z.string()).optional(),
});
export type DependencyErrorFinding = z.infer<typeof DependencyErrorFindingSchema>;

/**
 * Failing requests reconstructed from log lines that share a trace id: in `trace_count` of
 * `failing_traces` failing cross-service requests the first error line came from `service`,
 * and the error then travelled along `path` (services in the order they logged it).
 */
export const LogRequestFlowFindingSchema = z.object({
  ...base,
  kind: z.literal('log_request_flow'),
  /** Where the first error occurred (the same as `service`). */
  first_error_service: z.string(),
  /** Failing requests in the incident period whose first error was in this service. */
  trace_count: z.number().int(),
  /** Failing requests seen in the incident period across all services. */
  failing_traces: z.number().int(),
  /** Failing requests that started here before the incident (the baseline period). */
  baseline_trace_count: z.number().int(),
  /** trace_count / failing_traces. */
  share: z.number().min(0).max(1),
  /** The most common path of the error: the first service, then each service that logged it. */
  path: z.array(z.string()),
  /** The most common paths with their request counts. */
  paths: z.array(z.object({ path: z.array(z.string()), count: z.number().int() })).default([]),
  first_seen: z.number(),
  last_seen: z.number(),
  /** The first error lines of a few of these requests, truncated. */
  examples: z.array(z.string()).default([]),
  trace_ids: z.array(z.string()).default([]),
});
export type LogRequestFlowFinding = z.infer<typeof LogRequestFlowFindingSchema>;

/**
 * A burst or silence of a service's log volume (all levels) against its own baseline in the
 * window. A service that goes quiet while others keep logging (a crash, a partition) is
 * strong evidence; a burst usually accompanies an error storm.
 */
export const LogVolumeFindingSchema = z.object({
  ...base,
  kind: z.literal('log_volume'),
  direction: z.enum(['burst', 'silence']),
  /** The anomalous stretch: first_seen is its start, last_seen its end. */
  first_seen: z.number(),
  last_seen: z.number(),
  /** Lines logged during the stretch, and the number the baseline rate predicts. */
  count: z.number().int(),
  expected_count: z.number(),
  /** Lines per minute during the stretch and in the baseline. */
  observed_rate: z.number(),
  expected_rate: z.number(),
  /** Still anomalous at the end of the data. */
  ongoing: z.boolean(),
  /** For a burst, lines from it; for a silence, the last lines before it. Truncated. */
  examples: z.array(z.string()).default([]),
});
export type LogVolumeFinding = z.infer<typeof LogVolumeFindingSchema>;

export const ChangeFindingSchema = z.object({
  ...base,
  kind: z.literal('change'),
  change_kind: z.string(),
  timestamp: z.number(),
  version: z.string().optional(),
  previous_version: z.string().optional(),
  description: z.string().optional(),
  /** Seconds from the change to the service's own onset (negative: change after onset). */
  seconds_before_onset: z.number().nullable(),
  /** 0..1 suspicion from timing, the service's own deviation, novelty and kind. */
  suspicion: z.number().min(0).max(1),
});
export type ChangeFinding = z.infer<typeof ChangeFindingSchema>;

/** A data source that failed, timed out or had no data: the report says what was missing. */
export const SourceErrorFindingSchema = z.object({
  ...base,
  kind: z.literal('source_error'),
  source: z.string(),
  status: z.enum(['error', 'timeout', 'no_data']),
  message: z.string(),
});
export type SourceErrorFinding = z.infer<typeof SourceErrorFindingSchema>;

export const FindingSchema = z.discriminatedUnion('kind', [
  MetricAnomalyFindingSchema,
  LogPatternFindingSchema,
  DependencyErrorFindingSchema,
  ChangeFindingSchema,
  SourceErrorFindingSchema,
  LogRequestFlowFindingSchema,
  LogVolumeFindingSchema,
]);
export type Finding = z.infer<typeof FindingSchema>;
export type FindingKind = Finding['kind'];
