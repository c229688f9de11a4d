/**
 * TraceSource over jaeger-query. Jaeger finds traces one service at a time, so a query asks
 * for each named service (or each service Jaeger lists) concurrently, merges the traces
 * and drops the spans seen twice. Whole traces are returned, including spans of services
 * the query did not name, because callers and callees are what trace analysis needs.
 * When some services fail and others answer, the answers are returned; when all fail,
 * the first upstream error is.
 */
import { failure, noData, type Outcome, ok, type SourceRef } from '../../core/outcome.js';
import type { QueryContext, TraceQuery, TraceSource } from '../../core/ports.js';
import type { Span } from '../../core/telemetry.js';
import { mapWithConcurrency } from '../../util/concurrency.js';
import { httpClientFor } from '../tempo/connection-options.js';
import { SpanCollector } from '../tempo/span-collection.js';
import type { UpstreamError } from '../tempo/upstream-error.js';
import { type JaegerApi, JaegerInternalApi, JaegerV3Api } from './jaeger-api.js';
import { jaegerError } from './jaeger-error.js';
import { type JaegerOptions, type JaegerOptionsInput, JaegerOptionsSchema } from './jaeger-options.js';

export interface JaegerDependencies {
  fetch?: typeof fetch;
  id?: string;
}

type Step = { ok: true; spans: Span[] } | { ok: false; error: UpstreamError };

export class JaegerTraceSource implements TraceSource {
  readonly id: string;
  private readonly options: JaegerOptions;
  private readonly api: JaegerApi;

  constructor(options: JaegerOptionsInput | JaegerOptions, deps: JaegerDependencies = {}) {
    this.options = JaegerOptionsSchema.parse(options);
    this.id = deps.id ?? 'jaeger';
    const client = httpClientFor(this.options, {}, deps.fetch);
    this.api =
      this.options.api === 'v3'
        ? new JaegerV3Api(client, this.options.service_tag)
        : new JaegerInternalApi(client, this.options.service_tag);
  }

  async spans(query: TraceQuery, ctx: QueryContext): Promise<Outcome<Span[]>> {
    const named = query.services?.length ? query.services : this.options.services;
    const source = (services: string[]): SourceRef => ({
      connector: this.id,
      query: `GET ${this.api.tracesPath} services=${services.join(',') || '*'} ${query.range.start}..${query.range.end}`,
    });

    let services = named;
    if (services.length === 0) {
      try {
        services = (await this.api.services(ctx.signal)).sort();
      } catch (error) {
        const failed = jaegerError(error);
        return failure(failed.message, source([]), failed.retryable);
      }
    }
    services = services.slice(0, this.options.max_services);
    if (services.length === 0) return noData(source(services));

    const steps = await mapWithConcurrency(
      services,
      this.options.max_concurrency,
      async (service): Promise<Step> => {
        try {
          const spans = await this.api.traces(
            service,
            query.range,
            this.options.traces_per_service,
            ctx.signal,
          );
          return { ok: true, spans };
        } catch (error) {
          return { ok: false, error: jaegerError(error) };
        }
      },
    );

    const collector = new SpanCollector();
    const errors: UpstreamError[] = [];
    for (const step of steps) {
      if (step.ok) collector.add(step.spans);
      else errors.push(step.error);
    }
    if (errors.length === steps.length) {
      return failure(
        errors[0].message,
        source(services),
        errors.some((e) => e.retryable),
      );
    }
    const spans = collector.result(query.limit ?? this.options.max_spans);
    return spans.length ? ok(spans, source(services)) : noData(source(services));
  }
}
