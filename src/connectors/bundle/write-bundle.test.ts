import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryStore } from '../memory/index.js';
import { BundleError } from './bundle-error.js';
import type { BundleManifest } from './bundle-types.js';
import { readBundle } from './read-bundle.js';
import { writeBundle } from './write-bundle.js';

const T0 = 1772368200;
const MANIFEST: BundleManifest = {
  format: 'afr-bundle/v1',
  alert: {
    id: 'INC-9',
    timestamp: T0,
    service: 'checkout',
    severity: 'high',
    message: 'p99 above 2s',
    labels: { alertname: 'HighLatency', team: 'payments' },
  },
  window: { start: T0 - 600, end: T0 + 300 },
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'afr-'));
  dirs.push(dir);
  return dir;
}

/** A store with data inside the window plus one record of each kind before and after it. */
function sampleStore(): TelemetryStore {
  const store = new TelemetryStore();
  store.topology = {
    services: [
      { name: 'checkout', tier: 'backend', criticality: 'high', replicas: 3, host: 'node-2' },
      { name: 'payment', tier: 'backend', criticality: 'high', replicas: 2 },
    ],
    dependencies: [{ from: 'checkout', to: 'payment' }],
  };
  for (const t of [T0 - 700, T0 - 600, T0 - 15.25, T0, T0 + 300, T0 + 301]) {
    store.addSample('checkout', 'latency_p99', t, t === T0 ? Number.NaN : 0.1 + (t - T0) / 1e4);
    store.addSample('pay,ment "eu"', 'error_rate', t, t >= T0 ? 0.2 : 1e-7);
  }
  store.addSample('payment', 'memory', T0 + 10, Number.POSITIVE_INFINITY);
  store.addSample('payment', 'old_only', T0 - 900, 1);
  store.addLog({ timestamp: T0 - 601, service: 'payment', level: 'info', message: 'before' });
  store.addLog({
    timestamp: T0 + 1.5,
    service: 'payment',
    level: 'error',
    message: 'Timeout acquiring connection\n  at Pool.get (pool.js:10)',
    trace_id: 't1',
    span_id: 's1',
  });
  store.addLog({ timestamp: T0 + 2, service: 'checkout', level: 'warn', message: '' });
  store.addChange({
    timestamp: T0 - 480,
    service: 'payment',
    kind: 'config',
    version: 'cfg-42',
    previous_version: 'cfg-41',
    description: 'db.pool.max_size 50 -> 10',
    author: 'alice',
    id: 'chg-1',
  });
  store.addChange({ timestamp: T0 + 400, service: 'checkout', kind: 'deploy', version: 'v2' });
  store.addSpan({
    trace_id: 't1',
    span_id: 's0',
    parent_span_id: null,
    service: 'checkout',
    operation: 'POST /pay',
    start: T0 + 1,
    duration_ms: 30010,
    status: 'error',
  });
  store.addSpan({
    trace_id: 't1',
    span_id: 's1',
    parent_span_id: 's0',
    service: 'payment',
    operation: 'charge',
    start: T0 + 1.2,
    duration_ms: 30000,
    status: 'error',
  });
  store.addSpan({
    trace_id: 't0',
    span_id: 'x',
    parent_span_id: null,
    service: 'checkout',
    operation: 'GET /',
    start: T0 - 1000,
    duration_ms: 3,
    status: 'ok',
  });
  return store;
}

const inWindow = (t: number) => t >= MANIFEST.window.start && t <= MANIFEST.window.end;

describe('writeBundle', () => {
  it('round-trips through readBundle, keeping only what lies inside the window', async () => {
    const dir = tempDir();
    const store = sampleStore();
    await writeBundle(dir, { manifest: MANIFEST, store });
    const bundle = await readBundle(dir);

    expect(bundle.manifest).toEqual(MANIFEST);
    expect(bundle.present).toEqual({
      topology: true,
      metrics: true,
      logs: true,
      changes: true,
      traces: true,
    });
    expect(bundle.store.topology).toEqual(store.topology);
    const all = { start: 0, end: 2 * T0 };
    for (const metric of store.metricNames()) {
      for (const service of store.servicesWith(metric)) {
        const expected = store.points(metric, service, all).filter(([t]) => inWindow(t));
        expect(bundle.store.points(metric, service, all), `${metric}/${service}`).toEqual(expected);
      }
    }
    expect(bundle.store.metricNames().sort()).toEqual(['error_rate', 'latency_p99', 'memory']);
    expect(bundle.store.points('latency_p99', 'checkout', all).map(([t]) => t)).toEqual([
      T0 - 600,
      T0 - 15.25,
      T0,
      T0 + 300,
    ]);
    expect(bundle.store.logs).toEqual(store.logs.filter((log) => inWindow(log.timestamp)));
    expect(bundle.store.changes).toEqual(store.changes.filter((change) => inWindow(change.timestamp)));
    expect(bundle.store.spans).toEqual(store.spans.filter((span) => inWindow(span.start)));
    expect(bundle.store.logs).toHaveLength(2);
    expect(bundle.store.changes).toHaveLength(1);
    expect(bundle.store.spans).toHaveLength(2);
  });

  it('writes the manifest with ISO timestamps and metrics in the long CSV format', async () => {
    const dir = tempDir();
    await writeBundle(dir, { manifest: MANIFEST, store: sampleStore() });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.alert.timestamp).toBe('2026-03-01T12:30:00.000Z');
    expect(manifest.window).toEqual({ start: '2026-03-01T12:20:00.000Z', end: '2026-03-01T12:35:00.000Z' });
    const csv = readFileSync(join(dir, 'metrics.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('timestamp,service,metric,value');
    expect(csv).toContain(`${T0},checkout,latency_p99,NaN`);
    expect(csv).toContain(`${T0 + 10},payment,memory,+Inf`);
    expect(csv).toContain(`${T0 - 600},"pay,ment ""eu""",error_rate,1e-7`);
    expect(csv.at(-1)).toBe('');
  });

  it('leaves out empty files and removes stale ones from an earlier write', async () => {
    const dir = tempDir();
    await writeBundle(dir, { manifest: MANIFEST, store: sampleStore() });
    const sparse = new TelemetryStore();
    sparse.addLog({ timestamp: T0, service: 'checkout', level: 'info', message: 'only this' });
    sparse.addSample('checkout', 'cpu', T0 - 3600, 0.5); // outside the window
    await writeBundle(dir, { manifest: MANIFEST, store: sparse });
    for (const file of ['topology.json', 'metrics.csv', 'changes.jsonl', 'traces.jsonl']) {
      expect(existsSync(join(dir, file)), file).toBe(false);
    }
    const bundle = await readBundle(dir);
    expect(bundle.present).toEqual({
      topology: false,
      metrics: false,
      logs: true,
      changes: false,
      traces: false,
    });
    expect(bundle.store.logs.map((log) => log.message)).toEqual(['only this']);
  });

  it('creates missing parent folders', async () => {
    const dir = join(tempDir(), 'nested', 'INC-9');
    await writeBundle(dir, { manifest: MANIFEST, store: new TelemetryStore() });
    expect((await readBundle(dir)).manifest.alert.id).toBe('INC-9');
  });

  it('refuses a manifest that would not read back, writing nothing', async () => {
    const dir = join(tempDir(), 'never');
    const bad = { ...MANIFEST, window: { start: T0, end: T0 } };
    const error = await writeBundle(dir, { manifest: bad, store: sampleStore() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).message).toMatch(
      /^manifest\.json: window\.end: must be after window\.start/,
    );
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses a metric name with a line break, which CSV rows here cannot carry', async () => {
    const store = new TelemetryStore();
    store.addSample('check\nout', 'cpu', T0, 1);
    await expect(writeBundle(tempDir(), { manifest: MANIFEST, store })).rejects.toThrow(
      'metrics.csv: service: cannot write "check\\nout": a name must not contain a line break',
    );
  });

  it('overwrites a file left by hand with the same name', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'logs.jsonl'), 'not json\n');
    await writeBundle(dir, { manifest: MANIFEST, store: sampleStore() });
    expect((await readBundle(dir)).store.logs).toHaveLength(2);
  });
});
