/**
 * Follows "NerdGraph tutorial: Query your data using NRQL"
 * (docs.newrelic.com/docs/apis/nerdgraph/examples/nerdgraph-nrql-tutorial): POST /graphql with
 * the user key in the API-Key header and `{ actor { account(id: N) { nrql(query: "...") {
 * results } } } }`; the answer is `{"data": {"actor": {"account": {"nrql": {"results": [...]}}}}}`.
 * TIMESERIES rows carry beginTimeSeconds / endTimeSeconds, FACET rows a `facet` value and the
 * faceted attribute, and GraphQL failures arrive as a top-level `errors[]` (GraphQL spec).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Handler, type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import { NewRelicMetricsSource } from './newrelic-metrics-source.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const range = { start: 1700000000, end: 1700003600 };
const ctx = () => ({ signal: AbortSignal.timeout(5_000) });

async function source(handler: Handler, extra: Record<string, unknown> = {}) {
  server = await startRecordingServer(handler);
  return new NewRelicMetricsSource({
    url: server.url,
    api_key: 'NRAK-TESTKEY',
    account_id: 1234567,
    retries: 0,
    metrics: {
      latency_p99: "SELECT percentile(duration, 99) FROM Transaction WHERE {service_attribute} = '{service}'",
      rps: "SELECT rate(count(*), 1 second) AS 'value' FROM Transaction WHERE {service_attribute} = '{service}'",
      queue_depth: "SELECT average(depth) FROM QueueSample WHERE queue LIKE '{service}-%'",
    },
    ...extra,
  });
}

function nerdgraph(results: unknown[]) {
  return { data: { actor: { account: { nrql: { results } } } } };
}

function sent(index = 0): { query: string; variables: { accountId: number; nrql: string } } {
  return JSON.parse(server?.requests[index].body ?? '{}');
}

describe('NewRelicMetricsSource', () => {
  it('lists the configured semantic metrics', async () => {
    const nr = await source(() => ({ body: {} }));
    expect(await nr.metricNames(ctx())).toMatchObject({
      kind: 'ok',
      data: ['latency_p99', 'rps', 'queue_depth'],
    });
  });

  it('asks for the named services in one FACET query and reads facet rows', async () => {
    const nr = await source(() => ({
      body: nerdgraph([
        {
          appName: 'checkout',
          beginTimeSeconds: 1700000060,
          endTimeSeconds: 1700000120,
          facet: 'checkout',
          'percentile.duration': { '99': 0.42 },
        },
        {
          appName: 'checkout',
          beginTimeSeconds: 1700000000,
          endTimeSeconds: 1700000060,
          facet: 'checkout',
          'percentile.duration': { '99': 0.31 },
        },
        {
          appName: "o'brien",
          beginTimeSeconds: 1700000000,
          endTimeSeconds: 1700000060,
          facet: "o'brien",
          'percentile.duration': { '99': null },
        },
        {
          appName: "o'brien",
          beginTimeSeconds: 1700000060,
          endTimeSeconds: 1700000120,
          facet: "o'brien",
          'percentile.duration': { '99': 1.5 },
        },
      ]),
    }));
    const outcome = await nr.range(
      { metric: 'latency_p99', services: ["o'brien", 'checkout'], range },
      ctx(),
    );
    expect(server?.requests).toHaveLength(1);
    const request = server?.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/graphql');
    expect(request?.headers['api-key']).toBe('NRAK-TESTKEY');
    expect(request?.headers['content-type']).toBe('application/json');
    const body = sent();
    expect(body.query).toContain(
      'actor { account(id: $accountId) { nrql(query: $nrql, timeout: 10) { results } } }',
    );
    expect(body.variables.accountId).toBe(1234567);
    expect(body.variables.nrql).toBe(
      "SELECT percentile(duration, 99) FROM Transaction WHERE appName IN ('o\\'brien', 'checkout') FACET appName LIMIT 2 SINCE 1700000000000 UNTIL 1700003600000 TIMESERIES 60 seconds",
    );
    expect(outcome).toMatchObject({
      kind: 'ok',
      source: { connector: 'newrelic', query: body.variables.nrql },
      data: [
        { service: "o'brien", metric: 'latency_p99', points: [[1700000060, 1.5]] },
        {
          service: 'checkout',
          metric: 'latency_p99',
          points: [
            [1700000000, 0.31],
            [1700000060, 0.42],
          ],
        },
      ],
    });
  });

  it('asks for every service with IS NOT NULL, a custom attribute and the step asked for', async () => {
    const nr = await source(
      () => ({
        body: nerdgraph([
          {
            beginTimeSeconds: 1700000000,
            endTimeSeconds: 1700000300,
            facet: 'web',
            'service.name': 'web',
            value: 12.5,
          },
          {
            beginTimeSeconds: 1700000000,
            endTimeSeconds: 1700000300,
            facet: 'api',
            'service.name': 'api',
            value: 3,
          },
        ]),
      }),
      { service_attribute: 'service.name' },
    );
    const outcome = await nr.range({ metric: 'rps', range, step_s: 300 }, ctx());
    expect(sent().variables.nrql).toBe(
      "SELECT rate(count(*), 1 second) AS 'value' FROM Transaction WHERE service.name IS NOT NULL FACET service.name LIMIT MAX SINCE 1700000000000 UNTIL 1700003600000 TIMESERIES 300 seconds",
    );
    expect(outcome).toMatchObject({
      kind: 'ok',
      data: [
        { service: 'api', points: [[1700000000, 3]] },
        { service: 'web', points: [[1700000000, 12.5]] },
      ],
    });
  });

  it('falls back to one query per service when the template cannot be faceted', async () => {
    const nr = await source((req) => {
      const nrql = JSON.parse(req.body).variables.nrql as string;
      const value = nrql.includes("'orders-%'") ? 7 : 9;
      return {
        body: nerdgraph([
          { beginTimeSeconds: 1700000000, endTimeSeconds: 1700000060, 'average.depth': value },
        ]),
      };
    });
    const outcome = await nr.range({ metric: 'queue_depth', services: ['orders', 'mail'], range }, ctx());
    const queries = server?.requests.map((r) => JSON.parse(r.body).variables.nrql).sort();
    expect(queries).toEqual([
      "SELECT average(depth) FROM QueueSample WHERE queue LIKE 'mail-%' SINCE 1700000000000 UNTIL 1700003600000 TIMESERIES 60 seconds",
      "SELECT average(depth) FROM QueueSample WHERE queue LIKE 'orders-%' SINCE 1700000000000 UNTIL 1700003600000 TIMESERIES 60 seconds",
    ]);
    expect(outcome).toMatchObject({
      kind: 'ok',
      data: [
        { service: 'orders', points: [[1700000000, 7]] },
        { service: 'mail', points: [[1700000000, 9]] },
      ],
    });
    expect(await nr.range({ metric: 'queue_depth', range }, ctx())).toMatchObject({
      kind: 'error',
      retryable: false,
    });
  });

  it('reports GraphQL errors word for word, retryable when the class says transient', async () => {
    const syntax = await source(() => ({
      body: {
        errors: [
          {
            locations: [{ column: 7, line: 1 }],
            message: "NRQL Syntax Error: Error at line 1 position 8, unexpected 'FRO'",
            path: ['actor', 'account', 'nrql'],
            extensions: { errorClass: 'INVALID_INPUT' },
          },
        ],
        data: { actor: { account: { nrql: null } } },
      },
    }));
    expect(await syntax.range({ metric: 'rps', services: ['web'], range }, ctx())).toMatchObject({
      kind: 'error',
      retryable: false,
      message: "NRQL Syntax Error: Error at line 1 position 8, unexpected 'FRO'",
    });
    await server?.close();
    const slow = await source(() => ({
      body: {
        errors: [
          { message: 'NRDB query duration exceeded the timeout', extensions: { errorClass: 'TIMEOUT' } },
        ],
        data: null,
      },
    }));
    expect(await slow.range({ metric: 'rps', services: ['web'], range }, ctx())).toMatchObject({
      kind: 'error',
      retryable: true,
    });
  });

  it('turns 401 into a permanent error and 5xx into a retryable one', async () => {
    const denied = await source(() => ({ status: 401, body: { errors: [{ message: 'Invalid API key' }] } }));
    const first = await denied.range({ metric: 'rps', range }, ctx());
    expect(first).toMatchObject({ kind: 'error', retryable: false });
    if (first.kind === 'error') expect(first.message).toContain('Invalid API key');
    await server?.close();
    const down = await source(() => ({ status: 502, body: 'Bad Gateway' }));
    expect(await down.range({ metric: 'rps', range }, ctx())).toMatchObject({
      kind: 'error',
      retryable: true,
    });
  });

  it("stops at the caller's deadline", async () => {
    const nr = await source(() => ({ delayMs: 2_000, body: nerdgraph([]) }));
    const started = Date.now();
    const outcome = await nr.range(
      { metric: 'queue_depth', services: ['a', 'b'], range },
      { signal: AbortSignal.timeout(50) },
    );
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(outcome).toMatchObject({ kind: 'error', retryable: false });
  });

  it('answers no_data for empty results and an error for malformed ones', async () => {
    const empty = await source(() => ({ body: nerdgraph([]) }));
    expect((await empty.range({ metric: 'rps', range }, ctx())).kind).toBe('no_data');
    await server?.close();
    const missing = await source(() => ({ body: { data: { actor: { account: null } } } }));
    expect(await missing.range({ metric: 'rps', range }, ctx())).toMatchObject({
      kind: 'error',
      message: 'NerdGraph: data.actor.account.nrql.results is missing',
    });
    await server?.close();
    const noBuckets = await source(() => ({ body: nerdgraph([{ facet: 'web', value: 1 }]) }));
    expect(await noBuckets.range({ metric: 'rps', range }, ctx())).toMatchObject({ kind: 'error' });
    await server?.close();
    const ambiguous = await source(() => ({
      body: nerdgraph([
        { beginTimeSeconds: 1, endTimeSeconds: 2, facet: 'web', 'average.duration': 1, count: 2 },
      ]),
    }));
    const outcome = await ambiguous.range({ metric: 'rps', range }, ctx());
    expect(outcome).toMatchObject({ kind: 'error' });
    if (outcome.kind === 'error') expect(outcome.message).toContain("alias it AS 'value'");
  });

  it('refuses a metric it has no template for', async () => {
    const nr = await source(() => ({ body: {} }));
    expect(await nr.range({ metric: 'gc_pause', range }, ctx())).toMatchObject({
      kind: 'error',
      retryable: false,
    });
    expect(server?.requests).toHaveLength(0);
  });
});
