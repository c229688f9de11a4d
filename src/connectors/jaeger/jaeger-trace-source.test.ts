/**
 * Follows jaeger-query's HTTP APIs as Jaeger documents them ("APIs" page: the internal
 * HTTP JSON the UI calls, and the stable api_v3 JSON over HTTP) and defines them in code:
 * cmd/query/app/http_handler.go (`structuredResponse{data,total,limit,offset,errors}`,
 * `structuredError{code,msg}`), query_parser.go (`GET /api/traces?service=&start=&end=&limit=`,
 * start/end in Unix microseconds), model/json (span `traceID`, `spanID`, `references`,
 * `startTime`/`duration` in µs, `tags`, `processID` → `processes`), and
 * jaeger-idl swagger/api_v3/query_service.swagger.json with apiv3/http_gateway.go
 * (`query.service_name`, `query.start_time_min/max` RFC 3339, `query.num_traces`;
 * `{result: {resourceSpans}}`; errors `{error: {httpCode, message}}`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import { JaegerTraceSource } from './jaeger-trace-source.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ctx = () => ({ signal: AbortSignal.timeout(5000) });
const RANGE = { start: 1700000000.5, end: 1700000600.25 };

/** frontend -> checkout (503) -> payments (error=true), as GET /api/traces answers it. */
function checkoutTrace(traceID: string, startUs = 1700000100000000) {
  return {
    traceID,
    spans: [
      {
        traceID,
        spanID: 'a1a1a1a1a1a1a1a1',
        flags: 1,
        operationName: 'GET /checkout',
        references: [],
        startTime: startUs,
        duration: 250000,
        tags: [
          { key: 'span.kind', type: 'string', value: 'server' },
          { key: 'http.status_code', type: 'int64', value: 200 },
        ],
        logs: [],
        processID: 'p1',
        warnings: null,
      },
      {
        traceID,
        spanID: 'b2b2b2b2b2b2b2b2',
        flags: 1,
        operationName: 'POST /pay',
        references: [{ refType: 'CHILD_OF', traceID, spanID: 'a1a1a1a1a1a1a1a1' }],
        startTime: startUs + 1500,
        duration: 240000,
        tags: [{ key: 'http.status_code', type: 'int64', value: 503 }],
        logs: [],
        processID: 'p2',
        warnings: null,
      },
      {
        traceID,
        spanID: 'c3c3c3c3c3c3c3c3',
        flags: 1,
        operationName: 'Charge',
        references: [
          { refType: 'FOLLOWS_FROM', traceID, spanID: 'a1a1a1a1a1a1a1a1' },
          { refType: 'CHILD_OF', traceID, spanID: 'b2b2b2b2b2b2b2b2' },
        ],
        startTime: startUs + 2000,
        duration: 230500,
        tags: [
          { key: 'error', type: 'bool', value: true },
          { key: 'otel.status_code', type: 'string', value: 'ERROR' },
        ],
        logs: [],
        processID: 'p3',
        warnings: null,
      },
    ],
    processes: {
      p1: { serviceName: 'frontend', tags: [{ key: 'k8s.deployment.name', type: 'string', value: 'web' }] },
      p2: { serviceName: 'checkout', tags: [] },
      p3: { serviceName: 'payments', tags: [{ key: 'hostname', type: 'string', value: 'pay-1' }] },
    },
    warnings: null,
  };
}

const answer = (data: unknown[]) => ({ data, total: 0, limit: 0, offset: 0, errors: null });

describe('JaegerTraceSource (internal JSON API)', () => {
  it('queries each service, parses spans and drops the spans both answers share', async () => {
    server = await startRecordingServer(() => ({
      body: answer([checkoutTrace('4bf92f3577b34da6a3ce929d0e0e4736')]),
    }));
    const source = new JaegerTraceSource({
      url: server.url,
      headers: { 'X-Api-Key': 'k1' },
    });
    const outcome = await source.spans({ range: RANGE, services: ['checkout', 'payments'] }, ctx());

    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      expect(request.method).toBe('GET');
      expect(request.path).toBe('/api/traces');
      expect(request.query.get('start')).toBe('1700000000500000');
      expect(request.query.get('end')).toBe('1700000600250000');
      expect(request.query.get('limit')).toBe('50');
      expect(request.query.get('lookback')).toBe('custom');
      expect(request.headers['x-api-key']).toBe('k1');
    }
    expect(server.requests.map((r) => r.query.get('service')).sort()).toEqual(['checkout', 'payments']);

    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.source.query).toContain('services=checkout,payments');
    expect(outcome.data).toEqual([
      {
        trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
        span_id: 'a1a1a1a1a1a1a1a1',
        parent_span_id: null,
        service: 'frontend',
        operation: 'GET /checkout',
        start: 1700000100,
        duration_ms: 250,
        status: 'ok',
      },
      {
        trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
        span_id: 'b2b2b2b2b2b2b2b2',
        parent_span_id: 'a1a1a1a1a1a1a1a1',
        service: 'checkout',
        operation: 'POST /pay',
        start: 1700000100.0015,
        duration_ms: 240,
        status: 'error',
      },
      {
        trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
        span_id: 'c3c3c3c3c3c3c3c3',
        parent_span_id: 'b2b2b2b2b2b2b2b2',
        service: 'payments',
        operation: 'Charge',
        start: 1700000100.002,
        duration_ms: 230.5,
        status: 'error',
      },
    ]);
  });

  it('lists services from GET /api/services when none is named, and maps services by a process tag', async () => {
    server = await startRecordingServer((request) =>
      request.path === '/api/services'
        ? { body: { data: ['frontend', 'checkout'], total: 2, limit: 0, offset: 0, errors: null } }
        : {
            body: answer(
              request.query.get('service') === 'frontend' ? [checkoutTrace('00000000000000aa')] : [],
            ),
          },
    );
    const source = new JaegerTraceSource({ url: server.url, service_tag: 'k8s.deployment.name' });
    const outcome = await source.spans({ range: RANGE }, ctx());
    expect(server.requests[0].path).toBe('/api/services');
    expect(
      server.requests
        .slice(1)
        .map((r) => r.query.get('service'))
        .sort(),
    ).toEqual(['checkout', 'frontend']);
    expect(outcome.kind === 'ok' && outcome.data.map((s) => s.service)).toEqual([
      'web',
      'checkout',
      'payments',
    ]);
  });

  it('keeps whole traces under the query limit', async () => {
    server = await startRecordingServer(() => ({
      body: answer([checkoutTrace('00000000000000aa'), checkoutTrace('00000000000000bb', 1700000200000000)]),
    }));
    const source = new JaegerTraceSource({ url: server.url, services: ['frontend'] });
    const outcome = await source.spans({ range: RANGE, limit: 5 }, ctx());
    expect(outcome.kind === 'ok' && outcome.data.map((s) => s.trace_id)).toEqual([
      '00000000000000aa',
      '00000000000000aa',
      '00000000000000aa',
    ]);
  });

  it("returns Jaeger's error words for a 400, without retrying", async () => {
    server = await startRecordingServer(() => ({
      status: 400,
      body: {
        data: null,
        total: 0,
        limit: 0,
        offset: 0,
        errors: [
          {
            code: 400,
            msg: 'unable to parse param \'start\': strconv.ParseInt: parsing "x": invalid syntax',
          },
        ],
      },
    }));
    const outcome = await new JaegerTraceSource({ url: server.url }).spans(
      { range: RANGE, services: ['a'] },
      ctx(),
    );
    expect(outcome).toMatchObject({
      kind: 'error',
      retryable: false,
      message: 'unable to parse param \'start\': strconv.ParseInt: parsing "x": invalid syntax (HTTP 400)',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('returns the services that answered when another fails with 500', async () => {
    server = await startRecordingServer((request) =>
      request.query.get('service') === 'broken'
        ? {
            status: 500,
            body: {
              data: null,
              total: 0,
              limit: 0,
              offset: 0,
              errors: [{ code: 500, msg: 'cassandra timeout' }],
            },
          }
        : { body: answer([checkoutTrace('00000000000000aa')]) },
    );
    const outcome = await new JaegerTraceSource({ url: server.url }).spans(
      { range: RANGE, services: ['broken', 'frontend'] },
      ctx(),
    );
    expect(outcome.kind === 'ok' && outcome.data).toHaveLength(3);
  });

  it('reports an error when every service fails; a 503 is retryable', async () => {
    server = await startRecordingServer(() => ({ status: 503, body: 'upstream connect error' }));
    const source = new JaegerTraceSource({ url: server.url, retries: 0 });
    const outcome = await source.spans({ range: RANGE, services: ['a', 'b'] }, ctx());
    expect(outcome).toMatchObject({ kind: 'error', retryable: true });
    expect(outcome.kind === 'error' && outcome.message).toContain('upstream connect error');
  });

  it('reports a failing service list as an error', async () => {
    server = await startRecordingServer(() => ({
      status: 500,
      body: {
        data: null,
        total: 0,
        limit: 0,
        offset: 0,
        errors: [{ code: 500, msg: 'storage unavailable' }],
      },
    }));
    const outcome = await new JaegerTraceSource({ url: server.url }).spans({ range: RANGE }, ctx());
    expect(outcome).toMatchObject({ kind: 'error', message: 'storage unavailable (HTTP 500)' });
  });

  it('reports no traces, and no services, as no data', async () => {
    server = await startRecordingServer((request) =>
      request.path === '/api/services'
        ? { body: { data: null, total: 0, limit: 0, offset: 0, errors: null } }
        : { body: answer([]) },
    );
    const source = new JaegerTraceSource({ url: server.url });
    expect((await source.spans({ range: RANGE, services: ['a'] }, ctx())).kind).toBe('no_data');
    expect((await source.spans({ range: RANGE }, ctx())).kind).toBe('no_data');
  });

  it("stops at the caller's deadline", async () => {
    server = await startRecordingServer(() => ({ body: answer([]), delayMs: 2000 }));
    const started = Date.now();
    const outcome = await new JaegerTraceSource({ url: server.url }).spans(
      { range: RANGE, services: ['a'] },
      { signal: AbortSignal.timeout(100) },
    );
    expect(outcome.kind === 'error' && outcome.message).toMatch(/deadline/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('turns a malformed payload into an error, never a throw', async () => {
    server = await startRecordingServer(() => ({ body: { data: { traceID: 'x' } } }));
    const outcome = await new JaegerTraceSource({ url: server.url }).spans(
      { range: RANGE, services: ['a'] },
      ctx(),
    );
    expect(outcome.kind === 'error' && outcome.message).toMatch(/data is not an array/);

    await server.close();
    server = await startRecordingServer(() => ({
      body: answer([{ traceID: 'aa', spans: [{ spanID: 'zz' }] }]),
    }));
    const spansWithoutIds = await new JaegerTraceSource({ url: server.url }).spans(
      { range: RANGE, services: ['a'] },
      ctx(),
    );
    expect(spansWithoutIds.kind === 'error' && spansWithoutIds.message).toMatch(/none of 1 spans/);
  });
});

describe('JaegerTraceSource (api_v3)', () => {
  /** Shaped like apiv3/snapshots/FindTraces.json, with a two-service trace. */
  const v3Answer = {
    result: {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'frontend' } }] },
          scopeSpans: [
            {
              scope: {},
              spans: [
                {
                  traceId: '000000000000009600000000000000a0',
                  spanId: '00000000000000b4',
                  parentSpanId: '',
                  name: 'GET /',
                  kind: 2,
                  startTimeUnixNano: '1700000100000000000',
                  endTimeUnixNano: '1700000100120000000',
                  status: {},
                },
              ],
            },
          ],
        },
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'search' } }] },
          scopeSpans: [
            {
              scope: {},
              spans: [
                {
                  traceId: '000000000000009600000000000000a0',
                  spanId: '00000000000000b5',
                  parentSpanId: '00000000000000b4',
                  name: 'Query',
                  kind: 2,
                  startTimeUnixNano: '1700000100010000000',
                  endTimeUnixNano: '1700000100110000000',
                  status: { code: 2 },
                },
              ],
            },
          ],
        },
      ],
    },
  };

  it('sends the api_v3 query parameters and reads the OTLP answer', async () => {
    server = await startRecordingServer(() => ({ body: v3Answer }));
    const source = new JaegerTraceSource({ url: `${server.url}/jaeger`, api: 'v3', traces_per_service: 20 });
    const outcome = await source.spans({ range: RANGE, services: ['frontend'] }, ctx());
    const [request] = server.requests;
    expect(request.path).toBe('/jaeger/api/v3/traces');
    expect(request.query.get('query.service_name')).toBe('frontend');
    expect(request.query.get('query.start_time_min')).toBe('2023-11-14T22:13:20.500Z');
    expect(request.query.get('query.start_time_max')).toBe('2023-11-14T22:23:20.250Z');
    expect(request.query.get('query.num_traces')).toBe('20');
    expect(outcome.kind === 'ok' && outcome.data).toEqual([
      {
        trace_id: '000000000000009600000000000000a0',
        span_id: '00000000000000b4',
        parent_span_id: null,
        service: 'frontend',
        operation: 'GET /',
        start: 1700000100,
        duration_ms: 120,
        status: 'ok',
      },
      {
        trace_id: '000000000000009600000000000000a0',
        span_id: '00000000000000b5',
        parent_span_id: '00000000000000b4',
        service: 'search',
        operation: 'Query',
        start: 1700000100.01,
        duration_ms: 100,
        status: 'error',
      },
    ]);
  });

  it('lists services from GET /api/v3/services and treats a 404 as no traces', async () => {
    server = await startRecordingServer((request) =>
      request.path === '/api/v3/services'
        ? { body: { services: ['frontend'] } }
        : { status: 404, body: { error: { httpCode: 404, message: 'trace not found' } } },
    );
    const outcome = await new JaegerTraceSource({ url: server.url, api: 'v3' }).spans(
      { range: RANGE },
      ctx(),
    );
    expect(server.requests.map((r) => r.path)).toEqual(['/api/v3/services', '/api/v3/traces']);
    expect(outcome.kind).toBe('no_data');
  });

  it('returns the api_v3 error message for a 400', async () => {
    const message =
      'malformed parameter query.start_time_min: parsing time "x" as "2006-01-02T15:04:05.999999999Z07:00"';
    server = await startRecordingServer(() => ({ status: 400, body: { error: { httpCode: 400, message } } }));
    const outcome = await new JaegerTraceSource({ url: server.url, api: 'v3' }).spans(
      { range: RANGE, services: ['a'] },
      ctx(),
    );
    expect(outcome).toMatchObject({ kind: 'error', retryable: false, message: `${message} (HTTP 400)` });
  });
});
