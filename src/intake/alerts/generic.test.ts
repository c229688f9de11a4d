// The generic JSON source follows afr's own documented format (README.md in this folder,
// "Generic JSON"): one alert, {"alerts": [...]}, or a top-level array, with fields service,
// severity, message, labels, annotations, status, timestamp, fingerprint — or per-source paths
// given as dot paths or RFC 6901 JSON pointers.
import { describe, expect, it } from 'vitest';
import { handleWebhook } from './handle-webhook.js';
import { intakeKey } from './intake-key.js';
import { readPath } from './json-path.js';
import { NOW, sourceOf } from './test-support.js';
import type { ParseResult } from './types.js';

const OPEN = { sources: { generic: { auth: { type: 'bearer' as const, token: 'g' } } } };
const source = sourceOf('generic', OPEN);

function alerts(result: ParseResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.alerts;
}

const ONE = {
  service: 'checkout',
  severity: 'critical',
  message: 'Database timeout - 247 failed requests',
  status: 'firing',
  timestamp: '2026-11-25T19:00:00Z',
  fingerprint: 'db-timeout-1',
  labels: { env: 'prod' },
  annotations: { runbook: 'https://runbooks.example/db' },
};

describe('generic webhook source', () => {
  it('accepts a single alert', async () => {
    const response = await handleWebhook(source, {
      rawBody: JSON.stringify(ONE),
      headers: { authorization: 'Bearer g' },
    });
    expect(response.status).toBe(200);
    expect(response.alerts[0]).toMatchObject({
      service: 'checkout',
      severity: 'critical',
      message: 'Database timeout - 247 failed requests',
      status: 'firing',
      timestamp: Date.parse('2026-11-25T19:00:00Z') / 1000,
      fingerprint: 'db-timeout-1',
      labels: { env: 'prod' },
      annotations: { runbook: 'https://runbooks.example/db' },
      source: 'generic',
    });
    expect(response.keys).toEqual([
      `generic:db-timeout-1:${Date.parse('2026-11-25T19:00:00Z') / 1000}:firing`,
    ]);
  });

  it('accepts {alerts: [...]} and a top-level array; resolved and re-fired alerts key differently', () => {
    const resolved = { ...ONE, status: 'ok' };
    const refired = { ...ONE, timestamp: 1795640000 };
    const list = alerts(source.parse({ alerts: [ONE, resolved, refired] }, '', {}));
    expect(list.map((a) => a.status)).toEqual(['firing', 'resolved', 'firing']);
    expect(new Set(list.map(intakeKey)).size).toBe(3);
    expect(alerts(source.parse([ONE], '', {}))).toHaveLength(1);
  });

  it('treats an empty alerts array as nothing to do', () => {
    expect(source.parse({ alerts: [] }, '', {})).toEqual({
      ok: true,
      alerts: [],
      warnings: [],
      ignored: 'the payload holds no alerts',
    });
  });

  it('falls back to labels for service and severity, and to receive time for the timestamp', () => {
    const [alert] = alerts(
      source.parse(
        { labels: { app: 'search', severity: 'warning' }, message: 'slow', timestamp: null },
        '',
        {},
      ),
    );
    expect(alert).toMatchObject({ service: 'search', severity: 'medium', timestamp: NOW, status: 'firing' });
    expect(alert.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads Unix milliseconds as well as seconds', () => {
    const [ms] = alerts(source.parse({ ...ONE, timestamp: 1795634021522 }, '', {}));
    const [s] = alerts(source.parse({ ...ONE, timestamp: 1795634021.522 }, '', {}));
    expect(ms.timestamp).toBeCloseTo(s.timestamp, 6);
  });

  it('names the field of alerts[3] when its service cannot be found (422)', () => {
    const { service: _s, ...unnamed } = ONE;
    expect(source.parse({ alerts: [ONE, ONE, ONE, unnamed] }, '', {})).toEqual({
      ok: false,
      error: {
        status: 422,
        field: 'alerts[3].labels.service',
        message: expect.stringMatching(/^required: none of the labels service/),
      },
    });
  });

  it('answers 400 for a bad status, timestamp, labels or body shape', () => {
    expect(source.parse({ alerts: [{ ...ONE, status: 'maybe' }] }, '', {})).toMatchObject({
      error: { status: 400, field: 'alerts[0].status' },
    });
    expect(source.parse({ ...ONE, timestamp: 'last tuesday' }, '', {})).toMatchObject({
      error: { status: 400, field: 'timestamp' },
    });
    expect(source.parse([{ ...ONE, labels: ['x'] }], '', {})).toMatchObject({
      error: { status: 400, field: '[0].labels' },
    });
    expect(source.parse('text', '', {})).toMatchObject({ error: { status: 400, field: '$' } });
    expect(source.parse({ alerts: 'none' }, '', {})).toMatchObject({
      error: { status: 400, field: 'alerts' },
    });
  });

  it('reads configured paths: dot paths and JSON pointers', () => {
    const custom = sourceOf('hooks', {
      sources: {
        hooks: {
          kind: 'generic',
          auth: { type: 'none' },
          alerts_path: 'data.items',
          fields: {
            service: '/app/name',
            severity: 'level',
            message: 'text',
            status: 'state',
            timestamp: 'at',
            fingerprint: 'id',
            labels: 'tags',
            annotations: 'extra',
          },
          resolved_values: ['cleared'],
        },
      },
    });
    const body = {
      data: {
        items: [
          {
            app: { name: 'billing' },
            level: 'P1',
            text: 'Card failures',
            state: 'cleared',
            at: 1795634000,
            id: 'x1',
            tags: { region: 'eu' },
          },
        ],
      },
    };
    const [alert] = alerts(custom.parse(body, '', {}));
    expect(alert).toMatchObject({
      service: 'billing',
      severity: 'critical',
      message: 'Card failures',
      status: 'resolved',
      timestamp: 1795634000,
      fingerprint: 'x1',
      labels: { region: 'eu' },
      source: 'hooks',
    });
    expect(custom.parse({ data: {} }, '', {})).toMatchObject({ error: { status: 400, field: 'data.items' } });
    const { app: _a, ...nameless } = body.data.items[0];
    expect(custom.parse({ data: { items: [nameless] } }, '', {})).toMatchObject({
      error: { status: 422, field: 'data.items[0].tags.service' },
    });
  });
});

describe('readPath', () => {
  const doc = { a: { 'b/c': [{ d: 1 }], 'e~f': 2 } };
  it('reads dot paths, indexes and JSON pointers with escapes', () => {
    expect(readPath(doc, 'a.b/c[0].d')).toBe(1);
    expect(readPath(doc, '/a/b~1c/0/d')).toBe(1);
    expect(readPath(doc, '/a/e~0f')).toBe(2);
    expect(readPath(doc, '')).toBe(doc);
    expect(readPath(doc, 'a.missing.deeper')).toBeUndefined();
    expect(readPath(doc, 'a.constructor')).toBeUndefined();
  });
});
