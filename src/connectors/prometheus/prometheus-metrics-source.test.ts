/**
 * Follows the Prometheus HTTP API documentation (prometheus.io/docs/prometheus/latest/querying/api/):
 * POST /api/v1/query_range with a form body (query, start, end, step), the
 * {status, data: {resultType, result}} envelope, "NaN"/"+Inf" sample strings, and
 * {status: "error", errorType: "bad_data", error} answers with HTTP 400.
 * Success payloads are the ones captured from a real Prometheus 2.42 in __fixtures__.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import { PrometheusMetricsSource } from './prometheus-metrics-source.js';

interface Captured {
  path: string;
  params: Record<string, string>;
  response: { data: { result: { metric: Record<string, string>; values: [number, string][] }[] } };
}
const captured = (
  JSON.parse(
    readFileSync(new URL('./__fixtures__/prometheus-api-responses.json', import.meta.url), 'utf8'),
  ) as {
    requests: Captured[];
  }
).requests;
const errorRateRange = captured.find(
  (r) => r.path === '/api/v1/query_range' && r.params.query === 'error_rate',
);

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ctx = () => ({ signal: AbortSignal.timeout(5000) });

describe('PrometheusMetricsSource.range', () => {
  it('sends one form-encoded query_range for all services and parses the real response', async () => {
    server = await startRecordingServer(() => ({ body: errorRateRange?.response }));
    const source = new PrometheusMetricsSource({
      url: server.url,
      bearer_token: 'secret',
      tenant: 'team-a',
      scrape_interval_s: 1,
    });
    const outcome = await source.range(
      {
        metric: 'error_rate',
        services: ['checkout', 'cart.v2'],
        range: { start: 1795634001, end: 1795634041 },
        step_s: 2,
      },
      ctx(),
    );
    const sent = server.requests[0];
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/api/v1/query_range');
    expect(sent?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sent?.headers.authorization).toBe('Bearer secret');
    expect(sent?.headers['x-scope-orgid']).toBe('team-a');
    const form = new URLSearchParams(sent?.body);
    expect(form.get('start')).toBe('1795634001');
    expect(form.get('end')).toBe('1795634041');
    expect(form.get('step')).toBe('2');
    expect(form.get('query')).toContain('code=~"5.."');
    expect(form.get('query')).toContain('service=~"checkout|cart\\\\.v2"');
    expect(form.get('query')).toContain('[4s]');

    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.data).toHaveLength(1);
    const series = outcome.data[0];
    expect(series?.service).toBe('checkout');
    expect(series?.metric).toBe('error_rate');
    expect(series?.points.length).toBe(errorRateRange?.response.data.result[0]?.values.length);
    expect(series?.points[0]).toEqual([1795634013, 0]);
    expect(Math.max(...(series?.points.map((p) => p[1]) ?? []))).toBe(5);
  });

  it('drops NaN and infinite samples and series of services out of scope', async () => {
    server = await startRecordingServer(() => ({
      body: {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [
            {
              metric: { service: 'a' },
              values: [
                [10, '1'],
                [20, 'NaN'],
                [30, '+Inf'],
                [40, '-Inf'],
                [50, '2.5'],
              ],
            },
            { metric: { service: 'zzz' }, values: [[10, '9']] },
            { metric: {}, values: [[10, '9']] },
          ],
        },
      },
    }));
    const source = new PrometheusMetricsSource({ url: server.url });
    const outcome = await source.range(
      { metric: 'error_rate', services: ['a'], range: { start: 0, end: 60 } },
      ctx(),
    );
    expect(outcome.kind === 'ok' && outcome.data).toEqual([
      {
        service: 'a',
        metric: 'error_rate',
        points: [
          [10, 1],
          [50, 2.5],
        ],
      },
    ]);
  });

  it('returns no_data for an empty matrix and for a metric without a template', async () => {
    server = await startRecordingServer(() => ({
      body: { status: 'success', data: { resultType: 'matrix', result: [] } },
    }));
    const source = new PrometheusMetricsSource({ url: server.url, queries: { cpu: '' } });
    expect((await source.range({ metric: 'rps', range: { start: 0, end: 60 } }, ctx())).kind).toBe('no_data');
    expect((await source.range({ metric: 'cpu', range: { start: 0, end: 60 } }, ctx())).kind).toBe('no_data');
    expect(server.requests).toHaveLength(1);
  });

  it("keeps Prometheus's own words for bad_data errors and does not retry them", async () => {
    server = await startRecordingServer(() => ({
      status: 400,
      body: { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:5: parse error' },
    }));
    const source = new PrometheusMetricsSource({ url: server.url, queries: { rps: 'sum(' } });
    const outcome = await source.range({ metric: 'rps', range: { start: 0, end: 60 } }, ctx());
    expect(outcome).toMatchObject({ kind: 'error', retryable: false });
    expect(outcome.kind === 'error' && outcome.message).toBe(
      'bad_data: invalid parameter "query": 1:5: parse error',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('gives an error outcome within the deadline when Prometheus is slow or down', async () => {
    server = await startRecordingServer(() => ({ body: {}, delayMs: 3000 }));
    const slow = new PrometheusMetricsSource({ url: server.url });
    const started = Date.now();
    const outcome = await slow.range(
      { metric: 'rps', range: { start: 0, end: 60 } },
      { signal: AbortSignal.timeout(150) },
    );
    expect(outcome.kind).toBe('error');
    expect(Date.now() - started).toBeLessThan(2000);

    const down = new PrometheusMetricsSource({ url: 'http://127.0.0.1:9', retries: 0 });
    const refused = await down.range({ metric: 'rps', range: { start: 0, end: 60 } }, ctx());
    expect(refused).toMatchObject({ kind: 'error', retryable: true });
  });

  it('widens the step so that no series exceeds 11,000 points', async () => {
    server = await startRecordingServer(() => ({
      body: { status: 'success', data: { resultType: 'matrix', result: [] } },
    }));
    const source = new PrometheusMetricsSource({ url: server.url, step_s: 1 });
    await source.range({ metric: 'rps', range: { start: 0, end: 7 * 86400 } }, ctx());
    expect(Number(new URLSearchParams(server.requests[0]?.body).get('step'))).toBe(
      Math.ceil((7 * 86400) / 11000),
    );
  });

  it('sends basic auth when configured', async () => {
    server = await startRecordingServer(() => ({
      body: { status: 'success', data: { resultType: 'matrix', result: [] } },
    }));
    const source = new PrometheusMetricsSource({ url: server.url, username: 'u', password: 'p' });
    await source.range({ metric: 'rps', range: { start: 0, end: 60 } }, ctx());
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });
});

describe('PrometheusMetricsSource latency percentiles', () => {
  const bucketRates = {
    status: 'success',
    data: {
      resultType: 'matrix',
      result: [
        {
          metric: { service: 'a', le: '0.1' },
          values: [
            [10, '50'],
            [20, '10'],
          ],
        },
        {
          metric: { service: 'a', le: '0.5' },
          values: [
            [10, '90'],
            [20, '20'],
          ],
        },
        {
          metric: { service: 'a', le: '+Inf' },
          values: [
            [10, '100'],
            [20, '100'],
          ],
        },
      ],
    },
  };

  it('answers p50, p95 and p99 from one bucket-rate query, as histogram_quantile would', async () => {
    server = await startRecordingServer(() => ({ body: bucketRates }));
    const source = new PrometheusMetricsSource({ url: server.url, scrape_interval_s: 1, step_s: 10 });
    const range = { start: 0, end: 20 };
    const [p50, p99] = await Promise.all([
      source.range({ metric: 'latency_p50', services: ['a'], range }, ctx()),
      source.range({ metric: 'latency_p99', services: ['a'], range }, ctx()),
    ]);
    expect(server.requests).toHaveLength(1);
    const query = new URLSearchParams(server.requests[0]?.body).get('query');
    expect(query).toBe(
      'sum by (service, le) (rate(http_request_duration_seconds_bucket{service=~"a"}[10s]))',
    );
    expect(p50.kind === 'ok' && p50.data[0]?.points).toEqual([
      [10, 0.1],
      [20, 0.5],
    ]);
    expect(p99.kind === 'ok' && p99.data[0]?.points).toEqual([
      [10, 0.5],
      [20, 0.5],
    ]);
  });

  it('uses histogram_quantile per percentile when latency_histogram is null', async () => {
    server = await startRecordingServer(() => ({
      body: { status: 'success', data: { resultType: 'matrix', result: [] } },
    }));
    const source = new PrometheusMetricsSource({ url: server.url, latency_histogram: null });
    await source.range({ metric: 'latency_p95', range: { start: 0, end: 60 } }, ctx());
    expect(new URLSearchParams(server.requests[0]?.body).get('query')).toMatch(
      /^histogram_quantile\(0\.95, /,
    );
  });
});

describe('PrometheusMetricsSource.metricNames and services', () => {
  it('offers the semantic metrics whose raw metrics exist (GET /api/v1/label/__name__/values)', async () => {
    server = await startRecordingServer((request) => ({
      body: {
        status: 'success',
        data: request.path.endsWith('/__name__/values')
          ? ['http_requests_total', 'http_request_duration_seconds_bucket', 'up']
          : ['cart', 'checkout'],
      },
    }));
    const source = new PrometheusMetricsSource({ url: server.url });
    const names = await source.metricNames(ctx());
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/label/__name__/values' });
    expect(names.kind === 'ok' && names.data.sort()).toEqual(
      ['error_rate', 'latency_p50', 'latency_p95', 'latency_p99', 'rps'].sort(),
    );
    const services = await source.services(ctx());
    expect(server.requests[1]?.path).toBe('/api/v1/label/service/values');
    expect(services.kind === 'ok' && services.data).toEqual(['cart', 'checkout']);
  });

  it('rejects a response that is not the API envelope', async () => {
    server = await startRecordingServer(() => ({ body: '<html>login</html>' }));
    const source = new PrometheusMetricsSource({ url: server.url });
    const names = await source.metricNames(ctx());
    expect(names.kind === 'error' && names.message).toMatch(/not a Prometheus API response/);
  });
});

describe('PrometheusOptionsSchema', () => {
  it('names the bad field', () => {
    expect(() => new PrometheusMetricsSource({ url: 'not a url' })).toThrow(/url/);
    expect(() => new PrometheusMetricsSource({ url: 'http://x', service_label: 'bad-label' })).toThrow(
      /Prometheus label name/,
    );
  });
});
