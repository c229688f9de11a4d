import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundlePorts, readBundle } from './read-bundle.js';

const ctx = { signal: new AbortController().signal };
const T0 = 1772368200; // 2026-03-01T12:30:00Z

const MANIFEST = {
  format: 'afr-bundle/v1',
  alert: {
    id: 'INC-1',
    timestamp: '2026-03-01T12:30:00Z',
    service: 'checkout',
    severity: 'critical',
    message: 'Error rate above 5% for 2m',
    labels: { alertname: 'HighErrorRate' },
  },
  window: { start: '2026-03-01T11:30:00Z', end: '2026-03-01T12:35:00Z' },
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function bundleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'afr-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('readBundle', () => {
  it('reads a manifest with ISO timestamps into Unix seconds', async () => {
    const bundle = await readBundle(bundleDir({ 'manifest.json': JSON.stringify(MANIFEST) }));
    expect(bundle.manifest).toEqual({
      format: 'afr-bundle/v1',
      alert: {
        id: 'INC-1',
        timestamp: T0,
        service: 'checkout',
        severity: 'critical',
        message: 'Error rate above 5% for 2m',
        labels: { alertname: 'HighErrorRate' },
      },
      window: { start: T0 - 3600, end: T0 + 300 },
    });
  });

  it('accepts Unix seconds (numbers and numeric strings) and ISO offsets in the manifest', async () => {
    const manifest = {
      ...MANIFEST,
      alert: { id: 'A', timestamp: T0 + 0.5, service: 's', severity: 'HIGH', extra: true },
      window: { start: String(T0 - 60), end: '2026-03-01T13:35:00+01:00' },
      unknown_top_level: 1,
    };
    const bundle = await readBundle(bundleDir({ 'manifest.json': JSON.stringify(manifest) }));
    expect(bundle.manifest.alert).toEqual({
      id: 'A',
      timestamp: T0 + 0.5,
      service: 's',
      severity: 'high',
      message: '',
      labels: {},
    });
    expect(bundle.manifest.window).toEqual({ start: T0 - 60, end: T0 + 300 });
  });

  it('treats every missing optional file as no data and leaves its port undefined', async () => {
    const bundle = await readBundle(bundleDir({ 'manifest.json': JSON.stringify(MANIFEST) }));
    expect(bundle.present).toEqual({
      topology: false,
      metrics: false,
      logs: false,
      changes: false,
      traces: false,
    });
    expect(bundle.store.topology).toBeUndefined();
    expect(bundlePorts(bundle)).toEqual({});
  });

  it('gives a port for each file present, answering from the loaded data', async () => {
    const dir = bundleDir({
      'manifest.json': JSON.stringify(MANIFEST),
      'metrics.csv': `timestamp,service,metric,value\n${T0},payment,cpu,0.5\n`,
      'changes.jsonl': '',
    });
    const bundle = await readBundle(dir);
    const ports = bundlePorts(bundle);
    expect(Object.keys(ports).sort()).toEqual(['changes', 'metrics']);
    expect(ports.metrics?.id).toBe('bundle-metrics');
    const series = await ports.metrics?.range({ metric: 'cpu', range: { start: T0 - 1, end: T0 + 1 } }, ctx);
    expect(series).toMatchObject({
      kind: 'ok',
      data: [{ service: 'payment', metric: 'cpu', points: [[T0, 0.5]] }],
    });
    // An empty changes.jsonl is present: "no changes happened", unlike a missing file.
    expect(await ports.changes?.changes({ range: { start: 0, end: 2 * T0 } }, ctx)).toMatchObject({
      kind: 'ok',
      data: [],
    });
  });

  it('reads metrics in any column order with extra columns, ISO or Unix timestamps, sorted', async () => {
    const csv = [
      'value, Metric ,source,service,TIMESTAMP',
      `0.3,error_rate,prom,checkout,${T0 + 30}`,
      '0.1,error_rate,prom,checkout,2026-03-01T12:30:00Z',
      `0.2,error_rate,prom,checkout,"${T0 + 15.5}"`,
      `1e3,rps,prom,checkout,${T0}`,
    ].join('\n');
    const bundle = await readBundle(
      bundleDir({ 'manifest.json': JSON.stringify(MANIFEST), 'metrics.csv': csv }),
    );
    const range = { start: 0, end: 2 * T0 };
    expect(bundle.store.points('error_rate', 'checkout', range)).toEqual([
      [T0, 0.1],
      [T0 + 15.5, 0.2],
      [T0 + 30, 0.3],
    ]);
    expect(bundle.store.points('rps', 'checkout', range)).toEqual([[T0, 1000]]);
  });

  it('handles a BOM, CRLF line ends, blank lines and a last line without a newline', async () => {
    const crlf = (lines: string[]) => `\uFEFF${lines.join('\r\n')}`;
    const dir = bundleDir({
      'manifest.json': `\uFEFF${JSON.stringify(MANIFEST, null, 2).replaceAll('\n', '\r\n')}`,
      'metrics.csv': crlf([
        'timestamp,service,metric,value',
        '',
        `${T0},a,cpu,0.25`,
        '   ',
        `${T0 + 15},a,cpu,0.5`,
      ]),
      'logs.jsonl': crlf([
        JSON.stringify({ timestamp: T0, service: 'a', level: 'info', message: 'one' }),
        '',
        JSON.stringify({ timestamp: T0 + 1, service: 'a', level: 'error', message: 'two\nat line 2' }),
      ]),
    });
    const bundle = await readBundle(dir);
    expect(bundle.store.points('cpu', 'a', { start: 0, end: 2 * T0 })).toEqual([
      [T0, 0.25],
      [T0 + 15, 0.5],
    ]);
    expect(bundle.store.logs.map((log) => log.message)).toEqual(['one', 'two\nat line 2']);
  });

  it('reads quoted CSV names and Prometheus non-finite values', async () => {
    const csv = [
      'timestamp,service,metric,value',
      `${T0},"svc, with ""quotes""",latency_p99,NaN`,
      `${T0 + 1},"svc, with ""quotes""",latency_p99,+Inf`,
      `${T0 + 2},"svc, with ""quotes""",latency_p99,-inf`,
      `${T0 + 3}, spaced , latency_p99 , 0.5 `,
    ].join('\n');
    const bundle = await readBundle(
      bundleDir({ 'manifest.json': JSON.stringify(MANIFEST), 'metrics.csv': csv }),
    );
    const range = { start: 0, end: 2 * T0 };
    expect(bundle.store.points('latency_p99', 'svc, with "quotes"', range)).toEqual([
      [T0, Number.NaN],
      [T0 + 1, Number.POSITIVE_INFINITY],
      [T0 + 2, Number.NEGATIVE_INFINITY],
    ]);
    expect(bundle.store.points('latency_p99', 'spaced', range)).toEqual([[T0 + 3, 0.5]]);
  });

  it('maps log level aliases case-insensitively and keeps optional ids', async () => {
    const logs = [
      {
        timestamp: T0,
        service: 'a',
        level: 'WARNING',
        message: 'w',
        trace_id: 't1',
        span_id: 's1',
        extra: 1,
      },
      { timestamp: `${T0 + 1}`, service: 'a', level: 'Err', message: '' },
      { timestamp: '2026-03-01T12:30:02Z', service: 'a', level: 'critical', message: 'c', trace_id: null },
    ];
    const dir = bundleDir({
      'manifest.json': JSON.stringify(MANIFEST),
      'logs.jsonl': logs.map((log) => JSON.stringify(log)).join('\n'),
    });
    const bundle = await readBundle(dir);
    expect(bundle.store.logs).toEqual([
      { timestamp: T0, service: 'a', level: 'warn', message: 'w', trace_id: 't1', span_id: 's1' },
      { timestamp: T0 + 1, service: 'a', level: 'error', message: '' },
      { timestamp: T0 + 2, service: 'a', level: 'fatal', message: 'c' },
    ]);
  });

  it('reads changes, traces and topology, sorting records by time', async () => {
    const changes = [
      { timestamp: T0 - 60, service: 'payment', kind: 'Config', version: 42, description: 'pool 50 -> 10' },
      {
        timestamp: '2026-03-01T11:00:00Z',
        service: 'checkout',
        kind: 'deploy',
        author: 'alice',
        ticket: 'X',
      },
    ];
    const spans = [
      {
        trace_id: 't',
        span_id: 'b',
        parent_span_id: 'a',
        service: 'payment',
        operation: 'charge',
        start: T0 + 1,
        duration_ms: 30000,
        status: 'ERROR',
      },
      {
        trace_id: 't',
        span_id: 'a',
        service: 'checkout',
        operation: 'POST /pay',
        start: T0,
        duration_ms: 0,
        status: 'ok',
      },
    ];
    const topology = {
      services: [{ name: 'checkout', tier: 'backend', replicas: 3, host: 'node-2' }, { name: 'payment' }],
      dependencies: [{ from: 'checkout', to: 'payment' }],
    };
    const dir = bundleDir({
      'manifest.json': JSON.stringify(MANIFEST),
      'changes.jsonl': changes.map((c) => JSON.stringify(c)).join('\n'),
      'traces.jsonl': spans.map((s) => JSON.stringify(s)).join('\n'),
      'topology.json': JSON.stringify(topology),
    });
    const bundle = await readBundle(dir);
    expect(bundle.store.changes).toEqual([
      { timestamp: T0 - 5400, service: 'checkout', kind: 'deploy', author: 'alice' },
      { timestamp: T0 - 60, service: 'payment', kind: 'config', version: '42', description: 'pool 50 -> 10' },
    ]);
    expect(bundle.store.spans.map((s) => [s.span_id, s.parent_span_id, s.status, s.duration_ms])).toEqual([
      ['a', null, 'ok', 0],
      ['b', 'a', 'error', 30000],
    ]);
    expect(bundle.store.topology).toEqual({
      services: [
        { name: 'checkout', tier: 'backend', criticality: 'medium', replicas: 3, host: 'node-2' },
        { name: 'payment', tier: 'backend', criticality: 'medium', replicas: 1 },
      ],
      dependencies: [{ from: 'checkout', to: 'payment' }],
    });
    const topologyOutcome = await bundlePorts(bundle).topology?.topology(ctx);
    expect(topologyOutcome).toMatchObject({
      kind: 'ok',
      data: { dependencies: [{ from: 'checkout', to: 'payment' }] },
    });
  });
});
