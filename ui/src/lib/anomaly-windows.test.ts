import { describe, expect, it } from 'vitest';
import type { Finding } from '../api/types.js';
import { anomalyWindows, changeMarkers, evidenceCharts, focusWindow, medianStep } from './anomaly-windows.js';

type MetricFinding = Extract<Finding, { kind: 'metric_anomaly' }>;

function metric(over: Partial<MetricFinding>): MetricFinding {
  return {
    id: 'f',
    agent: 'metrics',
    service: 'checkout',
    summary: '',
    strength: 0.8,
    kind: 'metric_anomaly',
    metric: 'error_rate',
    signal: 'errors',
    direction: 'up',
    shape: 'level_shift',
    onset: 100,
    peak_time: 160,
    baseline: 0.01,
    peak: 0.5,
    current: 0.4,
    magnitude: 40,
    significance: 0.9,
    ongoing: false,
    excerpt: [],
    ...over,
  };
}

describe('anomalyWindows', () => {
  it('shades from onset to peak when the anomaly is over, and to the end of the data while it goes on', () => {
    expect(anomalyWindows([metric({ onset: 100, peak_time: 160 })], 400)).toEqual([{ start: 100, end: 160 }]);
    expect(anomalyWindows([metric({ onset: 100, peak_time: 160, ongoing: true })], 400)).toEqual([
      { start: 100, end: 400 },
    ]);
  });
  it('merges overlapping windows and keeps separate ones apart, sorted', () => {
    const windows = anomalyWindows(
      [
        metric({ onset: 300, peak_time: 330 }),
        metric({ onset: 100, peak_time: 200 }),
        metric({ onset: 150, peak_time: 250 }),
      ],
      400,
    );
    expect(windows).toEqual([
      { start: 100, end: 250 },
      { start: 300, end: 330 },
    ]);
  });
  it('widens a spike whose peak is its onset to the minimum width', () => {
    expect(anomalyWindows([metric({ onset: 100, peak_time: 100 })], 400, 15)).toEqual([
      { start: 100, end: 115 },
    ]);
  });
});

describe('medianStep', () => {
  it('is the typical spacing of the points', () => {
    expect(
      medianStep([
        [0, 1],
        [15, 1],
        [30, 1],
        [90, 1],
      ]),
    ).toBe(15);
    expect(medianStep([[0, 1]])).toBe(0);
  });
});

describe('focusWindow', () => {
  const change = { t: 3000, service: 's', kind: 'deploy', label: 'deploy s' };
  it('starts some history before the earliest anomaly or change', () => {
    expect(focusWindow(0, 3600, [{ start: 3300, end: 3600 }], [])).toEqual({ start: 2700, end: 3600 });
    expect(focusWindow(0, 3600, [{ start: 3300, end: 3600 }], [change])).toEqual({ start: 2400, end: 3600 });
  });
  it('leads by as long as the anomalies last, within the data', () => {
    expect(focusWindow(0, 3600, [{ start: 2000, end: 3600 }], [])).toEqual({ start: 400, end: 3600 });
    expect(focusWindow(1000, 3600, [{ start: 1200, end: 3600 }], [])).toEqual({ start: 1000, end: 3600 });
  });
  it('shows everything when there is nothing to focus on', () => {
    expect(focusWindow(0, 3600, [], [])).toEqual({ start: 0, end: 3600 });
  });
});

describe('changeMarkers', () => {
  it('merges change events and change findings without duplicates', () => {
    const markers = changeMarkers(
      [{ timestamp: 90, service: 'orders', kind: 'deploy', version: 'v2' }],
      [
        {
          id: 'c',
          agent: 'deploy',
          service: 'orders',
          summary: '',
          strength: 0.5,
          kind: 'change',
          change_kind: 'deploy',
          timestamp: 90,
          seconds_before_onset: 10,
          suspicion: 0.7,
        },
        {
          id: 'c2',
          agent: 'deploy',
          service: 'cart',
          summary: '',
          strength: 0.5,
          kind: 'change',
          change_kind: 'config',
          timestamp: 50,
          seconds_before_onset: 50,
          suspicion: 0.2,
        },
      ],
    );
    expect(markers).toEqual([
      { t: 50, service: 'cart', kind: 'config', label: 'config cart' },
      { t: 90, service: 'orders', kind: 'deploy', label: 'deploy orders v2' },
    ]);
  });
});

describe('evidenceCharts', () => {
  const findings: Finding[] = [
    metric({
      id: 'a',
      service: 'checkout',
      metric: 'error_rate',
      significance: 0.95,
      excerpt: [
        [100, 1],
        [115, 2],
      ],
    }),
    metric({
      id: 'b',
      service: 'orders',
      metric: 'latency_p99',
      significance: 0.5,
      onset: 110,
      peak_time: 130,
    }),
    metric({
      id: 'c',
      service: 'cart',
      metric: 'cpu',
      significance: 0.99,
      excerpt: [
        [100, 0.2],
        [115, 0.9],
      ],
    }),
  ];
  const series = [
    {
      service: 'orders',
      metric: 'latency_p99',
      points: [
        [100, 10],
        [115, 50],
        [130, 90],
        [145, 95],
      ] as [number, number][],
    },
  ];

  it('puts the root cause first, then the alerting service, then by significance', () => {
    const charts = evidenceCharts({
      findings,
      series,
      changes: [
        { timestamp: 105, service: 'orders', kind: 'config' },
        { timestamp: 500, service: 'orders', kind: 'deploy' },
        { timestamp: 108, service: 'search', kind: 'deploy' },
      ],
      rootService: 'orders',
      alertService: 'checkout',
    });
    expect(charts.map((c) => c.key)).toEqual(['orders|latency_p99', 'checkout|error_rate', 'cart|cpu']);
    // The stored series wins over the excerpt; the window ends at the peak.
    expect(charts[0].points).toHaveLength(4);
    expect(charts[0].windows).toEqual([{ start: 110, end: 130 }]);
    expect(charts[0].focus).toEqual({ start: 100, end: 145 });
    // Root-cause changes inside the chart's range show on every chart; other services' do not.
    expect(charts[0].changes.map((m) => m.t)).toEqual([105]);
    expect(charts[1].changes.map((m) => m.t)).toEqual([105]);
    expect(charts[2].points).toEqual([
      [100, 0.2],
      [115, 0.9],
    ]);
  });

  it('skips a finding without a series or an excerpt', () => {
    const charts = evidenceCharts({
      findings: [metric({ excerpt: [] })],
      series: [],
      changes: [],
      rootService: null,
      alertService: null,
    });
    expect(charts).toEqual([]);
  });
});
