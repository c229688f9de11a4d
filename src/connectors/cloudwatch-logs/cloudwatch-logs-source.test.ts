// Follows the Amazon CloudWatch Logs API Reference: StartQuery (logGroupNames, startTime and
// endTime in epoch seconds, queryString, limit → {queryId}), GetQueryResults (queryId →
// {results: [[{field, value}]], statistics, status}), StopQuery, and the "Logs Insights
// query syntax" (fields, filter ... in [...], like /regex/, sort, limit). The installed SDK
// speaks the AWS JSON 1.1 protocol: POST / with X-Amz-Target: Logs_20140328.<Operation>,
// Content-Type application/x-amz-json-1.1; errors are {"__type": ..., "message": ...}.
import { afterEach, describe, expect, it } from 'vitest';
import type { CannedResponse, RecordedRequest } from '../testing/recording-server.js';
import { type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import { CloudWatchLogsOptionsSchema } from './cloudwatch-logs-options.js';
import { CloudWatchLogsSource } from './cloudwatch-logs-source.js';
import { buildInsightsQuery } from './insights-query.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ctx = () => ({ signal: AbortSignal.timeout(5000) });
const T0 = 1_700_000_000; // 2023-11-14 22:13:20 UTC
const QUERY_ID = '12ab3456-12ab-123a-789e-1234567890ab';
const JSON11 = { 'content-type': 'application/x-amz-json-1.1' };

function target(request: RecordedRequest): string {
  return String(request.headers['x-amz-target']);
}

function row(time: string, message: string, extra: Record<string, string> = {}, ptr = message) {
  return [
    { field: '@timestamp', value: time },
    { field: '@message', value: message },
    ...Object.entries(extra).map(([field, value]) => ({ field, value })),
    { field: '@ptr', value: ptr },
  ];
}

function logs(pages: unknown[][][], extra?: (r: RecordedRequest) => CannedResponse | undefined) {
  let polls = 0;
  let page = 0;
  return (request: RecordedRequest): CannedResponse => {
    const special = extra?.(request);
    if (special) return special;
    switch (target(request)) {
      case 'Logs_20140328.StartQuery':
        polls = 0;
        return { headers: JSON11, body: JSON.stringify({ queryId: QUERY_ID }) };
      case 'Logs_20140328.GetQueryResults':
        polls += 1;
        if (polls < 2) return { headers: JSON11, body: JSON.stringify({ results: [], status: 'Running' }) };
        return {
          headers: JSON11,
          body: JSON.stringify({
            results: pages[page++] ?? [],
            statistics: { recordsMatched: 2, recordsScanned: 10, bytesScanned: 1000 },
            status: 'Complete',
          }),
        };
      case 'Logs_20140328.StopQuery':
        return { headers: JSON11, body: JSON.stringify({ success: true }) };
      default:
        return {
          status: 400,
          headers: JSON11,
          body: JSON.stringify({ __type: 'UnknownOperationException' }),
        };
    }
  };
}

function source(url: string, options: Record<string, unknown> = {}) {
  return new CloudWatchLogsSource({
    region: 'us-east-1',
    endpoint: url,
    access_key_id: 'AKIDEXAMPLE',
    secret_access_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    max_attempts: 1,
    poll_interval_ms: 5,
    log_group_names: ['/aws/lambda/checkout', '/aws/lambda/cart'],
    ...options,
  });
}

describe('buildInsightsQuery', () => {
  it('filters service and level with in [...] and text with a case-insensitive regex', () => {
    const options = CloudWatchLogsOptionsSchema.parse({
      region: 'eu-west-1',
      log_group_names: ['g'],
      fields: { level: 'log-level' },
    });
    const q = buildInsightsQuery(
      { range: { start: 0, end: 1 }, services: ['a"b'], levels: ['fatal'], text: 'x/y.z' },
      options,
      100,
    );
    expect(q.split('\n')).toEqual([
      'fields @timestamp, @log, service, `log-level`, @message, trace_id, span_id',
      '| filter service in ["a\\"b"]',
      expect.stringMatching(/^\| filter `log-level` in \[.*"CRITICAL".*\]$/),
      '| filter @message like /(?i)x\\/y\\.z/',
      '| sort @timestamp asc',
      '| limit 100',
    ]);
  });
});

describe('CloudWatchLogsSource', () => {
  it('starts a query, polls until Complete and parses the result fields', async () => {
    server = await startRecordingServer(
      logs([
        [
          row('2023-11-14 22:13:21.000', 'payment failed', {
            service: 'checkout',
            level: 'ERROR',
            trace_id: 't-1',
          }),
          row('2023-11-14 22:13:22.500', '{"level":"warn","msg":"slow"}', { service: 'cart' }),
        ],
      ]),
    );
    const outcome = await source(server.url).search(
      { range: { start: T0, end: T0 + 60.5 }, services: ['checkout', 'cart'], text: 'pay' },
      ctx(),
    );

    const [start, poll1, poll2] = server.requests;
    expect(start.method).toBe('POST');
    expect(start.path).toBe('/');
    expect(target(start)).toBe('Logs_20140328.StartQuery');
    expect(start.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(String(start.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/logs\/aws4_request/,
    );
    const body = JSON.parse(start.body);
    expect(body).toMatchObject({
      logGroupNames: ['/aws/lambda/checkout', '/aws/lambda/cart'],
      startTime: T0,
      endTime: T0 + 61,
      limit: 10_000,
    });
    expect(body.queryString).toBe(
      'fields @timestamp, @log, service, level, @message, trace_id, span_id\n' +
        '| filter service in ["checkout", "cart"]\n| filter @message like /(?i)pay/\n| sort @timestamp asc\n| limit 10000',
    );
    expect(target(poll1)).toBe('Logs_20140328.GetQueryResults');
    expect(JSON.parse(poll1.body)).toEqual({ queryId: QUERY_ID });
    expect(target(poll2)).toBe('Logs_20140328.GetQueryResults');

    expect(outcome.kind === 'ok' && outcome.data).toEqual([
      { timestamp: T0 + 1, service: 'checkout', level: 'error', message: 'payment failed', trace_id: 't-1' },
      { timestamp: T0 + 2.5, service: 'cart', level: 'warn', message: '{"level":"warn","msg":"slow"}' },
    ]);
  });

  it('takes the service from the log group and queries only the groups asked for', async () => {
    server = await startRecordingServer(
      logs([[row('2023-11-14 22:13:21.000', 'hi', { '@log': '123456789012:/aws/lambda/cart' })]]),
    );
    const outcome = await source(server.url, { service_from: 'log_group' }).search(
      { range: { start: T0, end: T0 + 60 }, services: ['cart'] },
      ctx(),
    );
    const body = JSON.parse(server.requests[0].body);
    expect(body.logGroupNames).toEqual(['/aws/lambda/cart']);
    expect(body.queryString).not.toContain('filter service');
    expect(outcome.kind === 'ok' && outcome.data[0].service).toBe('cart');
  });

  it('runs a further query from the last second when an answer is full, skipping rows by @ptr', async () => {
    server = await startRecordingServer(
      logs([
        [row('2023-11-14 22:13:21.000', 'a'), row('2023-11-14 22:13:22.000', 'b')],
        [row('2023-11-14 22:13:22.000', 'b'), row('2023-11-14 22:13:23.000', 'c')],
        [row('2023-11-14 22:13:23.000', 'c')],
      ]),
    );
    const outcome = await source(server.url, { page_size: 2 }).search(
      { range: { start: T0, end: T0 + 60 } },
      ctx(),
    );
    const starts = server.requests
      .filter((r) => target(r) === 'Logs_20140328.StartQuery')
      .map((r) => JSON.parse(r.body));
    expect(starts.map((s) => s.startTime)).toEqual([T0, T0 + 2, T0 + 3]);
    expect(outcome.kind === 'ok' && outcome.data.map((r) => r.message)).toEqual(['a', 'b', 'c']);
  });

  it('reports a malformed query word for word, and throttling as retryable', async () => {
    server = await startRecordingServer(() => ({
      status: 400,
      headers: JSON11,
      body: JSON.stringify({
        __type: 'MalformedQueryException',
        message: 'unexpected symbol found | at line 1 and position 10',
      }),
    }));
    const bad = await source(server.url).search({ range: { start: T0, end: T0 + 60 } }, ctx());
    expect(bad).toMatchObject({
      kind: 'error',
      retryable: false,
      message: 'MalformedQueryException: unexpected symbol found | at line 1 and position 10',
    });

    await server.close();
    server = await startRecordingServer(() => ({
      status: 400,
      headers: JSON11,
      body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
    }));
    const throttled = await source(server.url).search({ range: { start: T0, end: T0 + 60 } }, ctx());
    expect(throttled).toMatchObject({
      kind: 'error',
      retryable: true,
      message: 'ThrottlingException: Rate exceeded',
    });
  });

  it('reports a Failed query status', async () => {
    server = await startRecordingServer(
      logs([], (request) =>
        target(request) === 'Logs_20140328.GetQueryResults'
          ? { headers: JSON11, body: JSON.stringify({ results: [], status: 'Failed' }) }
          : undefined,
      ),
    );
    const outcome = await source(server.url).search({ range: { start: T0, end: T0 + 60 } }, ctx());
    expect(outcome.kind === 'error' && outcome.message).toBe(
      `Logs Insights query ${QUERY_ID} ended with status Failed`,
    );
  });

  it('stops the query when the caller deadline passes while it runs', async () => {
    server = await startRecordingServer(
      logs([], (request) =>
        target(request) === 'Logs_20140328.GetQueryResults'
          ? { headers: JSON11, body: JSON.stringify({ results: [], status: 'Running' }) }
          : undefined,
      ),
    );
    const outcome = await source(server.url, { poll_interval_ms: 20 }).search(
      { range: { start: T0, end: T0 + 60 } },
      { signal: AbortSignal.timeout(150) },
    );
    expect(outcome.kind === 'error' && outcome.message).toMatch(/deadline/);
    const last = server.requests.at(-1);
    expect(last && target(last)).toBe('Logs_20140328.StopQuery');
    expect(JSON.parse(last?.body ?? '{}')).toEqual({ queryId: QUERY_ID });
  });

  it('returns no_data for an empty Complete answer', async () => {
    server = await startRecordingServer(logs([[]]));
    const outcome = await source(server.url).search({ range: { start: T0, end: T0 + 60 } }, ctx());
    expect(outcome.kind).toBe('no_data');
  });
});
