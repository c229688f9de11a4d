import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BundleError } from './bundle-error.js';
import { readBundle } from './read-bundle.js';

const T0 = 1772368200;
const GOOD_MANIFEST = {
  format: 'afr-bundle/v1',
  alert: { id: 'INC-1', timestamp: T0, service: 'checkout', severity: 'critical', message: 'm', labels: {} },
  window: { start: T0 - 3600, end: T0 + 300 },
};
const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const manifestWith = (patch: (m: typeof GOOD_MANIFEST) => unknown) =>
  pretty(patch(structuredClone(GOOD_MANIFEST)));
const lines = (...rows: unknown[]) =>
  rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n');
const LOG = { timestamp: T0, service: 'a', level: 'info', message: 'ok' };
const SPAN = {
  trace_id: 't',
  span_id: 's',
  parent_span_id: null,
  service: 'a',
  operation: 'op',
  start: T0,
  duration_ms: 5,
  status: 'ok',
};
const METRICS_HEADER = 'timestamp,service,metric,value';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function readError(files: Record<string, string>): Promise<BundleError> {
  const dir = mkdtempSync(join(tmpdir(), 'afr-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries({ 'manifest.json': pretty(GOOD_MANIFEST), ...files })) {
    writeFileSync(join(dir, name), text);
  }
  const error = await readBundle(dir).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof BundleError)) throw new Error(`expected a BundleError, got ${String(error)}`);
  return error;
}

/** [case, files, expected message]. */
const CASES: [string, Record<string, string>, string | RegExp][] = [
  [
    'manifest: bad JSON',
    { 'manifest.json': '{\n  "format": "afr-bundle/v1",\n  "alert": {,\n}' },
    /^manifest\.json:3: invalid JSON: /,
  ],
  ['manifest: empty file', { 'manifest.json': '' }, /^manifest\.json:1: invalid JSON: /],
  ['manifest: absurd nesting', { 'manifest.json': '['.repeat(200_000) }, /^manifest\.json:1: invalid JSON: /],
  [
    'manifest: bad escape in a key',
    { 'manifest.json': '{\n  "format": "afr-bundle/v1",\n  "al\\ert": {}\n}' },
    /^manifest\.json:3: invalid JSON: /,
  ],
  [
    'manifest: not an object',
    { 'manifest.json': '[1]' },
    'manifest.json:1: expected an object, found an array',
  ],
  [
    'manifest: wrong format',
    { 'manifest.json': manifestWith((m) => ({ ...m, format: 'afr-bundle/v2' })) },
    'manifest.json:2: format: unsupported format "afr-bundle/v2" (expected "afr-bundle/v1")',
  ],
  [
    'manifest: missing format',
    { 'manifest.json': manifestWith(({ format: _f, ...rest }) => rest) },
    'manifest.json:1: format: missing (expected "afr-bundle/v1")',
  ],
  [
    'manifest: unknown severity',
    { 'manifest.json': manifestWith((m) => ({ ...m, alert: { ...m.alert, severity: 'urgent' } })) },
    'manifest.json:7: alert.severity: unknown value "urgent" (expected one of critical, high, medium, low, info)',
  ],
  [
    'manifest: missing alert id',
    { 'manifest.json': manifestWith(({ alert: { id: _id, ...alert }, ...m }) => ({ ...m, alert })) },
    // The rest spread moves `alert` after `window`; a missing field points at its object.
    'manifest.json:7: alert.id: missing',
  ],
  [
    'manifest: missing alert service',
    {
      'manifest.json': manifestWith((m) => {
        const { service: _s, ...alert } = m.alert;
        return { ...m, alert };
      }),
    },
    'manifest.json:3: alert.service: missing',
  ],
  [
    'manifest: bad alert timestamp',
    {
      'manifest.json': manifestWith((m) => ({ ...m, alert: { ...m.alert, timestamp: '2026-03-01 12:30' } })),
    },
    'manifest.json:5: alert.timestamp: expected Unix seconds or an ISO-8601 timestamp with a zone, found "2026-03-01 12:30"',
  ],
  [
    'manifest: missing alert',
    { 'manifest.json': manifestWith(({ alert: _a, ...m }) => m) },
    'manifest.json:1: alert: missing',
  ],
  [
    'manifest: window end before start',
    { 'manifest.json': manifestWith((m) => ({ ...m, window: { start: T0, end: T0 - 1 } })) },
    'manifest.json:13: window.end: must be after window.start (2026-03-01T12:30:00.000Z), found 2026-03-01T12:29:59.000Z',
  ],
  [
    'manifest: window missing end',
    { 'manifest.json': manifestWith((m) => ({ ...m, window: { start: T0 } })) },
    'manifest.json:11: window.end: missing',
  ],
  [
    'manifest: label of the wrong type',
    { 'manifest.json': manifestWith((m) => ({ ...m, alert: { ...m.alert, labels: { team: ['a'] } } })) },
    'manifest.json:10: alert.labels.team: expected a string, found an array',
  ],
  [
    'metrics: missing header column',
    { 'metrics.csv': `timestamp,service,value\n${T0},a,1` },
    'metrics.csv:1: header: missing column "metric" (expected timestamp,service,metric,value in any order, found timestamp,service,value)',
  ],
  [
    'metrics: no header at all',
    { 'metrics.csv': `${T0},a,cpu,1\n` },
    /^metrics\.csv:1: header: missing column "timestamp"/,
  ],
  [
    'metrics: empty file',
    { 'metrics.csv': '\r\n' },
    'metrics.csv:1: header: missing header (the file is empty)',
  ],
  [
    'metrics: duplicate column',
    { 'metrics.csv': 'timestamp,service,metric,value,value\n' },
    'metrics.csv:1: header: column "value" appears twice',
  ],
  [
    'metrics: too few columns',
    { 'metrics.csv': `${METRICS_HEADER}\n${T0},a,cpu,1\n\n${T0},a,cpu\n` },
    'metrics.csv:4: row: expected 4 columns as in the header, found 3',
  ],
  [
    'metrics: too many columns',
    { 'metrics.csv': `${METRICS_HEADER}\r\n${T0},a,cpu,1,2\r\n` },
    'metrics.csv:2: row: expected 4 columns as in the header, found 5',
  ],
  [
    'metrics: non-numeric value',
    { 'metrics.csv': `${METRICS_HEADER}\n${T0},a,cpu,1\n${T0 + 1},a,cpu,high` },
    'metrics.csv:3: value: not a number: "high"',
  ],
  [
    'metrics: empty value',
    { 'metrics.csv': `${METRICS_HEADER}\n${T0},a,cpu,` },
    'metrics.csv:2: value: empty',
  ],
  [
    'metrics: hex value',
    { 'metrics.csv': `${METRICS_HEADER}\n${T0},a,cpu,0x1f` },
    'metrics.csv:2: value: not a number: "0x1f"',
  ],
  [
    'metrics: bad timestamp',
    { 'metrics.csv': `${METRICS_HEADER}\n2026-03-01T12:30:00,a,cpu,1` },
    'metrics.csv:2: timestamp: expected Unix seconds or ISO-8601 with a zone, found "2026-03-01T12:30:00"',
  ],
  [
    'metrics: empty first timestamp',
    { 'metrics.csv': `${METRICS_HEADER}\n,a,cpu,1` },
    'metrics.csv:2: timestamp: expected Unix seconds or ISO-8601 with a zone, found ""',
  ],
  [
    'metrics: empty service',
    { 'metrics.csv': `${METRICS_HEADER}\n${T0},,cpu,1` },
    'metrics.csv:2: service: empty',
  ],
  [
    'metrics: broken quotes',
    { 'metrics.csv': `${METRICS_HEADER}\n${T0},"a,cpu,1` },
    'metrics.csv:2: malformed quoted field (an open quote, or text after the closing quote)',
  ],
  ['logs: bad JSON', { 'logs.jsonl': lines(LOG, '', '{"timestamp": 1, ') }, /^logs\.jsonl:3: invalid JSON: /],
  [
    'logs: missing message',
    { 'logs.jsonl': lines(LOG, { ...LOG, message: undefined }) },
    'logs.jsonl:2: message: missing',
  ],
  [
    'logs: unknown level',
    { 'logs.jsonl': lines(LOG, { ...LOG, level: 'loud' }) },
    'logs.jsonl:2: level: unknown value "loud" (expected one of trace, debug, info, warn, error, fatal)',
  ],
  [
    'logs: numeric level',
    { 'logs.jsonl': lines({ ...LOG, level: 30 }) },
    'logs.jsonl:1: level: unknown value 30 (expected one of trace, debug, info, warn, error, fatal)',
  ],
  [
    'logs: missing timestamp',
    { 'logs.jsonl': lines({ ...LOG, timestamp: undefined }) },
    'logs.jsonl:1: timestamp: missing',
  ],
  [
    'logs: line not an object',
    { 'logs.jsonl': lines(LOG, '"text"') },
    'logs.jsonl:2: expected an object, found "text"',
  ],
  [
    'changes: unknown kind',
    { 'changes.jsonl': lines({ timestamp: T0, service: 'a', kind: 'rollout' }) },
    'changes.jsonl:1: kind: unknown value "rollout" (expected one of deploy, config, feature_flag, scale, infra)',
  ],
  [
    'changes: version of the wrong type',
    { 'changes.jsonl': lines({ timestamp: T0, service: 'a', kind: 'deploy', version: { v: 1 } }) },
    'changes.jsonl:1: version: expected a string, found an object',
  ],
  [
    'traces: missing trace id',
    { 'traces.jsonl': lines(SPAN, { ...SPAN, trace_id: undefined }) },
    'traces.jsonl:2: trace_id: missing',
  ],
  [
    'traces: empty span id',
    { 'traces.jsonl': lines({ ...SPAN, span_id: '' }) },
    'traces.jsonl:1: span_id: expected a non-empty string, found ""',
  ],
  [
    'traces: bad status',
    { 'traces.jsonl': lines({ ...SPAN, status: 'unset' }) },
    'traces.jsonl:1: status: unknown value "unset" (expected one of ok, error)',
  ],
  [
    'traces: negative duration',
    { 'traces.jsonl': lines({ ...SPAN, duration_ms: -1 }) },
    'traces.jsonl:1: duration_ms: expected a number >= 0, found -1',
  ],
  [
    'topology: not an object',
    { 'topology.json': '[]' },
    'topology.json:1: expected an object, found an array',
  ],
  [
    'topology: services not a list',
    { 'topology.json': pretty({ services: { name: 'a' } }) },
    /^topology\.json:2: services: /,
  ],
  [
    'topology: dependency without target',
    {
      'topology.json': pretty({
        services: [{ name: 'a' }],
        dependencies: [{ from: 'a', to: 'b' }, { from: 'a' }],
      }),
    },
    /^topology\.json:12: dependencies\[1\]\.to: /,
  ],
  [
    'topology: service without name',
    { 'topology.json': pretty({ services: [{ name: 'a' }, { tier: 'db' }] }) },
    /^topology\.json:6: services\[1\]\.name: /,
  ],
];

describe('readBundle on malformed input', () => {
  it.each(CASES)('%s', async (_name, files, expected) => {
    const error = await readError(files);
    if (typeof expected === 'string') expect(error.message).toBe(expected);
    else expect(error.message).toMatch(expected);
    expect(error.message.startsWith(`${error.file}:${error.line}: `)).toBe(true);
  });

  it('names a missing manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afr-'));
    dirs.push(dir);
    const error = await readBundle(dir).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).file).toBe('manifest.json');
    expect((error as BundleError).message).toMatch(/^manifest\.json: missing: not found in bundle folder /);
  });

  it('exposes file, line and field separately', async () => {
    const error = await readError({ 'logs.jsonl': lines(LOG, LOG, { ...LOG, level: 'loud' }) });
    expect([error.file, error.line, error.field]).toEqual(['logs.jsonl', 3, 'level']);
  });
});
