/**
 * MetricsSource over the Prometheus HTTP API. Each semantic signal is a PromQL template
 * (see promql-templates.ts) evaluated with one range query for all services in scope; the
 * service label of each returned series names its service. Non-finite samples are dropped.
 */

import { failure, noData, type Outcome, ok, type SourceRef } from '../../core/outcome.js';
import type { MetricQuery, MetricsSource, QueryContext } from '../../core/ports.js';
import type { Point, Series } from '../../core/telemetry.js';
import { HttpClient } from '../http/http-client.js';
import { HttpError } from '../http/http-error.js';
import { quantileSeries } from './histogram-quantiles.js';
import { type MatrixSeries, PrometheusApi, PrometheusApiError, sampleValue } from './prometheus-api.js';
import {
  type PrometheusOptions,
  type PrometheusOptionsInput,
  PrometheusOptionsSchema,
  prometheusAuth,
} from './prometheus-options.js';
import { DEFAULT_PROMQL_TEMPLATES, referencedMetricNames, renderTemplate } from './promql-templates.js';

const LATENCY_QUANTILES: Record<string, number> = { latency_p50: 0.5, latency_p95: 0.95, latency_p99: 0.99 };

/** Prometheus refuses range queries that would return more points than this per series. */
const MAX_POINTS_PER_SERIES = 11_000;

export class PrometheusMetricsSource implements MetricsSource {
  readonly id: string;
  readonly options: PrometheusOptions;
  readonly api: PrometheusApi;
  private readonly templates: Map<string, string>;
  private readonly bucketQueries = new Map<string, Promise<MatrixSeries[]>>();

  constructor(
    options: PrometheusOptionsInput | PrometheusOptions,
    deps: { fetch?: typeof fetch; id?: string } = {},
  ) {
    this.options = PrometheusOptionsSchema.parse(options);
    this.id = deps.id ?? 'prometheus';
    const headers: Record<string, string> = this.options.compress_responses
      ? {}
      : { 'accept-encoding': 'identity' };
    Object.assign(headers, this.options.headers);
    if (this.options.tenant) headers['X-Scope-OrgID'] = this.options.tenant;
    this.api = new PrometheusApi(
      new HttpClient({
        baseUrl: this.options.url,
        auth: prometheusAuth(this.options),
        headers,
        timeoutMs: this.options.timeout_ms,
        retries: this.options.retries,
        fetch: deps.fetch,
      }),
    );
    this.templates = new Map(
      Object.entries({ ...DEFAULT_PROMQL_TEMPLATES, ...this.options.queries }).filter(
        ([, t]) => t.trim() !== '',
      ),
    );
  }

  /** The semantic metrics whose raw metrics this Prometheus has (one label-values call). */
  async metricNames(ctx: QueryContext): Promise<Outcome<string[]>> {
    const source = this.source('label __name__ values');
    try {
      const present = new Set(await this.api.labelValues('__name__', [], ctx.signal));
      const names = [...this.templates]
        .filter(([, template]) => {
          const raw = referencedMetricNames(template);
          return raw.length === 0 || raw.some((name) => present.has(name));
        })
        .map(([name]) => name);
      return names.length ? ok(names, source) : noData(source);
    } catch (error) {
      return asFailure(error, source);
    }
  }

  /** Service names carrying the service label (for discovery and scope). */
  async services(ctx: QueryContext): Promise<Outcome<string[]>> {
    const source = this.source(`label ${this.options.service_label} values`);
    try {
      const values = await this.api.labelValues(this.options.service_label, [], ctx.signal);
      return values.length ? ok(values, source) : noData(source);
    } catch (error) {
      return asFailure(error, source);
    }
  }

  /** Readiness: the server answers its build-info endpoint. */
  async health(ctx: QueryContext): Promise<Outcome<Record<string, string>>> {
    const source = this.source('status/buildinfo');
    try {
      return ok(await this.api.buildInfo(ctx.signal), source);
    } catch (error) {
      return asFailure(error, source);
    }
  }

  /** The PromQL this source would run for a query (for reports and debugging). */
  promql(query: MetricQuery): string | undefined {
    const template = this.templates.get(query.metric);
    if (!template) return undefined;
    const step = this.stepFor(query);
    return renderTemplate(template, {
      serviceLabel: this.options.service_label,
      services: query.services ?? [],
      windowSeconds: this.options.rate_window_s ?? Math.max(4 * this.options.scrape_interval_s, step),
    });
  }

  async range(query: MetricQuery, ctx: QueryContext): Promise<Outcome<Series[]>> {
    const quantile = LATENCY_QUANTILES[query.metric];
    if (quantile !== undefined && this.options.latency_histogram && !this.options.queries[query.metric]) {
      return this.quantileRange(query, quantile, this.options.latency_histogram, ctx);
    }
    const expr = this.promql(query);
    if (!expr) return noData(this.source(`no query for ${query.metric}`));
    const source = this.source(expr);
    const step = this.stepFor(query);
    try {
      const result = await this.api.queryRange(expr, query.range.start, query.range.end, step, ctx.signal);
      const label = this.options.service_label;
      const wanted = query.services ? new Set(query.services) : undefined;
      const byService = new Map<string, Point[]>();
      for (const series of result) {
        const service = series.metric[label];
        if (!service || (wanted && !wanted.has(service))) continue;
        const points = byService.get(service) ?? [];
        for (const [t, raw] of series.values ?? []) {
          const value = sampleValue(raw);
          if (Number.isFinite(value)) points.push([t, value]);
        }
        byService.set(service, points);
      }
      const out: Series[] = [];
      for (const [service, points] of byService) {
        points.sort((a, b) => a[0] - b[0]);
        out.push({ service, metric: query.metric, points });
      }
      return out.length ? ok(out, source) : noData(source);
    } catch (error) {
      return asFailure(error, source);
    }
  }

  /** p50/p95/p99 from one shared bucket-rate query (concurrent callers share it). */
  private async quantileRange(
    query: MetricQuery,
    q: number,
    histogram: string,
    ctx: QueryContext,
  ): Promise<Outcome<Series[]>> {
    const step = this.stepFor(query);
    const label = this.options.service_label;
    const expr = renderTemplate(`sum by ($by, le) (rate(${histogram}_bucket{$selector}[$window]))`, {
      serviceLabel: label,
      services: query.services ?? [],
      windowSeconds: this.options.rate_window_s ?? Math.max(4 * this.options.scrape_interval_s, step),
    });
    const source = this.source(`quantile ${q} of ${expr}`);
    const key = `${expr}|${query.range.start}|${query.range.end}|${step}`;
    let pending = this.bucketQueries.get(key);
    if (!pending) {
      pending = this.api.queryRange(expr, query.range.start, query.range.end, step, ctx.signal);
      this.bucketQueries.set(key, pending);
      const forget = () => setTimeout(() => this.bucketQueries.delete(key), 5_000).unref();
      pending.then(forget, forget);
    }
    try {
      const wanted = query.services ? new Set(query.services) : undefined;
      const out: Series[] = [];
      for (const [service, points] of quantileSeries(await pending, label, q)) {
        if (wanted && !wanted.has(service)) continue;
        out.push({ service, metric: query.metric, points });
      }
      return out.length ? ok(out, source) : noData(source);
    } catch (error) {
      return asFailure(error, source);
    }
  }

  private stepFor(query: MetricQuery): number {
    const span = Math.max(0, query.range.end - query.range.start);
    return Math.max(query.step_s ?? this.options.step_s, Math.ceil(span / MAX_POINTS_PER_SERIES));
  }

  private source(query: string): SourceRef {
    return { connector: this.id, query };
  }
}

function asFailure<T>(error: unknown, source: SourceRef): Outcome<T> {
  if (error instanceof PrometheusApiError || error instanceof HttpError) {
    return failure(error.message, source, error.retryable);
  }
  return failure(error instanceof Error ? error.message : String(error), source, false);
}
