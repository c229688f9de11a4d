/**
 * The raw observations that ports return: metric series, log records, change events, spans
 * and the service topology. Field names follow the bundle spec (afr-bundle/v1).
 */
import { z } from 'zod';

/** Metric names with a defined meaning (see the bundle spec). Others are allowed. */
export const WELL_KNOWN_METRICS = [
  'cpu',
  'memory',
  'memory_limit',
  'latency_p50',
  'latency_p95',
  'latency_p99',
  'error_rate',
  'rps',
  'db_connections_used',
  'db_connections_max',
  'gc_pause',
  'disk_used',
  'restarts',
  'network_rx',
  'network_tx',
] as const;
export type WellKnownMetric = (typeof WELL_KNOWN_METRICS)[number];

/** One sample: [epoch seconds, value]. */
export type Point = [number, number];

export interface Series {
  service: string;
  metric: string;
  points: Point[];
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogRecord {
  timestamp: number;
  service: string;
  level: LogLevel;
  message: string;
  trace_id?: string;
  span_id?: string;
}

export const CHANGE_KINDS = ['deploy', 'config', 'feature_flag', 'scale', 'infra'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ChangeEvent {
  timestamp: number;
  service: string;
  kind: ChangeKind;
  version?: string;
  previous_version?: string;
  description?: string;
  author?: string;
  id?: string;
}

export interface Span {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  service: string;
  operation: string;
  start: number;
  duration_ms: number;
  status: 'ok' | 'error';
}

export const ServiceNodeSchema = z.object({
  name: z.string().min(1),
  tier: z.string().default('backend'),
  criticality: z.string().default('medium'),
  replicas: z.number().int().nonnegative().default(1),
  host: z.string().optional(),
  namespace: z.string().optional(),
});
export type ServiceNode = z.output<typeof ServiceNodeSchema>;

export const DependencySchema = z.object({ from: z.string().min(1), to: z.string().min(1) });
export type Dependency = z.output<typeof DependencySchema>;

export const TopologySchema = z.object({
  services: z.array(ServiceNodeSchema).default([]),
  dependencies: z.array(DependencySchema).default([]),
});
export type Topology = z.output<typeof TopologySchema>;
