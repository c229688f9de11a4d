// Follows the Elasticsearch Search API (POST /<target>/_search, elastic.co/docs/api/doc/
// elasticsearch/operation/operation-search), "Paginate search results" (search_after with a
// sort tiebreaker) and the query DSL pages for bool/range/terms/match_phrase. Responses copy
// the documented shape: {took, timed_out, _shards, hits: {total, max_score, hits: [{_index,
// _id, _score, _source, sort}]}}; errors: {error: {root_cause, type, reason}, status}.
// The v8 client requires the `x-elastic-product: Elasticsearch` response header.
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import { ElasticsearchLogSource } from './elasticsearch-log-source.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ES = { 'x-elastic-product': 'Elasticsearch' };
const ctx = () => ({ signal: AbortSignal.timeout(5000) });
const T0 = 1_700_000_000;

function searchResponse(hits: unknown[]) {
  return {
    took: 3,
    timed_out: false,
    _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
    hits: { total: { value: hits.length, relation: 'eq' }, max_score: null, hits },
  };
}

function hit(id: string, ms: number, source: Record<string, unknown>) {
  return {
    _index: '.ds-logs-app-2023.11.14-000001',
    _id: id,
    _score: null,
    _source: source,
    sort: [ms, Number(id)],
  };
}

describe('ElasticsearchLogSource (official client)', () => {
  it('sends the documented _search request and maps ECS fields', async () => {
    server = await startRecordingServer(() => ({
      headers: ES,
      body: searchResponse([
        hit('1', T0 * 1000 + 250, {
          '@timestamp': '2023-11-14T22:13:20.250Z',
          service: { name: 'checkout' },
          log: { level: 'WARNING' },
          message: 'payment slow',
          trace: { id: '4bf92f3577b34da6a3ce929d0e0e4736' },
          span: { id: '00f067aa0ba902b7' },
        }),
        hit('2', T0 * 1000 + 500, {
          '@timestamp': T0 * 1000 + 500,
          'service.name': 'cart',
          'log.level': 'ERR',
          message: 'payment failed',
        }),
      ]),
    }));
    const es = new ElasticsearchLogSource({ url: server.url, api_key: 'a2V5OnNlY3JldA==', retries: 0 });
    const outcome = await es.search(
      {
        range: { start: T0, end: T0 + 60 },
        services: ['checkout', 'cart'],
        levels: ['warn', 'error'],
        text: 'payment',
      },
      ctx(),
    );

    const sent = server.requests[0];
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/logs-*/_search');
    expect(sent.headers.authorization).toBe('ApiKey a2V5OnNlY3JldA==');
    const body = JSON.parse(sent.body);
    expect(body.size).toBe(1000);
    expect(body.track_total_hits).toBe(false);
    expect(body.sort).toEqual([{ '@timestamp': { order: 'asc' } }, { _doc: { order: 'asc' } }]);
    expect(body.search_after).toBeUndefined();
    const filter = body.query.bool.filter;
    expect(filter[0]).toEqual({
      range: { '@timestamp': { gte: T0 * 1000, lt: (T0 + 60) * 1000, format: 'epoch_millis' } },
    });
    expect(filter[1]).toEqual({ terms: { 'service.name': ['checkout', 'cart'] } });
    expect(filter[2].terms['log.level']).toEqual(
      expect.arrayContaining(['warn', 'WARNING', 'Warning', 'ERR', 'error']),
    );
    expect(filter[3]).toEqual({ match_phrase: { message: 'payment' } });
    expect(body._source).toEqual([
      '@timestamp',
      'service.name',
      'log.level',
      'message',
      'trace.id',
      'span.id',
    ]);

    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.data).toEqual([
      {
        timestamp: T0 + 0.25,
        service: 'checkout',
        level: 'warn',
        message: 'payment slow',
        trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
        span_id: '00f067aa0ba902b7',
      },
      { timestamp: T0 + 0.5, service: 'cart', level: 'error', message: 'payment failed' },
    ]);
  });

  it('pages with search_after using the last hit sort values', async () => {
    server = await startRecordingServer((request) => {
      const body = JSON.parse(request.body);
      const page = body.search_after
        ? [hit('3', T0 * 1000 + 3000, { '@timestamp': T0 * 1000 + 3000, message: 'c' })]
        : [
            hit('1', T0 * 1000 + 1000, { '@timestamp': T0 * 1000 + 1000, message: 'a' }),
            hit('2', T0 * 1000 + 2000, { '@timestamp': T0 * 1000 + 2000, message: 'b' }),
          ];
      return { headers: ES, body: searchResponse(page) };
    });
    const es = new ElasticsearchLogSource({
      url: server.url,
      index: 'app-logs',
      page_size: 2,
      tiebreaker_field: 'event.id',
      fields: { service: 'kubernetes.labels.app' },
      retries: 0,
    });
    const outcome = await es.search({ range: { start: T0, end: T0 + 60 } }, ctx());
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0].path).toBe('/app-logs/_search');
    const second = JSON.parse(server.requests[1].body);
    expect(second.search_after).toEqual([T0 * 1000 + 2000, 2]);
    expect(second.sort[1]).toEqual({ 'event.id': { order: 'asc' } });
    expect(outcome.kind === 'ok' && outcome.data.map((r) => [r.message, r.service, r.level])).toEqual([
      ['a', 'unknown', 'info'],
      ['b', 'unknown', 'info'],
      ['c', 'unknown', 'info'],
    ]);
  });

  it('stops at the limit, asking for no more hits than it needs', async () => {
    server = await startRecordingServer(() => ({
      headers: ES,
      body: searchResponse([
        hit('1', T0 * 1000, { '@timestamp': T0 * 1000, message: 'a' }),
        hit('2', T0 * 1000 + 1, { '@timestamp': T0 * 1000 + 1, message: 'b' }),
      ]),
    }));
    const es = new ElasticsearchLogSource({ url: server.url, retries: 0 });
    const outcome = await es.search({ range: { start: T0, end: T0 + 60 }, limit: 2 }, ctx());
    expect(JSON.parse(server.requests[0].body).size).toBe(2);
    expect(server.requests).toHaveLength(1);
    expect(outcome.source.query).toContain('[truncated: limit of 2 records reached]');
  });

  it('reports a 400 with the error type and reason', async () => {
    server = await startRecordingServer(() => ({
      status: 400,
      headers: ES,
      body: {
        error: {
          root_cause: [
            {
              type: 'query_shard_exception',
              reason: 'No mapping found for [@timestamp] in order to sort on',
            },
          ],
          type: 'search_phase_execution_exception',
          reason: 'all shards failed',
        },
        status: 400,
      },
    }));
    const es = new ElasticsearchLogSource({ url: server.url, retries: 0 });
    const outcome = await es.search({ range: { start: T0, end: T0 + 60 } }, ctx());
    expect(outcome).toMatchObject({
      kind: 'error',
      retryable: false,
      message:
        'HTTP 400 from POST /logs-*/_search: search_phase_execution_exception: all shards failed ' +
        '(root cause query_shard_exception: No mapping found for [@timestamp] in order to sort on)',
    });
  });

  it('reports a 503 as retryable and a 404 index_not_found as not', async () => {
    server = await startRecordingServer(() => ({
      status: 503,
      headers: ES,
      body: {
        error: {
          type: 'cluster_block_exception',
          reason: 'blocked by: [SERVICE_UNAVAILABLE/1/state not recovered]',
        },
        status: 503,
      },
    }));
    const busy = await new ElasticsearchLogSource({ url: server.url, retries: 0 }).search(
      { range: { start: T0, end: T0 + 60 } },
      ctx(),
    );
    expect(busy).toMatchObject({ kind: 'error', retryable: true });
    expect(busy.kind === 'error' && busy.message).toContain('cluster_block_exception');
  });

  it('explains that a server without the product header needs mode: http', async () => {
    server = await startRecordingServer(() => ({ body: searchResponse([]) }));
    const outcome = await new ElasticsearchLogSource({ url: server.url, retries: 0 }).search(
      { range: { start: T0, end: T0 + 60 } },
      ctx(),
    );
    expect(outcome.kind === 'error' && outcome.message).toMatch(/mode: http/);
  });

  it('returns no_data for no hits and an error for a body without hits', async () => {
    server = await startRecordingServer(() => ({ headers: ES, body: searchResponse([]) }));
    const empty = await new ElasticsearchLogSource({ url: server.url, retries: 0 }).search(
      { range: { start: T0, end: T0 + 60 } },
      ctx(),
    );
    expect(empty.kind).toBe('no_data');

    await server.close();
    server = await startRecordingServer(() => ({ headers: ES, body: { acknowledged: true } }));
    const odd = await new ElasticsearchLogSource({ url: server.url, retries: 0 }).search(
      { range: { start: T0, end: T0 + 60 } },
      ctx(),
    );
    expect(odd.kind === 'error' && odd.message).toMatch(/unexpected _search response/);
  });

  it("gives up at the caller's deadline", async () => {
    server = await startRecordingServer(() => ({ headers: ES, body: searchResponse([]), delayMs: 2000 }));
    const started = Date.now();
    const outcome = await new ElasticsearchLogSource({ url: server.url, retries: 0 }).search(
      { range: { start: T0, end: T0 + 60 } },
      { signal: AbortSignal.timeout(100) },
    );
    expect(outcome.kind === 'error' && outcome.message).toMatch(/deadline/);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

// OpenSearch: POST /<index>/_search with the same query DSL and search_after
// (opensearch.org/docs/latest/api-reference/search/); it sends no x-elastic-product header.
describe('ElasticsearchLogSource (plain HTTP, for OpenSearch)', () => {
  it('posts the same body with basic auth and parses the answer', async () => {
    server = await startRecordingServer(() => ({
      body: searchResponse([
        hit('1', T0 * 1000, {
          '@timestamp': '2023-11-14T22:13:20Z',
          service: { name: 'api' },
          log: { level: 'fatal' },
          message: 'oom',
        }),
      ]),
    }));
    const os = new ElasticsearchLogSource({
      url: server.url,
      mode: 'http',
      index: 'logs-*,audit',
      username: 'admin',
      password: 'pw',
      retries: 0,
    });
    const outcome = await os.search({ range: { start: T0, end: T0 + 1.5 } }, ctx());
    const sent = server.requests[0];
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/logs-*%2Caudit/_search');
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from('admin:pw').toString('base64')}`);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent.body).query.bool.filter[0].range['@timestamp']).toEqual({
      gte: T0 * 1000,
      lt: T0 * 1000 + 1500,
      format: 'epoch_millis',
    });
    expect(outcome.kind === 'ok' && outcome.data).toEqual([
      { timestamp: T0, service: 'api', level: 'fatal', message: 'oom' },
    ]);
  });

  it('reports an OpenSearch error body word for word', async () => {
    server = await startRecordingServer(() => ({
      status: 400,
      body: { error: { type: 'parsing_exception', reason: 'unknown query [match_phrse]' }, status: 400 },
    }));
    const os = new ElasticsearchLogSource({ url: server.url, mode: 'http', retries: 0 });
    const outcome = await os.search({ range: { start: T0, end: T0 + 1 } }, ctx());
    expect(outcome.kind === 'error' && outcome.message).toContain('unknown query [match_phrse]');
  });
});
