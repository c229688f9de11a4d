/**
 * Follows the Tempo HTTP API documentation (grafana.com/docs/tempo/latest/api_docs/):
 * "Search" (GET /api/search, `q` TraceQL or `tags` logfmt, `start`/`end` Unix seconds,
 * `limit`; answer `{traces: [{traceID, rootServiceName, rootTraceName, startTimeUnixNano,
 * durationMs}], metrics}`), "Query" (GET /api/traces/<traceid>, OTLP JSON with a top-level
 * `batches`), "Query V2" (GET /api/v2/traces/<traceid>, `{trace: {resourceSpans}}`), and
 * multi-tenancy's `X-Scope-OrgID` header. Errors are plain-text bodies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type RecordedRequest,
  type RecordingServer,
  startRecordingServer,
} from '../testing/recording-server.js';
import { TempoTraceSource } from './tempo-trace-source.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ctx = () => ({ signal: AbortSignal.timeout(5000) });
const RANGE = { start: 1689969300.4, end: 1689969900.2 };
const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

const TRACE_A = '5b8efff798038103d269b633813fc700';
const TRACE_B = '2f3e0cee77ae5dc9c17ade3689eb2e54';

/** A documented search answer listing `ids`. */
function searchAnswer(ids: string[]) {
  return {
    traces: ids.map((traceID) => ({
      traceID,
      rootServiceName: 'frontend',
      rootTraceName: '/cart',
      startTimeUnixNano: '1689969302000000000',
      durationMs: 611,
    })),
    metrics: { inspectedTraces: 3100, inspectedBytes: '3811736', totalBlocks: 3 },
  };
}

function resource(service: string, spans: unknown[]) {
  return {
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeSpans: [{ scope: { name: 'my.library', version: '1.0.0' }, spans }],
  };
}

/** frontend (server) -> frontend (client) -> cart (server, failing), as Tempo returns it. */
function traceBatches(traceHex: string) {
  const traceId = b64(traceHex);
  return [
    resource('frontend', [
      {
        traceId,
        spanId: b64('eee19b7ec3c1b100'),
        name: 'GET /cart',
        kind: 'SPAN_KIND_SERVER',
        startTimeUnixNano: '1689969302000000000',
        endTimeUnixNano: '1689969302611000000',
        status: {},
      },
      {
        traceId,
        spanId: b64('eee19b7ec3c1b101'),
        parentSpanId: b64('eee19b7ec3c1b100'),
        name: 'HTTP GET cart',
        kind: 'SPAN_KIND_CLIENT',
        startTimeUnixNano: '1689969302010000000',
        endTimeUnixNano: '1689969302600000000',
        status: { code: 'STATUS_CODE_ERROR' },
      },
    ]),
    resource('cart', [
      {
        traceId,
        spanId: b64('eee19b7ec3c1b102'),
        parentSpanId: b64('eee19b7ec3c1b101'),
        name: 'GetCart',
        kind: 'SPAN_KIND_SERVER',
        startTimeUnixNano: '1689969302020000000',
        endTimeUnixNano: '1689969302590000000',
        status: { code: 'STATUS_CODE_ERROR', message: 'redis timeout' },
      },
    ]),
  ];
}

function route(request: RecordedRequest) {
  if (request.path === '/tempo/api/search') return { body: searchAnswer([TRACE_A]) };
  if (request.path === `/tempo/api/traces/${TRACE_A}`) return { body: { batches: traceBatches(TRACE_A) } };
  return { status: 404, body: 'trace not found' };
}

describe('TempoTraceSource', () => {
  it('searches with TraceQL per service, fetches each trace and parses its spans', async () => {
    server = await startRecordingServer(route);
    const source = new TempoTraceSource({
      url: `${server.url}/tempo`,
      tenant: 'team-a',
      bearer_token: 's3cret',
    });
    const outcome = await source.spans({ range: RANGE, services: ['cart'] }, ctx());

    const [search, fetch] = server.requests;
    expect(search.method).toBe('GET');
    expect(search.path).toBe('/tempo/api/search');
    expect(search.query.get('q')).toBe('{ resource.service.name = "cart" }');
    expect(search.query.get('start')).toBe('1689969300');
    expect(search.query.get('end')).toBe('1689969901');
    expect(search.query.get('limit')).toBe('50');
    expect(search.headers['x-scope-orgid']).toBe('team-a');
    expect(search.headers.authorization).toBe('Bearer s3cret');
    expect(fetch.path).toBe(`/tempo/api/traces/${TRACE_A}`);
    expect(fetch.headers['x-scope-orgid']).toBe('team-a');

    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.source.connector).toBe('tempo');
    expect(outcome.data).toEqual([
      {
        trace_id: TRACE_A,
        span_id: 'eee19b7ec3c1b100',
        parent_span_id: null,
        service: 'frontend',
        operation: 'GET /cart',
        start: 1689969302,
        duration_ms: 611,
        status: 'ok',
      },
      {
        trace_id: TRACE_A,
        span_id: 'eee19b7ec3c1b101',
        parent_span_id: 'eee19b7ec3c1b100',
        service: 'frontend',
        operation: 'HTTP GET cart',
        start: 1689969302.01,
        duration_ms: 590,
        status: 'error',
      },
      {
        trace_id: TRACE_A,
        span_id: 'eee19b7ec3c1b102',
        parent_span_id: 'eee19b7ec3c1b101',
        service: 'cart',
        operation: 'GetCart',
        start: 1689969302.02,
        duration_ms: 570,
        status: 'error',
      },
    ]);
  });

  it('uses tags search and the v2 trace endpoint when configured, with basic auth', async () => {
    server = await startRecordingServer((request) => {
      if (request.path === '/api/search') return { body: searchAnswer([TRACE_A]) };
      return { body: { trace: { resourceSpans: traceBatches(TRACE_A) } } };
    });
    const source = new TempoTraceSource({
      url: server.url,
      search: 'tags',
      trace_api: 'v2',
      services: ['shopping cart'],
      username: 'u',
      password: 'p',
    });
    const outcome = await source.spans({ range: RANGE }, ctx());
    const [search, fetch] = server.requests;
    expect(search.query.get('tags')).toBe('service.name="shopping cart"');
    expect(search.query.has('q')).toBe(false);
    expect(search.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(search.headers['x-scope-orgid']).toBeUndefined();
    expect(fetch.path).toBe(`/api/v2/traces/${TRACE_A}`);
    expect(outcome.kind === 'ok' && outcome.data.map((s) => s.service)).toEqual([
      'frontend',
      'frontend',
      'cart',
    ]);
  });

  it('searches every service with {} when none is named, and caps the traces fetched', async () => {
    server = await startRecordingServer((request) => {
      if (request.path === '/api/search')
        return { body: searchAnswer([TRACE_A, TRACE_B, 'abcdef0123456789']) };
      const id = request.path.split('/').pop() ?? '';
      return { body: { batches: traceBatches(id.padStart(32, '0')) } };
    });
    const source = new TempoTraceSource({ url: server.url, max_traces: 2 });
    const outcome = await source.spans({ range: RANGE }, ctx());
    expect(server.requests[0].query.get('q')).toBe('{}');
    expect(server.requests[0].query.get('limit')).toBe('2');
    expect(
      server.requests
        .slice(1)
        .map((r) => r.path)
        .sort(),
    ).toEqual([`/api/traces/${TRACE_B}`, `/api/traces/${TRACE_A}`]);
    expect(outcome.kind === 'ok' && new Set(outcome.data.map((s) => s.trace_id)).size).toBe(2);
  });

  it('keeps whole traces under the query limit', async () => {
    server = await startRecordingServer((request) => {
      if (request.path === '/api/search') return { body: searchAnswer([TRACE_A, TRACE_B]) };
      const id = request.path.split('/').pop() ?? '';
      return { body: { batches: traceBatches(id) } };
    });
    const source = new TempoTraceSource({ url: server.url });
    const outcome = await source.spans({ range: RANGE, limit: 4 }, ctx());
    expect(outcome.kind === 'ok' && outcome.data.length).toBe(3);
  });

  it('skips a trace Tempo answers 404 for and returns the others', async () => {
    server = await startRecordingServer((request) => {
      if (request.path === '/api/search') return { body: searchAnswer([TRACE_B, TRACE_A]) };
      if (request.path === `/api/traces/${TRACE_A}`) return { body: { batches: traceBatches(TRACE_A) } };
      return { status: 404, body: 'trace not found' };
    });
    const outcome = await new TempoTraceSource({ url: server.url }).spans({ range: RANGE }, ctx());
    expect(outcome.kind === 'ok' && [...new Set(outcome.data.map((s) => s.trace_id))]).toEqual([TRACE_A]);
  });

  it('reports an empty search as no data', async () => {
    server = await startRecordingServer(() => ({ body: { traces: [], metrics: { totalBlocks: 13 } } }));
    const outcome = await new TempoTraceSource({ url: server.url }).spans({ range: RANGE }, ctx());
    expect(outcome.kind).toBe('no_data');
    expect(server.requests).toHaveLength(1);
  });

  it("returns Tempo's 400 message word for word, without retrying", async () => {
    const message =
      'invalid TraceQL query: parse error at line 1, col 3: syntax error: unexpected IDENTIFIER';
    server = await startRecordingServer(() => ({ status: 400, body: message }));
    const outcome = await new TempoTraceSource({ url: server.url }).spans(
      { range: RANGE, services: ['x'] },
      ctx(),
    );
    expect(outcome.kind).toBe('error');
    if (outcome.kind !== 'error') return;
    expect(outcome.message).toContain(message);
    expect(outcome.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('reports a 503 as a retryable error after the configured retries', async () => {
    server = await startRecordingServer(() => ({ status: 503, body: 'too many outstanding requests' }));
    const source = new TempoTraceSource({ url: server.url, retries: 1 });
    const outcome = await source.spans({ range: RANGE }, ctx());
    expect(outcome).toMatchObject({ kind: 'error', retryable: true });
    expect(outcome.kind === 'error' && outcome.message).toContain('too many outstanding requests');
    expect(server.requests).toHaveLength(2);
  });

  it('reports a trace fetch failing with 500 when no trace could be read', async () => {
    server = await startRecordingServer((request) =>
      request.path === '/api/search'
        ? { body: searchAnswer([TRACE_A]) }
        : { status: 500, body: 'error finding trace by id: context canceled' },
    );
    const outcome = await new TempoTraceSource({ url: server.url }).spans({ range: RANGE }, ctx());
    expect(outcome).toMatchObject({ kind: 'error', retryable: false });
    expect(outcome.kind === 'error' && outcome.message).toContain('error finding trace by id');
  });

  it("stops at the caller's deadline", async () => {
    server = await startRecordingServer(() => ({ body: searchAnswer([]), delayMs: 2000 }));
    const started = Date.now();
    const outcome = await new TempoTraceSource({ url: server.url }).spans(
      { range: RANGE },
      { signal: AbortSignal.timeout(100) },
    );
    expect(outcome.kind).toBe('error');
    expect(outcome.kind === 'error' && outcome.message).toMatch(/deadline/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('turns a malformed search or trace payload into an error, never a throw', async () => {
    server = await startRecordingServer(() => ({ body: { traces: 'none' } }));
    const bad = await new TempoTraceSource({ url: server.url }).spans({ range: RANGE }, ctx());
    expect(bad.kind === 'error' && bad.message).toMatch(/traces is not an array/);

    await server.close();
    server = await startRecordingServer((request) =>
      request.path === '/api/search' ? { body: searchAnswer([TRACE_A]) } : { body: '<html>login</html>' },
    );
    const html = await new TempoTraceSource({ url: server.url }).spans({ range: RANGE }, ctx());
    expect(html.kind === 'error' && html.message).toMatch(/invalid JSON/);
  });

  it('rejects options without a valid url or with conflicting credentials', () => {
    expect(() => new TempoTraceSource({ url: 'not a url' })).toThrow(/http\(s\) URL/);
    expect(
      () => new TempoTraceSource({ url: 'http://tempo:3200', bearer_token: 't', username: 'u' }),
    ).toThrow(/either bearer_token or username/);
    expect(() => new TempoTraceSource({ url: 'http://tempo:3200', username: 'u' })).toThrow(
      /required with username/,
    );
  });
});
