/**
 * Follows the Datadog API reference "Query timeseries points" (Metrics, v1):
 * GET /api/v1/query?from=&to=&query= with DD-API-KEY and DD-APPLICATION-KEY headers; the
 * answer carries series[].pointlist as [epoch ms, value] and scope / tag_set per series.
 * Error bodies are the documented APIErrorResponse `{"errors": [...]}`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Handler, type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import { DatadogMetricsSource } from './datadog-metrics-source.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const range = { start: 1430311800, end: 1430313000 };
const ctx = () => ({ signal: AbortSignal.timeout(5_000) });

async function source(handler: Handler, extra: Record<string, unknown> = {}) {
  server = await startRecordingServer(handler);
  return new DatadogMetricsSource({
    url: server.url,
    api_key: 'api-key-1',
    app_key: 'app-key-1',
    retries: 0,
    metrics: {
      latency_p99: 'p99:trace.http.request{{service_tag}:{service}}',
      rps: 'sum:hits{env:prod,service:{service}}.as_rate()',
    },
    ...extra,
  });
}

/** Shaped like the documented response of the v1 query endpoint. */
function documentedResponse(
  query: string,
  series: { scope: string; tag_set: string[]; pointlist: unknown[] }[],
) {
  return {
    status: 'ok',
    res_type: 'time_series',
    resp_version: 1,
    query,
    from_date: 1430311800000,
    to_date: 1430313000000,
    group_by: ['service'],
    message: '',
    series: series.map((s) => ({
      metric: 'trace.http.request',
      display_name: 'trace.http.request',
      aggr: 'p99',
      attributes: {},
      unit: null,
      interval: 600,
      length: s.pointlist.length,
      start: 1430311800000,
      end: 1430312999000,
      expression: `p99:trace.http.request{${s.scope}}`,
      query_index: 0,
      ...s,
    })),
  };
}

describe('DatadogMetricsSource', () => {
  it('lists the configured semantic metrics', async () => {
    const dd = await source(() => ({ body: {} }));
    const names = await dd.metricNames(ctx());
    expect(names).toMatchObject({ kind: 'ok', data: ['latency_p99', 'rps'] });
    expect(server?.requests).toHaveLength(0);
  });

  it('runs one query per service with both keys and epoch-second bounds', async () => {
    const dd = await source((req) => {
      const service = /service:([\w-]+)/.exec(req.query.get('query') ?? '')?.[1] ?? '';
      return {
        body: documentedResponse(req.query.get('query') ?? '', [
          {
            scope: `service:${service}`,
            tag_set: [`service:${service}`],
            pointlist: [
              [1430312400000, service === 'checkout' ? 0.25 : 0.5],
              [1430311800000.0, 0.125],
              [1430313000000, null],
            ],
          },
        ]),
      };
    });
    const outcome = await dd.range(
      {
        metric: 'latency_p99',
        services: ['checkout', 'payment'],
        range: { start: 1430311800.4, end: 1430312999.2 },
      },
      ctx(),
    );
    expect(server?.requests).toHaveLength(2);
    const sent = [...(server?.requests ?? [])].sort((a, b) =>
      (a.query.get('query') ?? '').localeCompare(b.query.get('query') ?? ''),
    );
    for (const req of sent) {
      expect(req.method).toBe('GET');
      expect(req.path).toBe('/api/v1/query');
      expect(req.headers['dd-api-key']).toBe('api-key-1');
      expect(req.headers['dd-application-key']).toBe('app-key-1');
      expect(req.query.get('from')).toBe('1430311800');
      expect(req.query.get('to')).toBe('1430313000');
    }
    expect(sent.map((r) => r.query.get('query'))).toEqual([
      'p99:trace.http.request{service:checkout}',
      'p99:trace.http.request{service:payment}',
    ]);
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.source.connector).toBe('datadog');
    expect(outcome.data).toEqual([
      {
        service: 'checkout',
        metric: 'latency_p99',
        points: [
          [1430311800, 0.125],
          [1430312400, 0.25],
        ],
      },
      {
        service: 'payment',
        metric: 'latency_p99',
        points: [
          [1430311800, 0.125],
          [1430312400, 0.5],
        ],
      },
    ]);
  });

  it('asks for every service with one query grouped by the service tag', async () => {
    const dd = await source((req) => ({
      body: documentedResponse(req.query.get('query') ?? '', [
        {
          scope: 'env:prod,service:checkout',
          tag_set: ['service:checkout'],
          pointlist: [[1430311800000, 12]],
        },
        { scope: 'env:prod,service:payment', tag_set: [], pointlist: [[1430311800000, 7.5]] },
        { scope: 'env:prod', tag_set: [], pointlist: [[1430311800000, 1]] },
      ]),
    }));
    const outcome = await dd.range({ metric: 'rps', range }, ctx());
    expect(server?.requests.map((r) => r.query.get('query'))).toEqual([
      'sum:hits{env:prod,service:*} by {service}.as_rate()',
    ]);
    expect(outcome).toMatchObject({
      kind: 'ok',
      data: [
        { service: 'checkout', metric: 'rps', points: [[1430311800, 12]] },
        { service: 'payment', metric: 'rps', points: [[1430311800, 7.5]] },
      ],
    });
  });

  it('uses the configured services when a query names none, and a custom service tag', async () => {
    const dd = await source(() => ({ body: documentedResponse('', []) }), {
      services: ['web'],
      service_tag: 'app',
    });
    const outcome = await dd.range({ metric: 'latency_p99', range }, ctx());
    expect(server?.requests.map((r) => r.query.get('query'))).toEqual(['p99:trace.http.request{app:web}']);
    expect(outcome.kind).toBe('no_data');
  });

  it('reports a status "error" body word for word', async () => {
    const dd = await source(() => ({
      body: {
        status: 'error',
        res_type: 'time_series',
        error:
          "Error parsing query: \n unable to parse p99:trace{service:checkout: Rule 'scope_expr' didn't match",
        series: [],
      },
    }));
    const outcome = await dd.range({ metric: 'latency_p99', services: ['checkout'], range }, ctx());
    expect(outcome).toMatchObject({
      kind: 'error',
      retryable: false,
      message:
        "Error parsing query: \n unable to parse p99:trace{service:checkout: Rule 'scope_expr' didn't match",
    });
  });

  it('turns 403 into a permanent error carrying the vendor body', async () => {
    const dd = await source(() => ({ status: 403, body: { errors: ['Forbidden'] } }));
    const outcome = await dd.range(
      { metric: 'latency_p99', services: ['checkout', 'payment', 'cart'], range },
      ctx(),
    );
    expect(outcome).toMatchObject({ kind: 'error', retryable: false });
    if (outcome.kind === 'error') expect(outcome.message).toContain('{"errors":["Forbidden"]}');
  });

  it('turns 429 and 5xx into retryable errors', async () => {
    const limited = await source(() => ({ status: 429, body: { errors: ['Too many requests'] } }));
    const first = await limited.range({ metric: 'rps', services: ['checkout'], range }, ctx());
    expect(first).toMatchObject({ kind: 'error', retryable: true });
    if (first.kind === 'error') expect(first.message).toContain('Too many requests');
    await server?.close();
    const broken = await source(() => ({ status: 503, body: 'upstream unavailable' }));
    expect(await broken.range({ metric: 'rps', services: ['checkout'], range }, ctx())).toMatchObject({
      kind: 'error',
      retryable: true,
    });
  });

  it("stops at the caller's deadline", async () => {
    const dd = await source(() => ({ delayMs: 2_000, body: documentedResponse('', []) }));
    const started = Date.now();
    const outcome = await dd.range(
      { metric: 'rps', services: ['checkout'], range },
      { signal: AbortSignal.timeout(50) },
    );
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(outcome).toMatchObject({ kind: 'error', retryable: false });
    if (outcome.kind === 'error') expect(outcome.message).toMatch(/aborted/);
  });

  it('answers no_data for empty series and an error for malformed payloads', async () => {
    const empty = await source(() => ({ body: documentedResponse('', []) }));
    expect((await empty.range({ metric: 'rps', range }, ctx())).kind).toBe('no_data');
    await server?.close();
    const malformed = await source(() => ({ body: { status: 'ok', series: { pointlist: [] } } }));
    expect(await malformed.range({ metric: 'rps', services: ['a'], range }, ctx())).toMatchObject({
      kind: 'error',
      message: 'Datadog: series is not an array',
    });
    await server?.close();
    const notJson = await source(() => ({ body: '<html>gateway</html>' }));
    expect((await notJson.range({ metric: 'rps', services: ['a'], range }, ctx())).kind).toBe('error');
  });

  it('refuses unknown metrics, ungroupable templates and unsafe service names without a request', async () => {
    const dd = await source(() => ({ body: {} }), {
      metrics: { cpu: 'avg:system.cpu.user{service:{service}} by {host}' },
    });
    expect(await dd.range({ metric: 'memory', range }, ctx())).toMatchObject({
      kind: 'error',
      retryable: false,
    });
    expect(await dd.range({ metric: 'cpu', range }, ctx())).toMatchObject({ kind: 'error' });
    expect(await dd.range({ metric: 'cpu', services: ['x} by {host'], range }, ctx())).toMatchObject({
      kind: 'error',
    });
    expect(server?.requests).toHaveLength(0);
  });
});
