/**
 * The two jaeger-query HTTP APIs behind one shape: list services, find one service's
 * traces in a time range.
 *
 * Internal JSON API (cmd/query/app/http_handler.go, query_parser.go): `GET /api/services`;
 * `GET /api/traces?service=&start=&end=&limit=` with start/end in Unix microseconds.
 * api_v3 JSON (jaeger-idl swagger/api_v3/query_service.swagger.json): `GET /api/v3/services`;
 * `GET /api/v3/traces?query.service_name=&query.start_time_min=&query.start_time_max=&query.num_traces=`
 * with RFC 3339 times, answering OTLP JSON in a `{result: ...}` envelope, 404 when nothing matched.
 */
import type { Span } from '../../core/telemetry.js';
import type { TimeRange } from '../../core/time.js';
import type { HttpClient } from '../http/http-client.js';
import { HttpError } from '../http/http-error.js';
import { parseOtlpTraces } from '../tempo/otlp-json.js';
import { parseJaegerServices, parseJaegerTraces } from './jaeger-json.js';

export interface JaegerApi {
  readonly tracesPath: string;
  services(signal: AbortSignal): Promise<string[]>;
  traces(service: string, range: TimeRange, limit: number, signal: AbortSignal): Promise<Span[]>;
}

export class JaegerInternalApi implements JaegerApi {
  readonly tracesPath = '/api/traces';

  constructor(
    private readonly client: HttpClient,
    private readonly serviceTag?: string,
  ) {}

  async services(signal: AbortSignal): Promise<string[]> {
    return parseJaegerServices(await this.client.getJson<unknown>('/api/services', undefined, signal));
  }

  async traces(service: string, range: TimeRange, limit: number, signal: AbortSignal): Promise<Span[]> {
    const payload = await this.client.getJson<unknown>(
      this.tracesPath,
      {
        service,
        start: Math.floor(range.start * 1e6),
        end: Math.ceil(range.end * 1e6),
        limit,
        // What the Jaeger UI sends with an explicit range; start/end decide the window.
        lookback: 'custom',
      },
      signal,
    );
    const parsed = parseJaegerTraces(payload, { serviceTag: this.serviceTag });
    return requireSome(parsed.spans, parsed.skipped);
  }
}

export class JaegerV3Api implements JaegerApi {
  readonly tracesPath = '/api/v3/traces';

  constructor(
    private readonly client: HttpClient,
    private readonly serviceTag?: string,
  ) {}

  async services(signal: AbortSignal): Promise<string[]> {
    const payload = await this.client.getJson<{ services?: unknown }>('/api/v3/services', undefined, signal);
    if (typeof payload !== 'object' || payload === null) {
      throw new Error('unexpected Jaeger services payload: not an object');
    }
    const services = payload.services ?? [];
    if (!Array.isArray(services))
      throw new Error('unexpected Jaeger services payload: services is not an array');
    return services.filter((s): s is string => typeof s === 'string' && s !== '');
  }

  async traces(service: string, range: TimeRange, limit: number, signal: AbortSignal): Promise<Span[]> {
    let payload: unknown;
    try {
      payload = await this.client.getJson<unknown>(
        this.tracesPath,
        {
          'query.service_name': service,
          'query.start_time_min': new Date(Math.floor(range.start * 1000)).toISOString(),
          'query.start_time_max': new Date(Math.ceil(range.end * 1000)).toISOString(),
          'query.num_traces': limit,
        },
        signal,
      );
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) return [];
      throw error;
    }
    const parsed = parseOtlpTraces(payload, { serviceAttribute: this.serviceTag });
    return requireSome(parsed.spans, parsed.skipped);
  }
}

function requireSome(spans: Span[], skipped: number): Span[] {
  if (spans.length === 0 && skipped > 0) {
    throw new Error(`unexpected Jaeger payload: none of ${skipped} spans had ids and a start time`);
  }
  return spans;
}
