/**
 * MetricsSource over New Relic NerdGraph (`POST /graphql`, NRQL). Each semantic metric maps
 * to an NRQL template; range() asks for several services in one FACET query when the
 * template filters on `attr = '{service}'`, otherwise once per service (a few at a time).
 */
import { failure, type Outcome, type SourceRef } from '../../core/outcome.js';
import type { MetricQuery, MetricsSource, QueryContext } from '../../core/ports.js';
import type { Point, Series } from '../../core/telemetry.js';
import { mapWithConcurrency } from '../../util/concurrency.js';
import { HttpClient } from '../http/http-client.js';
import { HttpError } from '../http/http-error.js';
import { httpOutcome } from '../http/to-outcome.js';
import { nrqlResults, pointsByService } from './nerdgraph-response.js';
import {
  type NewRelicOptions,
  type NewRelicOptionsInput,
  NewRelicOptionsSchema,
  newRelicBaseUrl,
} from './newrelic-options.js';
import { bucketSeconds, facetNrql, serviceNrql, windowClause } from './nrql.js';

/**
 * The NerdGraph document. The NRQL travels as a variable, so it needs no GraphQL escaping;
 * the timeout is a whole number of seconds written in place.
 */
export function nrqlDocument(timeoutSeconds: number): string {
  const timeout = Math.max(1, Math.round(timeoutSeconds));
  return `query AfrMetrics($accountId: Int!, $nrql: Nrql!) { actor { account(id: $accountId) { nrql(query: $nrql, timeout: ${timeout}) { results } } } }`;
}

export class NewRelicMetricsSource implements MetricsSource {
  readonly id: string;
  private readonly options: NewRelicOptions;
  private readonly http: HttpClient;

  constructor(options: NewRelicOptionsInput) {
    this.options = NewRelicOptionsSchema.parse(options);
    this.id = this.options.id;
    this.http = new HttpClient({
      baseUrl: newRelicBaseUrl(this.options),
      timeoutMs: this.options.timeout_ms,
      retries: this.options.retries,
      headers: { 'API-Key': this.options.api_key },
    });
  }

  async metricNames(_ctx: QueryContext): Promise<Outcome<string[]>> {
    return httpOutcome({ connector: this.id, query: 'metric names' }, async () =>
      Object.keys(this.options.metrics),
    );
  }

  async range(query: MetricQuery, ctx: QueryContext): Promise<Outcome<Series[]>> {
    const template = this.options.metrics[query.metric];
    if (template === undefined) {
      return failure(`no NRQL query is configured for metric ${query.metric}`, this.ref(query.metric), false);
    }
    const attribute = this.options.service_attribute;
    const services = query.services ?? (this.options.services.length ? this.options.services : undefined);
    const window = windowClause(
      query.range,
      bucketSeconds(query.range, query.step_s ?? this.options.default_step_s),
    );
    const faceted = facetNrql(template, attribute, services);
    if (faceted) {
      const nrql = `${faceted.nrql} ${window}`;
      return httpOutcome(this.ref(nrql), async () => {
        const rows = await this.run(nrql, ctx.signal);
        const byService = pointsByService(rows, { facetAttribute: faceted.attribute });
        return toSeries(byService, query.metric, services);
      });
    }
    if (services === undefined) {
      const reason = `the NRQL for ${query.metric} has no ${attribute} = '{service}' filter to facet on; list the services to query`;
      return failure(reason, this.ref(template), false);
    }
    const queries = services.map((service) => ({
      service,
      nrql: `${serviceNrql(template, attribute, service)} ${window}`,
    }));
    return httpOutcome(this.ref(queries.map((q) => q.nrql).join('\n')), async () => {
      const stop = new AbortController();
      const signal = AbortSignal.any([ctx.signal, stop.signal]);
      const found = new Map<string, Point[]>();
      await mapWithConcurrency(queries, this.options.max_concurrency, async (q) => {
        try {
          const points = pointsByService(await this.run(q.nrql, signal), { service: q.service }).get(
            q.service,
          );
          if (points) found.set(q.service, points);
        } catch (error) {
          stop.abort();
          throw error;
        }
      });
      return toSeries(found, query.metric, services);
    });
  }

  private async run(nrql: string, signal: AbortSignal): Promise<unknown[]> {
    if (signal.aborted) throw new HttpError('request aborted: the caller deadline passed', 0, false);
    const body = await this.http.postJson<unknown>(
      '/graphql',
      {
        query: nrqlDocument(this.options.nrql_timeout_s),
        variables: { accountId: this.options.account_id, nrql },
      },
      signal,
    );
    return nrqlResults(body);
  }

  private ref(query: string): SourceRef {
    return { connector: this.id, query };
  }
}

/** Series in the order services were asked for (or by name when all were). */
function toSeries(byService: Map<string, Point[]>, metric: string, services?: readonly string[]): Series[] {
  const names = services ? services.filter((s) => byService.has(s)) : [...byService.keys()].sort();
  return names
    .map((service) => ({ service, metric, points: byService.get(service) ?? [] }))
    .filter((s) => s.points.length > 0);
}
