/**
 * GET /api/v1/incidents/:id fills `series` from the metrics backend afr serve investigates
 * with: a real `afr serve` (in-process, memory store) whose metrics backend is Prometheus,
 * played by a loopback recording server. The requests and answers follow the Prometheus
 * HTTP API documentation, "Format overview" (the {status, data, errorType, error}
 * envelope; 422 when an expression can't be executed) and "Range queries" (POST
 * /api/v1/query_range with a form body of query, start, end and step; a matrix result of
 * {metric, values: [[unix seconds, "value"]]}).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/index.js';
import { type RecordingServer, startRecordingServer } from '../../connectors/testing/recording-server.js';
import type { Finding } from '../../core/index.js';
import { incidentFixture, reportFixture, T0 } from '../../store/store-fixtures.js';
import { type AfrServer, startAfrServer } from '../serve.js';

const ADMIN = 'admin-token';
const START = T0 - 3600;
const END = T0 + 300;
const ONSET = T0 - 300;
const SPIKE = T0 - 125;
const DEADLINE_MS = 2500;

let prometheus: RecordingServer;
let server: AfrServer;
let mode: 'ok' | 'fail' | 'slow' = 'ok';

/** What the fake Prometheus answers for one sample of the series a query selects. */
function sample(query: string, t: number): number {
  if (query.includes('db_client_connections_usage')) return t >= ONSET ? 48 : 12;
  if (query.includes('db_client_connections_max')) return 40;
  if (query.includes('kube_pod_container_status_restarts_total'))
    return t >= ONSET ? Math.floor((t - ONSET) / 60) + 1 : 0;
  // error_rate: a one-sample spike, then the incident's level shift.
  if (t === SPIKE) return 0.9;
  return t >= ONSET ? 0.2 : 0.01;
}

function service(query: string): string {
  return /service=~"([^"]+)"/.exec(query)?.[1] ?? 'unknown';
}

beforeAll(async () => {
  prometheus = await startRecordingServer((request) => {
    if (request.path !== '/api/v1/query_range') return { body: { status: 'success', data: [] } };
    if (mode === 'fail') {
      return {
        status: 422,
        body: {
          status: 'error',
          errorType: 'execution',
          error: 'query processing would load too many samples into memory in query execution',
        },
      };
    }
    const form = new URLSearchParams(request.body);
    const query = form.get('query') ?? '';
    const [start, end, step] = ['start', 'end', 'step'].map((k) => Number(form.get(k)));
    const values: [number, string][] = [];
    for (let t = start; t <= end; t += step) values.push([t, String(sample(query, t))]);
    return {
      delayMs: mode === 'slow' ? 4 * DEADLINE_MS : 0,
      body: {
        status: 'success',
        data: { resultType: 'matrix', result: [{ metric: { service: service(query) }, values }] },
      },
    };
  });
  const config = parseConfig(
    [
      'server: { port: 0, ui: false }',
      'store: { driver: memory }',
      'agents:',
      `  metrics: { backend: prometheus, url: "${prometheus.url}" }`,
      '  logs: { backend: bundle }',
      '  deploy: { backend: bundle }',
      'integrations:',
      '  prometheus: { step_s: 5, retries: 0 }',
    ].join('\n'),
    {},
    'test-config.yml',
  );
  server = await startAfrServer({
    config,
    env: { AFR_API_TOKEN: ADMIN },
    logger: false,
    pollMs: 50,
    // Longer than the 1.5 s default: a loaded CI machine must not turn the happy path into a timeout.
    seriesLimits: { deadlineMs: DEADLINE_MS },
  });
});

afterAll(async () => {
  await server?.close();
  await prometheus?.close();
});

beforeEach(() => {
  mode = 'ok';
});

function anomaly(service: string, metric: string, significance: number): Finding {
  return {
    id: `F-${service}-${metric}`,
    agent: 'metrics',
    service,
    summary: `${metric} rose on ${service}`,
    strength: significance,
    kind: 'metric_anomaly',
    metric,
    signal: 'other',
    direction: 'up',
    shape: 'level_shift',
    onset: ONSET,
    peak_time: T0,
    baseline: 0.01,
    peak: 0.2,
    current: 0.2,
    magnitude: 19,
    significance,
    ongoing: true,
    excerpt: [[T0, 0.2]],
  };
}

const FINDINGS = [
  anomaly('checkout', 'error_rate', 0.9),
  anomaly('payment', 'db_pool_utilization', 0.8),
  anomaly('payment', 'restarts', 0.6),
];

/** Stores an investigated incident: checkout alerted, payment's pool is the root cause. */
async function investigated(id: string): Promise<void> {
  const store = server.storage.store;
  await store.createIncident(incidentFixture({ id, state: 'detected', created_at: T0, updated_at: T0 }));
  await store.saveFindings(id, FINDINGS);
  await store.saveReport(reportFixture({ incident_id: id, findings: FINDINGS }));
}

interface Detail {
  report: unknown;
  findings: unknown[];
  series: { service: string; metric: string; points: [number, number][] }[];
  series_error: string | null;
}

async function detail(id: string): Promise<{ status: number; body: Detail; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${server.url}/api/v1/incidents/${id}`, {
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  return {
    status: response.status,
    body: (await response.json()) as Detail,
    ms: performance.now() - started,
  };
}

const rangeRequests = () => prometheus.requests.filter((r) => r.path === '/api/v1/query_range');

describe('GET /api/v1/incidents/:id series', () => {
  it("reads the findings' series over the investigation window, the root cause first", async () => {
    await investigated('INC-series');
    prometheus.requests.length = 0;
    const { status, body } = await detail('INC-series');
    expect(status).toBe(200);
    expect(body.series_error).toBeNull();
    expect(body.series.map((s) => `${s.service} ${s.metric}`)).toEqual([
      'payment db_pool_utilization',
      'payment restarts',
      'checkout error_rate',
    ]);

    // db_pool_utilization is derived: used and max connections, each its own range query.
    const sent = rangeRequests();
    expect(sent).toHaveLength(4);
    for (const request of sent) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      const form = new URLSearchParams(request.body);
      expect([form.get('start'), form.get('end'), form.get('step')]).toEqual([
        String(START),
        String(END),
        '5',
      ]);
    }
    expect(sent.map((r) => new URLSearchParams(r.body).get('query')).sort()).toEqual(
      [
        'sum by (service) (db_client_connections_usage{service=~"payment",state="used"})',
        'sum by (service) (db_client_connections_max{service=~"payment"})',
        'sum by (service) (kube_pod_container_status_restarts_total{service=~"payment"})',
        expect.stringContaining('http_requests_total{service=~"checkout",code=~"5.."}'),
      ].sort(),
    );

    const [pool, restarts, errors] = body.series;
    // Used / max, sample by sample: 12/40 before the onset, 48/40 after.
    expect(new Set(pool.points.map((p) => p[1]))).toEqual(new Set([0.3, 1.2]));
    // The cumulative count reaches 10; the chart shows increments, as the agent judged it.
    expect(new Set(restarts.points.map((p) => p[1]))).toEqual(new Set([0, 1]));
    expect(errors.points[0]).toEqual([START, 0.01]);
    expect(errors.points[errors.points.length - 1]).toEqual([END, 0.2]);
  });

  it('downsamples each series to at most 400 points, keeping a one-sample spike', async () => {
    await investigated('INC-long');
    const { body } = await detail('INC-long');
    // The backend sent (3900 s / 5 s) + 1 = 781 points a series.
    expect((END - START) / 5 + 1).toBe(781);
    for (const s of body.series) expect(s.points.length).toBeLessThanOrEqual(400);
    const errors = body.series.find((s) => s.metric === 'error_rate');
    // At least one point for each of the 199 runs of samples, and both ends.
    expect(errors?.points.length).toBeGreaterThanOrEqual(201);
    expect(errors?.points).toContainEqual([SPIKE, 0.9]);
    const times = errors?.points.map((p) => p[0]) ?? [];
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('answers the detail without series, saying why, when the backend fails', async () => {
    await investigated('INC-fail');
    mode = 'fail';
    const { status, body } = await detail('INC-fail');
    expect(status).toBe(200);
    expect(body.report).not.toBeNull();
    expect(body.findings).toHaveLength(3);
    expect(body.series).toEqual([]);
    expect(body.series_error).toMatch(/^metrics source prometheus: 3 of 3 series unavailable: /);
    expect(body.series_error).toContain(
      'payment db_pool_utilization: execution: query processing would load too many samples',
    );
  });

  it('answers within the deadline when the backend is too slow', async () => {
    await investigated('INC-slow');
    mode = 'slow';
    const { status, body, ms } = await detail('INC-slow');
    expect(status).toBe(200);
    expect(ms).toBeLessThan(2 * DEADLINE_MS);
    expect(body.series).toEqual([]);
    expect(body.series_error).toContain(`checkout error_rate: no answer within ${DEADLINE_MS} ms`);
  });
});
