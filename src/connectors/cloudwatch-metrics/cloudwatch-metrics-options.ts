/**
 * Options for the CloudWatch metrics connector as they appear in config.yml: region and
 * endpoint, which dimension names the service, fixed dimensions (ClusterName, ...), and per
 * semantic metric the CloudWatch metric and statistic to read. Credentials come from the
 * AWS SDK's default chain (environment, shared config, SSO, instance or task role).
 */
import { z } from 'zod';

const DimensionSchema = z.object({ name: z.string().min(1), value: z.string().min(1) });

export const CloudWatchMetricSchema = z.object({
  namespace: z.string().min(1),
  metric_name: z.string().min(1),
  /** Average, Sum, Maximum, Minimum, SampleCount, p99, tm90, ... */
  stat: z.string().min(1).default('Average'),
  /** The dimension carrying the service name; the connector's service_dimension when absent. */
  dimension_name: z.string().min(1).optional(),
  /** Fixed dimensions of this metric, added to the connector-wide ones. */
  dimensions: z.array(DimensionSchema).default([]),
  /** Multiplies every value, to reach the bundle spec's unit (percent -> fraction: 0.01). */
  scale: z.number().positive().default(1),
  /** Asks CloudWatch to convert to this unit (Seconds, Bytes, ...). */
  unit: z.string().min(1).optional(),
});
export type CloudWatchMetric = z.output<typeof CloudWatchMetricSchema>;

/**
 * Defaults for ECS services (dimension ServiceName; add `dimensions: [{name: ClusterName,
 * value: <cluster>}]` to the connector, since ECS publishes per cluster and service).
 * AWS/ECS CPUUtilization is a percentage of the reserved CPU; Container Insights reports
 * memory in megabytes and network in bytes per second.
 */
export const DEFAULT_CLOUDWATCH_METRICS: Readonly<Record<string, z.input<typeof CloudWatchMetricSchema>>> = {
  cpu: { namespace: 'AWS/ECS', metric_name: 'CPUUtilization', stat: 'Average', scale: 0.01 },
  memory: {
    namespace: 'ECS/ContainerInsights',
    metric_name: 'MemoryUtilized',
    stat: 'Average',
    scale: 1_048_576,
  },
  memory_limit: {
    namespace: 'ECS/ContainerInsights',
    metric_name: 'MemoryReserved',
    stat: 'Average',
    scale: 1_048_576,
  },
  network_rx: { namespace: 'ECS/ContainerInsights', metric_name: 'NetworkRxBytes', stat: 'Average' },
  network_tx: { namespace: 'ECS/ContainerInsights', metric_name: 'NetworkTxBytes', stat: 'Average' },
};

export const CloudWatchMetricsOptionsSchema = z.object({
  /** Connector id used in SourceRefs. */
  id: z.string().min(1).default('cloudwatch-metrics'),
  /** AWS region; the SDK's default (AWS_REGION, shared config) when absent. */
  region: z.string().min(1).optional(),
  /** Overrides the CloudWatch endpoint (VPC endpoint, LocalStack, a test server). */
  endpoint: z.url().optional(),
  /** The dimension that names a service. */
  service_dimension: z.string().min(1).default('ServiceName'),
  /** Dimensions every metric carries, e.g. [{name: ClusterName, value: prod}]. */
  dimensions: z.array(DimensionSchema).default([]),
  /** Services queried when a request names none; when empty, ListMetrics finds them. */
  services: z.array(z.string().min(1)).default([]),
  /** Semantic metric -> the CloudWatch metric and statistic that answer it; replaces the defaults. */
  metrics: z
    .record(z.string().min(1), CloudWatchMetricSchema)
    .default(() =>
      Object.fromEntries(
        Object.entries(DEFAULT_CLOUDWATCH_METRICS).map(([k, v]) => [k, CloudWatchMetricSchema.parse(v)]),
      ),
    ),
  /** Period when a query names no step; always a multiple of 60 s. */
  default_period_s: z.number().int().positive().default(60),
  /** Attempts per SDK call, retries included. */
  max_attempts: z.number().int().min(1).max(10).default(3),
  /** Per call, on top of the caller's deadline. */
  timeout_ms: z.number().int().positive().default(15_000),
});
export type CloudWatchMetricsOptions = z.output<typeof CloudWatchMetricsOptionsSchema>;
export type CloudWatchMetricsOptionsInput = z.input<typeof CloudWatchMetricsOptionsSchema>;
