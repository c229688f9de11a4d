/**
 * Builds GetMetricData requests: one MetricStat query per (metric, service) with a short id,
 * split into batches of at most 500 queries (the API's limit per call).
 */
import type { MetricDataQuery, StandardUnit } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchMetric } from './cloudwatch-metrics-options.js';

export const MAX_QUERIES_PER_CALL = 500;

export interface ServiceQuery {
  /** The MetricDataQuery id (unique in its call, starts with a lower-case letter). */
  id: string;
  service: string;
  query: MetricDataQuery;
}

export interface Dimension {
  name: string;
  value: string;
}

/** The CloudWatch period for a step: at least 60 s and a multiple of 60. */
export function periodSeconds(step: number): number {
  return Math.max(60, Math.ceil(step / 60) * 60);
}

export function serviceQueries(
  metric: CloudWatchMetric,
  services: readonly string[],
  options: { serviceDimension: string; dimensions: readonly Dimension[]; period: number },
): ServiceQuery[] {
  const fixed = [...options.dimensions, ...metric.dimensions].map((d) => ({ Name: d.name, Value: d.value }));
  const dimension = metric.dimension_name ?? options.serviceDimension;
  return services.map((service, index) => ({
    id: `m${index}`,
    service,
    query: {
      Id: `m${index}`,
      MetricStat: {
        Metric: {
          Namespace: metric.namespace,
          MetricName: metric.metric_name,
          Dimensions: [...fixed, { Name: dimension, Value: service }],
        },
        Period: options.period,
        Stat: metric.stat,
        ...(metric.unit ? { Unit: metric.unit as StandardUnit } : {}),
      },
      ReturnData: true,
    },
  }));
}

export function batches<T>(items: readonly T[], size = MAX_QUERIES_PER_CALL): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
