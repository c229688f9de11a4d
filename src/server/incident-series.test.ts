import { describe, expect, it } from 'vitest';
import { MemoryMetricsSource, TelemetryStore } from '../connectors/memory/index.js';
import type { Finding, MetricQuery, MetricsSource, Outcome, Series } from '../core/index.js';
import { failure } from '../core/index.js';
import { incidentFixture, reportFixture, T0 } from '../store/store-fixtures.js';
import { incidentSeries, seriesTargets, seriesWindow } from './incident-series.js';

function anomaly(service: string, metric: string, significance: number): Finding {
  return {
    id: `F-${service}-${metric}-${significance}`,
    agent: 'metrics',
    service,
    summary: `${metric} rose on ${service}`,
    strength: significance,
    kind: 'metric_anomaly',
    metric,
    signal: 'other',
    direction: 'up',
    shape: 'level_shift',
    onset: T0 - 300,
    peak_time: T0 - 60,
    baseline: 0,
    peak: 1,
    current: 1,
    magnitude: 1,
    significance,
    ongoing: true,
    excerpt: [],
  };
}

const scope = {
  rootService: 'payment',
  alertService: 'checkout',
  blastRadius: ['checkout', 'payment', 'cart'],
};

describe('seriesTargets', () => {
  it('puts the root cause first, then the alerting service, the blast radius and the rest, strongest first', () => {
    const findings = [
      anomaly('search', 'cpu', 0.99),
      anomaly('cart', 'latency_p99', 0.7),
      anomaly('checkout', 'error_rate', 0.6),
      anomaly('payment', 'db_pool_utilization', 0.5),
      anomaly('payment', 'error_rate', 0.8),
      anomaly('checkout', 'error_rate', 0.9),
      { ...anomaly('x', 'cpu', 1), service: null },
      { ...anomaly('payment', 'cpu', 1), kind: 'change' } as unknown as Finding,
    ];
    expect(seriesTargets(findings, scope, 8)).toEqual([
      { service: 'payment', metric: 'error_rate' },
      { service: 'payment', metric: 'db_pool_utilization' },
      { service: 'checkout', metric: 'error_rate' },
      { service: 'cart', metric: 'latency_p99' },
      { service: 'search', metric: 'cpu' },
    ]);
  });

  it('keeps at most the cap, dropping the weakest outside the root cause first', () => {
    const findings = Array.from({ length: 12 }, (_, i) => anomaly(`svc-${i}`, 'cpu', i / 20));
    findings.push(anomaly('payment', 'memory_utilization', 0.01));
    const targets = seriesTargets(findings, scope, 8);
    expect(targets).toHaveLength(8);
    expect(targets[0]).toEqual({ service: 'payment', metric: 'memory_utilization' });
    expect(targets.slice(1).map((t) => t.service)).toEqual([
      'svc-11',
      'svc-10',
      'svc-9',
      'svc-8',
      'svc-7',
      'svc-6',
      'svc-5',
    ]);
  });
});

describe('seriesWindow', () => {
  const incident = incidentFixture({ id: 'INC-w' });

  it("is the saved report's investigation window", () => {
    const report = reportFixture({ incident_id: 'INC-w' });
    expect(seriesWindow(incident, report, [], T0 + 99_999)).toEqual({ start: T0 - 3600, end: T0 + 300 });
  });

  it('without a report: an hour before the alert to the resolution, or to now while open', () => {
    const resolved = [
      { from: null, to: 'detected' as const, at: T0, reason: 'created' },
      { from: 'verifying' as const, to: 'resolved' as const, at: T0 + 900, reason: 'recovered' },
    ];
    expect(seriesWindow(incident, undefined, resolved, T0 + 5000)).toEqual({
      start: T0 - 3600,
      end: T0 + 900,
    });
    expect(seriesWindow(incident, undefined, resolved.slice(0, 1), T0 + 5000)).toEqual({
      start: T0 - 3600,
      end: T0 + 5000,
    });
    // A clock behind the alert still gives a window that reaches the alert.
    expect(seriesWindow(incident, undefined, [], T0 - 10)).toEqual({ start: T0 - 3600, end: T0 });
  });
});

function telemetry(): TelemetryStore {
  const store = new TelemetryStore();
  for (let t = T0 - 3600; t <= T0 + 300; t += 15) {
    store.addSample('checkout', 'error_rate', t, t >= T0 - 300 ? 0.2 : 0.01);
    store.addSample('payment', 'db_connections_used', t, t >= T0 - 300 ? 48 : 12);
    // The pool shrank from 50 to 40 connections, half-way: the limit in force applies.
    if ((t - (T0 - 3600)) % 60 === 0)
      store.addSample('payment', 'db_connections_max', t, t >= T0 - 600 ? 40 : 50);
    store.addSample('payment', 'restarts', t, Math.max(0, Math.floor((t - (T0 - 300)) / 60) + 1));
    store.addSample('cart', 'cpu', t, 0.3);
  }
  return store;
}

const detail = (findings: Finding[], metrics: MetricsSource | undefined) => ({
  metrics,
  incident: incidentFixture({ id: 'INC-s' }),
  report: reportFixture({
    incident_id: 'INC-s',
    blast_radius: ['checkout', 'payment', 'cart'],
    findings,
  }),
  findings: [],
  stateHistory: [],
  now: T0 + 1000,
});

describe('incidentSeries', () => {
  const findings = [
    anomaly('checkout', 'error_rate', 0.9),
    anomaly('payment', 'db_pool_utilization', 0.8),
    anomaly('payment', 'restarts', 0.7),
    anomaly('cart', 'cpu', 0.2),
  ];

  it("reads each chart's series over the window: utilisation as metric/limit, counters as increments", async () => {
    const result = await incidentSeries(detail(findings, new MemoryMetricsSource(telemetry())));
    expect(result.series_error).toBeNull();
    expect(result.series.map((s) => `${s.service} ${s.metric}`)).toEqual([
      'payment db_pool_utilization',
      'payment restarts',
      'checkout error_rate',
      'cart cpu',
    ]);
    const [pool, restarts, errors] = result.series;
    expect(pool.points[0]).toEqual([T0 - 3600, 12 / 50]);
    expect(pool.points.find((p) => p[0] === T0 - 450)?.[1]).toBeCloseTo(12 / 40);
    expect(pool.points[pool.points.length - 1]).toEqual([T0 + 300, 48 / 40]);
    // Cumulative restarts reach 11; the chart shows per-sample increments (0 or 1).
    expect(new Set(restarts.points.map((p) => p[1]))).toEqual(new Set([0, 1]));
    expect(restarts.points[0][0]).toBe(T0 - 3600 + 15);
    expect(errors.points).toHaveLength(261);
    expect(errors.points[0]).toEqual([T0 - 3600, 0.01]);
  });

  it('downsamples each series to the point cap', async () => {
    const result = await incidentSeries(detail(findings, new MemoryMetricsSource(telemetry())), {
      maxSeries: 8,
      maxPoints: 50,
      deadlineMs: 1500,
    });
    for (const s of result.series) expect(s.points.length).toBeLessThanOrEqual(50);
    const errors = result.series.find((s) => s.metric === 'error_rate');
    expect(errors?.points[0]).toEqual([T0 - 3600, 0.01]);
    expect(errors?.points.some((p) => p[1] === 0.2)).toBe(true);
  });

  it('reads the stored findings before the report ones', async () => {
    const input = { ...detail(findings, new MemoryMetricsSource(telemetry())) };
    const result = await incidentSeries({ ...input, findings: [anomaly('cart', 'cpu', 0.5)] });
    expect(result.series.map((s) => s.metric)).toEqual(['cpu']);
  });

  it('answers no series and no error without a metrics source or metric findings', async () => {
    expect(await incidentSeries(detail(findings, undefined))).toEqual({ series: [], series_error: null });
    const memory = new MemoryMetricsSource(telemetry());
    expect(await incidentSeries(detail([], memory))).toEqual({ series: [], series_error: null });
  });

  it('keeps the series that answered and names the ones that failed', async () => {
    const memory = new MemoryMetricsSource(telemetry());
    const flaky: MetricsSource = {
      id: 'flaky',
      metricNames: (ctx) => memory.metricNames(ctx),
      range: async (query: MetricQuery, ctx): Promise<Outcome<Series[]>> =>
        query.metric === 'db_connections_max'
          ? failure('HTTP 503: upstream unavailable', { connector: 'flaky', query: query.metric })
          : memory.range(query, ctx),
    };
    const result = await incidentSeries(detail(findings, flaky));
    expect(result.series.map((s) => s.metric)).toEqual(['restarts', 'error_rate', 'cpu']);
    expect(result.series_error).toBe(
      'metrics source flaky: 1 of 4 series unavailable: payment db_pool_utilization: HTTP 503: upstream unavailable',
    );
  });

  it('gives up at the deadline even on a source that ignores its signal', async () => {
    const hanging: MetricsSource = {
      id: 'hanging',
      metricNames: () => new Promise(() => undefined),
      range: () => new Promise(() => undefined),
    };
    const started = performance.now();
    const result = await incidentSeries(detail(findings, hanging), {
      maxSeries: 8,
      maxPoints: 400,
      deadlineMs: 100,
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.series).toEqual([]);
    expect(result.series_error).toMatch(
      /^metrics source hanging: 4 of 4 series unavailable: payment db_pool_utilization: no answer within 100 ms; .* \(and 1 more\)$/,
    );
  });

  it('turns a source that throws into a named failure', async () => {
    const throwing: MetricsSource = {
      id: 'throwing',
      metricNames: () => Promise.reject(new Error('boom')),
      range: () => Promise.reject(new Error('socket hang up')),
    };
    const result = await incidentSeries(detail([anomaly('checkout', 'error_rate', 0.9)], throwing));
    expect(result).toEqual({
      series: [],
      series_error: 'metrics source throwing: 1 of 1 series unavailable: checkout error_rate: socket hang up',
    });
  });
});
