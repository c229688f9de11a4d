/**
 * MetricsSource over Amazon CloudWatch `GetMetricData`, through the official SDK. Each
 * semantic metric maps to a namespace, metric name, statistic and service dimension;
 * range() asks for every service in batches of 500 queries, following NextToken pages.
 * With no services named or configured, ListMetrics finds the dimension's values.
 */
import {
  CloudWatchClient,
  type CloudWatchClientConfig,
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { failure, noData, type Outcome, ok, type SourceRef } from '../../core/outcome.js';
import type { MetricQuery, MetricsSource, QueryContext } from '../../core/ports.js';
import type { Point, Series } from '../../core/telemetry.js';
import { MetricResultError, sdkFailure } from './cloudwatch-errors.js';
import {
  type CloudWatchMetric,
  type CloudWatchMetricsOptions,
  type CloudWatchMetricsOptionsInput,
  CloudWatchMetricsOptionsSchema,
} from './cloudwatch-metrics-options.js';
import { batches, periodSeconds, type ServiceQuery, serviceQueries } from './metric-data-queries.js';

export interface CloudWatchMetricsDependencies {
  /** A ready client (its region, endpoint and credentials win over the options). */
  client?: CloudWatchClient;
  /** Credentials instead of the SDK's default chain (tests use static ones). */
  credentials?: CloudWatchClientConfig['credentials'];
}

export class CloudWatchMetricsSource implements MetricsSource {
  readonly id: string;
  private readonly options: CloudWatchMetricsOptions;
  private readonly client: CloudWatchClient;

  constructor(options: CloudWatchMetricsOptionsInput, dependencies: CloudWatchMetricsDependencies = {}) {
    this.options = CloudWatchMetricsOptionsSchema.parse(options);
    this.id = this.options.id;
    this.client =
      dependencies.client ??
      new CloudWatchClient({
        ...(this.options.region ? { region: this.options.region } : {}),
        ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        ...(dependencies.credentials ? { credentials: dependencies.credentials } : {}),
        maxAttempts: this.options.max_attempts,
      });
  }

  async metricNames(_ctx: QueryContext): Promise<Outcome<string[]>> {
    const names = Object.keys(this.options.metrics);
    const source = { connector: this.id, query: 'metric names' };
    return names.length ? ok(names, source) : noData(source);
  }

  async range(query: MetricQuery, ctx: QueryContext): Promise<Outcome<Series[]>> {
    const metric = this.options.metrics[query.metric];
    if (metric === undefined) {
      return failure(`no CloudWatch metric is configured for ${query.metric}`, this.ref(query.metric), false);
    }
    const source = this.ref(describeQuery(metric, this.dimensionOf(metric), query.services));
    try {
      const services =
        query.services ??
        (this.options.services.length ? this.options.services : await this.discover(metric, ctx));
      if (services.length === 0) return noData(source);
      const queries = serviceQueries(metric, services, {
        serviceDimension: this.options.service_dimension,
        dimensions: this.options.dimensions,
        period: periodSeconds(query.step_s ?? this.options.default_period_s),
      });
      const series: Series[] = [];
      for (const batch of batches(queries)) {
        const points = await this.fetch(batch, query, ctx);
        for (const q of batch) {
          const found = points.get(q.id);
          if (found?.length)
            series.push({ service: q.service, metric: query.metric, points: scaled(found, metric.scale) });
        }
      }
      return series.length ? ok(series, source) : noData(source);
    } catch (error) {
      if (error instanceof MetricResultError) return failure(error.message, source, error.retryable);
      return sdkFailure(error, source, ctx.signal);
    }
  }

  /** Points per query id, across NextToken pages. */
  private async fetch(
    batch: ServiceQuery[],
    query: MetricQuery,
    ctx: QueryContext,
  ): Promise<Map<string, Point[]>> {
    const points = new Map<string, Point[]>(batch.map((q) => [q.id, []]));
    let nextToken: string | undefined;
    do {
      const output = await this.client.send(
        new GetMetricDataCommand({
          MetricDataQueries: batch.map((q) => q.query),
          StartTime: new Date(Math.floor(query.range.start) * 1000),
          EndTime: new Date(Math.ceil(query.range.end) * 1000),
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
        }),
        { abortSignal: this.signal(ctx) },
      );
      for (const result of output.MetricDataResults ?? []) collect(result, points);
      nextToken = output.NextToken;
    } while (nextToken);
    for (const list of points.values()) list.sort((a, b) => a[0] - b[0]);
    return points;
  }

  /** The service dimension's values among the metrics CloudWatch holds (ListMetrics pages). */
  private async discover(metric: CloudWatchMetric, ctx: QueryContext): Promise<string[]> {
    const dimension = this.dimensionOf(metric);
    const fixed = [...this.options.dimensions, ...metric.dimensions].map((d) => ({
      Name: d.name,
      Value: d.value,
    }));
    const found = new Set<string>();
    let nextToken: string | undefined;
    do {
      const output = await this.client.send(
        new ListMetricsCommand({
          Namespace: metric.namespace,
          MetricName: metric.metric_name,
          Dimensions: [...fixed, { Name: dimension }],
          NextToken: nextToken,
        }),
        { abortSignal: this.signal(ctx) },
      );
      for (const m of output.Metrics ?? []) {
        const value = m.Dimensions?.find((d) => d.Name === dimension)?.Value;
        if (value) found.add(value);
      }
      nextToken = output.NextToken;
    } while (nextToken);
    return [...found].sort();
  }

  private signal(ctx: QueryContext): AbortSignal {
    return AbortSignal.any([ctx.signal, AbortSignal.timeout(this.options.timeout_ms)]);
  }

  private dimensionOf(metric: CloudWatchMetric): string {
    return metric.dimension_name ?? this.options.service_dimension;
  }

  private ref(query: string): SourceRef {
    return { connector: this.id, query };
  }
}

function collect(result: MetricDataResult, points: Map<string, Point[]>): void {
  const list = result.Id ? points.get(result.Id) : undefined;
  if (!list) return;
  if (result.StatusCode === 'Forbidden' || result.StatusCode === 'InternalError') {
    const detail = (result.Messages ?? []).map((m) => `${m.Code ?? ''} ${m.Value ?? ''}`.trim()).join('; ');
    const message = `${result.StatusCode} for ${result.Label ?? result.Id}${detail ? `: ${detail}` : ''}`;
    throw new MetricResultError(message, result.StatusCode === 'InternalError');
  }
  const timestamps = result.Timestamps ?? [];
  const values = result.Values ?? [];
  for (let i = 0; i < Math.min(timestamps.length, values.length); i++) {
    const seconds = timestamps[i].getTime() / 1000;
    const value = values[i];
    if (Number.isFinite(seconds) && typeof value === 'number' && Number.isFinite(value))
      list.push([seconds, value]);
  }
}

function scaled(points: Point[], scale: number): Point[] {
  return scale === 1 ? points : points.map(([t, v]) => [t, v * scale]);
}

function describeQuery(metric: CloudWatchMetric, dimension: string, services?: readonly string[]): string {
  const who = services ? services.join(', ') : 'every service';
  return `GetMetricData ${metric.namespace} ${metric.metric_name} ${metric.stat} by ${dimension} (${who})`;
}
