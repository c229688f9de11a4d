/**
 * TraceSource over Grafana Tempo's HTTP API. A query searches for traces (one search per
 * service, or one for all), then fetches each found trace by id and reads its OTLP JSON.
 * Whole traces are returned, including spans of services the query did not name, because
 * the callers and callees around a service are what trace analysis needs.
 *
 * Tempo HTTP API: "Search" (`GET /api/search`), "Query" (`GET /api/traces/<traceid>`),
 * "Query V2" (`GET /api/v2/traces/<traceid>`); multi-tenancy via the `X-Scope-OrgID` header.
 */
import { failure, noData, type Outcome, ok, type SourceRef } from '../../core/outcome.js';
import type { QueryContext, TraceQuery, TraceSource } from '../../core/ports.js';
import type { Span } from '../../core/telemetry.js';
import { mapWithConcurrency } from '../../util/concurrency.js';
import type { HttpClient } from '../http/http-client.js';
import { httpClientFor } from './connection-options.js';
import { parseOtlpTraces } from './otlp-json.js';
import { SpanCollector } from './span-collection.js';
import { type TempoOptions, type TempoOptionsInput, TempoOptionsSchema } from './tempo-options.js';
import { searchParameters, searchTraceIds } from './tempo-search.js';
import { type UpstreamError, upstreamError } from './upstream-error.js';

export interface TempoDependencies {
  fetch?: typeof fetch;
  id?: string;
}

type Step<T> = { ok: true; value: T } | { ok: false; error: UpstreamError };

export class TempoTraceSource implements TraceSource {
  readonly id: string;
  private readonly options: TempoOptions;
  private readonly client: HttpClient;

  constructor(options: TempoOptionsInput | TempoOptions, deps: TempoDependencies = {}) {
    this.options = TempoOptionsSchema.parse(options);
    this.id = deps.id ?? 'tempo';
    const tenant: Record<string, string> = this.options.tenant
      ? { 'X-Scope-OrgID': this.options.tenant }
      : {};
    this.client = httpClientFor(this.options, tenant, deps.fetch);
  }

  async spans(query: TraceQuery, ctx: QueryContext): Promise<Outcome<Span[]>> {
    const named = query.services?.length ? query.services : this.options.services;
    const services = named.slice(0, this.options.max_services);
    const source: SourceRef = {
      connector: this.id,
      query: `GET /api/search ${this.options.search} services=${services.join(',') || '*'} ${query.range.start}..${query.range.end}`,
    };

    const searches = await mapWithConcurrency(
      services.length ? services : [undefined],
      this.options.max_concurrency,
      (service) => this.search(service, query, ctx),
    );
    const found = searches.filter((s): s is { ok: true; value: string[] } => s.ok).map((s) => s.value);
    if (found.length === 0) return this.fail(searches, source);
    const traceIds = interleave(found, this.options.max_traces);
    if (traceIds.length === 0) return noData(source);

    const collector = new SpanCollector();
    const fetched = await mapWithConcurrency(traceIds, this.options.max_concurrency, (id) =>
      this.trace(id, ctx),
    );
    let parsedAny = false;
    for (const step of fetched) {
      if (!step.ok || step.value === null) continue;
      parsedAny = true;
      collector.add(step.value);
    }
    if (!parsedAny && fetched.some((s) => !s.ok)) return this.fail(fetched, source);
    const spans = collector.result(query.limit ?? this.options.max_spans);
    return spans.length ? ok(spans, source) : noData(source);
  }

  private async search(
    service: string | undefined,
    query: TraceQuery,
    ctx: QueryContext,
  ): Promise<Step<string[]>> {
    const limit = Math.min(this.options.traces_per_search, this.options.max_traces);
    const parameters = searchParameters({
      mode: this.options.search,
      serviceAttribute: this.options.service_attribute,
      service,
      range: query.range,
      limit,
    });
    try {
      const payload = await this.client.getJson<unknown>('/api/search', parameters, ctx.signal);
      return { ok: true, value: searchTraceIds(payload) };
    } catch (error) {
      return { ok: false, error: upstreamError(error) };
    }
  }

  /** One trace's spans; null when Tempo no longer (or not yet) has it. */
  private async trace(traceId: string, ctx: QueryContext): Promise<Step<Span[] | null>> {
    const path = this.options.trace_api === 'v2' ? `/api/v2/traces/${traceId}` : `/api/traces/${traceId}`;
    try {
      const payload = await this.client.getJson<unknown>(path, undefined, ctx.signal);
      const parsed = parseOtlpTraces(payload, { serviceAttribute: this.options.service_attribute });
      if (parsed.spans.length === 0 && parsed.skipped > 0) {
        throw new Error(`unexpected Tempo trace payload: none of ${parsed.skipped} spans had ids and times`);
      }
      return { ok: true, value: parsed.spans };
    } catch (error) {
      const failed = upstreamError(error);
      if (failed.status === 404) return { ok: true, value: null };
      return { ok: false, error: failed };
    }
  }

  private fail(steps: Step<unknown>[], source: SourceRef): Outcome<Span[]> {
    const errors = steps.filter((s): s is { ok: false; error: UpstreamError } => !s.ok).map((s) => s.error);
    const first = errors[0];
    if (!first) return noData(source);
    return failure(
      first.message,
      source,
      errors.some((e) => e.retryable),
    );
  }
}

/** Round-robin over the per-search id lists, dropping repeats, up to `max` ids. */
function interleave(lists: string[][], max: number): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest && out.length < max; i++) {
    for (const list of lists) {
      const id = list[i];
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      out.push(id);
      if (out.length >= max) break;
    }
  }
  return out;
}
