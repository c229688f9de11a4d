// Follows the Grafana Loki HTTP API: "Query logs within a range of time",
// GET /loki/api/v1/query_range (grafana.com/docs/loki/latest/reference/loki-http-api/).
// Response bodies below have the documented shape: {status, data: {resultType: "streams",
// result: [{stream: {labels}, values: [["<ns>", "<line>"]]}], stats}}; errors are plain text.
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import { LokiLogSource } from './loki-log-source.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ctx = () => ({ signal: AbortSignal.timeout(5000) });
const T0 = 1_700_000_000; // seconds
const ns = (seconds: number, extra = 0) =>
  (BigInt(Math.round(seconds * 1e6)) * 1000n + BigInt(extra)).toString();

function streams(result: Array<{ stream: Record<string, string>; values: unknown[] }>) {
  return {
    status: 'success',
    data: { resultType: 'streams', result, stats: { summary: { totalEntriesReturned: result.length } } },
  };
}

describe('LokiLogSource', () => {
  it('sends the documented query_range request and parses streams', async () => {
    server = await startRecordingServer(() => ({
      body: streams([
        {
          stream: { service_name: 'checkout', level: 'error', trace_id: 'abcdef0123456789abcdef0123456789' },
          values: [[ns(T0 + 2), 'payment failed: timeout']],
        },
        {
          stream: { service_name: 'cart' },
          values: [
            [
              ns(T0 + 1),
              'ts=2023-11-14T22:13:21Z level=WARN msg="slow" trace_id=00112233445566778899aabbccddeeff',
            ],
            [ns(T0 + 3), '{"level":"CRITICAL","msg":"down","span_id":"0011223344556677"}'],
          ],
        },
      ]),
    }));
    const loki = new LokiLogSource({
      url: `${server.url}/`,
      username: 'u1',
      password: 'p1',
      tenant: 'team-a',
      retries: 0,
    });
    const outcome = await loki.search(
      { range: { start: T0, end: T0 + 60 }, services: ['checkout', 'cart'], text: 'fail' },
      ctx(),
    );

    const sent = server.requests[0];
    expect(sent.method).toBe('GET');
    expect(sent.path).toBe('/loki/api/v1/query_range');
    expect(sent.query.get('query')).toBe('{service_name=~"checkout|cart"} |~ "(?i)fail"');
    expect(sent.query.get('start')).toBe('1700000000000000000');
    expect(sent.query.get('end')).toBe('1700000060000000000');
    expect(sent.query.get('direction')).toBe('forward');
    expect(sent.query.get('limit')).toBe('5000');
    expect(sent.headers['x-scope-orgid']).toBe('team-a');
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from('u1:p1').toString('base64')}`);

    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.data).toEqual([
      {
        timestamp: T0 + 1,
        service: 'cart',
        level: 'warn',
        message: 'ts=2023-11-14T22:13:21Z level=WARN msg="slow" trace_id=00112233445566778899aabbccddeeff',
        trace_id: '00112233445566778899aabbccddeeff',
      },
      {
        timestamp: T0 + 2,
        service: 'checkout',
        level: 'error',
        message: 'payment failed: timeout',
        trace_id: 'abcdef0123456789abcdef0123456789',
      },
      {
        timestamp: T0 + 3,
        service: 'cart',
        level: 'fatal',
        message: '{"level":"CRITICAL","msg":"down","span_id":"0011223344556677"}',
        span_id: '0011223344556677',
      },
    ]);
    expect(outcome.source.connector).toBe('loki');
    expect(outcome.source.query).toContain('{service_name=~"checkout|cart"}');
  });

  it('sends a bearer token and reads Loki 3 categorised labels', async () => {
    server = await startRecordingServer(() => ({
      body: streams([
        {
          stream: { service_name: 'api' },
          values: [[ns(T0), 'hello', { structuredMetadata: { detected_level: 'warning', trace_id: 'ff' } }]],
        },
      ]),
    }));
    const loki = new LokiLogSource({ url: server.url, bearer_token: 'tok', retries: 0 });
    const outcome = await loki.search({ range: { start: T0, end: T0 + 1 } }, ctx());
    expect(server.requests[0].headers.authorization).toBe('Bearer tok');
    expect(server.requests[0].headers['x-scope-orgid']).toBeUndefined();
    expect(outcome.kind === 'ok' && outcome.data[0]).toMatchObject({ level: 'warn', trace_id: 'ff' });
  });

  it('pages forward from the last timestamp and skips entries already read at the boundary', async () => {
    // Four entries; two share the boundary nanosecond of the first page.
    const all = [
      [ns(T0, 1), 'a'],
      [ns(T0, 2), 'b'],
      [ns(T0, 2), 'c'],
      [ns(T0, 5), 'd'],
    ] as const;
    server = await startRecordingServer((request) => {
      const start = BigInt(request.query.get('start') ?? '0');
      const limit = Number(request.query.get('limit'));
      const values = all.filter(([t]) => BigInt(t) >= start).slice(0, limit);
      return { body: streams([{ stream: { service_name: 'svc' }, values: values.map((v) => [...v]) }]) };
    });
    const loki = new LokiLogSource({ url: server.url, page_size: 2, retries: 0 });
    const outcome = await loki.search({ range: { start: T0, end: T0 + 10 } }, ctx());
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.data.map((r) => r.message)).toEqual(['a', 'b', 'c', 'd']);
    expect(server.requests.map((r) => r.query.get('start'))).toEqual([ns(T0), ns(T0, 2), ns(T0, 5)]);
    // Later pages ask for one more than the page size: the entry already read at the boundary.
    expect(server.requests.map((r) => r.query.get('limit'))).toEqual(['2', '3', '3']);
  });

  it('moves past a full page that shares one nanosecond, and notes it', async () => {
    const all = ['x1', 'x2', 'x3', 'x4', 'x5'].map((line) => [ns(T0, 7), line]);
    server = await startRecordingServer((request) => {
      const start = BigInt(request.query.get('start') ?? '0');
      const limit = Number(request.query.get('limit'));
      const values = all.filter(([t]) => BigInt(t) >= start).slice(0, limit);
      return { body: streams([{ stream: { service_name: 'svc' }, values }]) };
    });
    const loki = new LokiLogSource({ url: server.url, page_size: 2, retries: 0 });
    const outcome = await loki.search({ range: { start: T0, end: T0 + 1 } }, ctx());
    expect(server.requests.map((r) => r.query.get('start'))).toEqual([ns(T0), ns(T0, 7), ns(T0, 8)]);
    expect(outcome.kind === 'ok' && outcome.data.map((r) => r.message)).toEqual(['x1', 'x2', 'x3', 'x4']);
    expect(outcome.source.query).toContain(
      '[more than 4 entries at 1700000000000000007ns; some were skipped]',
    );
  });

  it('stops at the query limit and says so in the source', async () => {
    server = await startRecordingServer(() => ({
      body: streams([
        {
          stream: { service_name: 'svc' },
          values: [
            [ns(T0 + 1), 'one'],
            [ns(T0 + 2), 'two'],
          ],
        },
      ]),
    }));
    const loki = new LokiLogSource({ url: server.url, retries: 0 });
    const outcome = await loki.search({ range: { start: T0, end: T0 + 10 }, limit: 2 }, ctx());
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].query.get('limit')).toBe('2');
    expect(outcome.kind === 'ok' && outcome.data.length).toBe(2);
    expect(outcome.source.query).toContain('[truncated: limit of 2 records reached]');
  });

  it('stops at the byte budget', async () => {
    const line = 'x'.repeat(1000);
    server = await startRecordingServer(() => ({
      body: streams([{ stream: { service_name: 's' }, values: [1, 2, 3].map((i) => [ns(T0 + i), line]) }]),
    }));
    const loki = new LokiLogSource({ url: server.url, max_bytes: 2100, retries: 0 });
    const outcome = await loki.search({ range: { start: T0, end: T0 + 10 } }, ctx());
    expect(outcome.kind === 'ok' && outcome.data.length).toBe(2);
    expect(outcome.source.query).toContain('[truncated: byte budget of 2100 reached]');
  });

  it('keeps levels parsed from lines client-side when the query cannot filter them', async () => {
    server = await startRecordingServer(() => ({
      body: streams([
        {
          stream: { service_name: 's' },
          values: [
            [ns(T0 + 1), 'level=info ok'],
            [ns(T0 + 2), 'level=error bad'],
          ],
        },
      ]),
    }));
    const loki = new LokiLogSource({ url: server.url, filter_levels_in_query: false, retries: 0 });
    const outcome = await loki.search({ range: { start: T0, end: T0 + 10 }, levels: ['error'] }, ctx());
    expect(outcome.kind === 'ok' && outcome.data.map((r) => r.message)).toEqual(['level=error bad']);
  });

  it('returns no_data for an empty result', async () => {
    server = await startRecordingServer(() => ({ body: streams([]) }));
    const loki = new LokiLogSource({ url: server.url, retries: 0 });
    expect((await loki.search({ range: { start: T0, end: T0 + 10 } }, ctx())).kind).toBe('no_data');
  });

  it("reports Loki's 400 parse error word for word, and a 500 as retryable", async () => {
    server = await startRecordingServer(() => ({
      status: 400,
      body: 'parse error at line 1, col 15: syntax error: unexpected IDENTIFIER',
    }));
    const loki = new LokiLogSource({ url: server.url, retries: 0 });
    const bad = await loki.search({ range: { start: T0, end: T0 + 10 } }, ctx());
    expect(bad.kind).toBe('error');
    if (bad.kind !== 'error') return;
    expect(bad.message).toContain('parse error at line 1, col 15: syntax error: unexpected IDENTIFIER');
    expect(bad.retryable).toBe(false);

    await server.close();
    server = await startRecordingServer(() => ({ status: 503, body: 'too many outstanding requests' }));
    const busy = await new LokiLogSource({ url: server.url, retries: 0 }).search(
      { range: { start: T0, end: T0 + 10 } },
      ctx(),
    );
    expect(busy.kind === 'error' && busy.retryable).toBe(true);
  });

  it('returns the pages read before a later page failed, with the error in the source', async () => {
    let calls = 0;
    server = await startRecordingServer(() =>
      ++calls === 1
        ? { body: streams([{ stream: { service_name: 's' }, values: [[ns(T0 + 1), 'a']] }]) }
        : { status: 500, body: 'internal error' },
    );
    const loki = new LokiLogSource({ url: server.url, page_size: 1, retries: 0 });
    const outcome = await loki.search({ range: { start: T0, end: T0 + 10 } }, ctx());
    expect(outcome.kind === 'ok' && outcome.data.map((r) => r.message)).toEqual(['a']);
    expect(outcome.source.query).toMatch(/\[partial after error: HTTP 500 .*internal error\]/);
  });

  it("gives up at the caller's deadline without throwing", async () => {
    server = await startRecordingServer(() => ({ body: streams([]), delayMs: 2000 }));
    const loki = new LokiLogSource({ url: server.url, retries: 0 });
    const started = Date.now();
    const outcome = await loki.search(
      { range: { start: T0, end: T0 + 10 } },
      { signal: AbortSignal.timeout(100) },
    );
    expect(outcome.kind).toBe('error');
    expect(outcome.kind === 'error' && outcome.message).toMatch(/deadline/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('turns a metric (matrix) answer or a malformed body into an error', async () => {
    server = await startRecordingServer(() => ({
      body: { status: 'success', data: { resultType: 'matrix', result: [] } },
    }));
    const matrix = await new LokiLogSource({ url: server.url, retries: 0 }).search(
      { range: { start: T0, end: T0 + 10 } },
      ctx(),
    );
    expect(matrix.kind === 'error' && matrix.message).toMatch(/resultType matrix/);

    await server.close();
    server = await startRecordingServer(() => ({ body: '<html>proxy error</html>' }));
    const html = await new LokiLogSource({ url: server.url, retries: 0 }).search(
      { range: { start: T0, end: T0 + 10 } },
      ctx(),
    );
    expect(html.kind === 'error' && html.message).toMatch(/invalid JSON/);

    await server.close();
    server = await startRecordingServer(() => ({
      body: streams([{ stream: { service_name: 's' }, values: [[12, 'not a string timestamp']] }]),
    }));
    const values = await new LokiLogSource({ url: server.url, retries: 0 }).search(
      { range: { start: T0, end: T0 + 10 } },
      ctx(),
    );
    expect(values.kind === 'error' && values.message).toMatch(/unexpected Loki stream value/);
  });
});
