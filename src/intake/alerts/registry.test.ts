// Configuration and shared pieces: the source registry, auth schemes in isolation (RFC 6750
// bearer, RFC 7617 basic, HMAC-SHA256 with prefixes, base64 and secret rotation), intake keys
// and the recent-keys memory, and the default SNS fetcher against a loopback server.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../../connectors/testing/recording-server.js';
import { authenticateRequest, safeEqual } from './auth.js';
import { createDefaultHttpGet } from './default-http-get.js';
import { intakeKey, labelsFingerprint } from './intake-key.js';
import { RecentIntakeKeys } from './recent-keys.js';
import { createWebhookSources, WebhookIntakeConfigSchema } from './registry.js';
import { NOW } from './test-support.js';

describe('createWebhookSources', () => {
  it('registers every kind under its own id by default', () => {
    const sources = createWebhookSources({});
    expect(Object.keys(sources).sort()).toEqual([
      'alertmanager',
      'cloudwatch',
      'datadog',
      'generic',
      'grafana',
      'pagerduty',
    ]);
    expect(
      Object.values(sources)
        .map((s) => s.kind)
        .sort(),
    ).toEqual(Object.keys(sources).sort());
  });

  it('adds instances with a kind, and drops disabled sources', () => {
    const sources = createWebhookSources({
      sources: { 'team-x': { kind: 'generic' }, pagerduty: { enabled: false }, grafana: null },
    });
    expect(sources['team-x']).toMatchObject({ id: 'team-x', kind: 'generic' });
    expect(sources.pagerduty).toBeUndefined();
    expect(sources.grafana).toBeDefined();
  });

  it('reports config errors with the key path', () => {
    const bad = WebhookIntakeConfigSchema.safeParse({
      sources: {
        mystery: {},
        cloudwatch: { auth: { type: 'bearer', token: 't' } },
        alertmanager: { auth: { type: 'hmac' } },
        generic: { fields: { nope: 'x' } },
      },
      mapping: { default_severity: 'urgent' },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((issue) => issue.path.join('.')).sort();
    expect(paths).toEqual([
      'mapping.default_severity',
      'sources.alertmanager.auth.secret',
      'sources.cloudwatch.auth.type',
      'sources.generic.fields',
      'sources.mystery.kind',
    ]);
  });

  it('throws a ZodError for invalid config at startup', () => {
    expect(() => createWebhookSources({ sources: { BadId: {} } } as never)).toThrow(/source ids/);
  });
});

describe('authenticateRequest', () => {
  const context = { source: 'test', now: () => NOW };
  const body = Buffer.from('{"a":1}');
  const sign = (secret: string, encoding: 'hex' | 'base64') =>
    createHmac('sha256', secret).update(body).digest(encoding);

  it('verifies GitHub-style prefixed hex and base64 signatures, with rotated secrets', () => {
    const hex = {
      type: 'hmac' as const,
      secret: ['new', 'old'],
      header: 'x-hub-signature-256',
      prefix: 'sha256=',
      encoding: 'hex' as const,
      max_skew_s: 300,
    };
    expect(
      authenticateRequest(hex, body, { 'x-hub-signature-256': `sha256=${sign('old', 'hex')}` }, context),
    ).toEqual({
      ok: true,
      method: 'hmac',
    });
    expect(
      authenticateRequest(hex, body, { 'x-hub-signature-256': sign('old', 'hex') }, context),
    ).toMatchObject({
      status: 403,
    });
    const b64 = { ...hex, secret: 'k', prefix: '', encoding: 'base64' as const };
    expect(
      authenticateRequest(b64, body, { 'x-hub-signature-256': sign('k', 'base64') }, context),
    ).toMatchObject({ ok: true });
    expect(authenticateRequest(b64, body, { 'x-hub-signature-256': 'not base64!' }, context)).toMatchObject({
      status: 403,
    });
  });

  it('uses the first value of a repeated header', () => {
    const bearer = { type: 'bearer' as const, token: 't' };
    expect(
      authenticateRequest(bearer, body, { authorization: ['Bearer t', 'Bearer x'] }, context),
    ).toMatchObject({ ok: true });
  });

  it('compares secrets in constant time regardless of length', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });
});

describe('intake keys', () => {
  const alert = { source: 'x', labels: { b: '2', a: '1' }, timestamp: 100, status: 'firing' as const };
  it('derive the fingerprint from sorted labels when absent', () => {
    expect(labelsFingerprint({ a: '1', b: '2' })).toBe(labelsFingerprint({ b: '2', a: '1' }));
    expect(intakeKey(alert)).toBe(`x:${labelsFingerprint({ a: '1', b: '2' })}:100:firing`);
    expect(intakeKey({ ...alert, fingerprint: 'fp' })).toBe('x:fp:100:firing');
  });

  it('are remembered for the TTL, bounded in number', () => {
    let now = 0;
    const recent = new RecentIntakeKeys({ ttl_s: 60, max_keys: 2, now: () => now });
    expect(recent.claim('a')).toBe(true);
    expect(recent.claim('a')).toBe(false);
    now = 61;
    expect(recent.claim('a')).toBe(true);
    recent.claim('b');
    recent.claim('c');
    expect(recent.size).toBe(2);
    expect(recent.claim('a')).toBe(true); // evicted as the oldest
  });
});

describe('createDefaultHttpGet', () => {
  let server: RecordingServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('GETs path and query, returning the body, and non-2xx as a status', async () => {
    server = await startRecordingServer((request) =>
      request.path === '/cert.pem'
        ? { body: '-----BEGIN CERTIFICATE-----' }
        : { status: 404, body: 'NotFound' },
    );
    const get = createDefaultHttpGet({ timeoutMs: 2_000 });
    expect(await get(`${server.url}/cert.pem?x=1`)).toEqual({
      status: 200,
      body: '-----BEGIN CERTIFICATE-----',
    });
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/cert.pem' });
    expect(server.requests[0].query.get('x')).toBe('1');
    expect(await get(`${server.url}/missing`)).toEqual({ status: 404, body: 'NotFound' });
  });
});
