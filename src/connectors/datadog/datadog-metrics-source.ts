/**
 * MetricsSource over the Datadog metrics query API (`GET /api/v1/query`). Each semantic
 * metric maps to a query template; range() runs it once per service (a few at a time) or,
 * when no services are named or configured, once grouped by the service tag.
 */
import { failure, type Outcome, type SourceRef } from '../../core/outcome.js';
import type { MetricQuery, MetricsSource, QueryContext } from '../../core/ports.js';
import type { Series } from '../../core/telemetry.js';
import { mapWithConcurrency } from '../../util/concurrency.js';
import { HttpClient } from '../http/http-client.js';
import { HttpError } from '../http/http-error.js';
import { httpOutcome } from '../http/to-outcome.js';
import {
  type DatadogOptions,
  type DatadogOptionsInput,
  DatadogOptionsSchema,
  datadogBaseUrl,
} from './datadog-options.js';
import { groupedQuery, isValidTagValue, serviceQuery } from './datadog-query.js';
import { type DatadogSeries, parseDatadogResponse } from './datadog-response.js';

export class DatadogMetricsSource implements MetricsSource {
  readonly id: string;
  private readonly options: DatadogOptions;
  private readonly http: HttpClient;

  constructor(options: DatadogOptionsInput) {
    this.options = DatadogOptionsSchema.parse(options);
    this.id = this.options.id;
    this.http = new HttpClient({
      baseUrl: datadogBaseUrl(this.options),
      timeoutMs: this.options.timeout_ms,
      retries: this.options.retries,
      headers: { 'DD-API-KEY': this.options.api_key, 'DD-APPLICATION-KEY': this.options.app_key },
    });
  }

  async metricNames(_ctx: QueryContext): Promise<Outcome<string[]>> {
    return httpOutcome({ connector: this.id, query: 'metric names' }, async () =>
      Object.keys(this.options.metrics),
    );
  }

  async range(query: MetricQuery, ctx: QueryContext): Promise<Outcome<Series[]>> {
    const template = this.options.metrics[query.metric];
    const tag = this.options.service_tag;
    const services = query.services ?? (this.options.services.length ? this.options.services : undefined);
    if (template === undefined) {
      return failure(
        `no Datadog query is configured for metric ${query.metric}`,
        this.ref(query.metric),
        false,
      );
    }
    if (services === undefined) {
      const grouped = groupedQuery(template, tag);
      if (grouped === undefined) {
        const reason = `the query for ${query.metric} cannot be grouped by ${tag}; list the services to query`;
        return failure(reason, this.ref(template), false);
      }
      return httpOutcome(this.ref(grouped), async () => {
        const found = await this.run(grouped, query, ctx);
        return found.flatMap((s) => (s.service ? [this.series(s.service, query.metric, s.points)] : []));
      });
    }
    const invalid = services.find((s) => !isValidTagValue(s));
    if (invalid !== undefined) {
      return failure(
        `service name ${JSON.stringify(invalid)} is not a valid Datadog tag value`,
        this.ref(template),
        false,
      );
    }
    const queries = services.map((service) => ({ service, text: serviceQuery(template, tag, service) }));
    const ref = this.ref(queries.map((q) => q.text).join('\n'));
    return httpOutcome(ref, async () => {
      // The first failure stops the queries still waiting: one error answers the whole call.
      const stop = new AbortController();
      const signal = AbortSignal.any([ctx.signal, stop.signal]);
      const answers = await mapWithConcurrency(queries, this.options.max_concurrency, async (q) => {
        try {
          const found = await this.run(q.text, query, { signal });
          const match = found.find((s) => s.service === q.service) ?? found[0];
          return match?.points.length ? [this.series(q.service, query.metric, match.points)] : [];
        } catch (error) {
          stop.abort();
          throw error;
        }
      });
      return answers.flat();
    });
  }

  private async run(text: string, query: MetricQuery, ctx: QueryContext): Promise<DatadogSeries[]> {
    if (ctx.signal.aborted) throw new HttpError('request aborted: the caller deadline passed', 0, false);
    const from = Math.floor(query.range.start);
    const to = Math.max(from + 1, Math.ceil(query.range.end));
    const body = await this.http.getJson<unknown>('/api/v1/query', { from, to, query: text }, ctx.signal);
    return parseDatadogResponse(body, this.options.service_tag);
  }

  private series(service: string, metric: string, points: Series['points']): Series {
    return { service, metric, points };
  }

  private ref(query: string): SourceRef {
    return { connector: this.id, query };
  }
}
