// Follows the Prometheus Alertmanager documentation, "Configuration: <webhook_config>"
// (prometheus.io/docs/alerting/latest/configuration/#webhook_config): JSON payload version 4,
// alerts[] with status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint;
// http_config.authorization (Bearer) or basic_auth. The two fixtures were captured from a real
// Alertmanager.
import { describe, expect, it } from 'vitest';
import { handleWebhook } from './handle-webhook.js';
import { intakeKey } from './intake-key.js';
import { RecentIntakeKeys } from './recent-keys.js';
import { fixtureText, sourceOf } from './test-support.js';
import type { ParseResult } from './types.js';

const FIRING = fixtureText('alertmanager-webhook-firing.json');
const RESOLVED = fixtureText('alertmanager-webhook-resolved.json');
const BEARER = { sources: { alertmanager: { auth: { type: 'bearer' as const, token: 's3cret-token' } } } };
const AUTHORIZED = { authorization: 'Bearer s3cret-token', 'content-type': 'application/json' };

function alertsOf(result: ParseResult) {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.alerts;
}

function payloadWith(alerts: unknown[]): string {
  return JSON.stringify({ ...JSON.parse(FIRING), alerts });
}

describe('alertmanager webhook source', () => {
  const source = sourceOf('alertmanager', BEARER);

  it('parses the captured firing payload', async () => {
    const response = await handleWebhook(source, { rawBody: Buffer.from(FIRING), headers: AUTHORIZED });
    expect(response.status).toBe(200);
    expect(response.alerts).toHaveLength(1);
    const [alert] = response.alerts;
    expect(alert).toMatchObject({
      service: 'checkout',
      severity: 'critical', // severity="page"
      status: 'firing',
      source: 'alertmanager',
      fingerprint: 'f01341052d6b3406',
      message: 'error_rate is 5 on 127.0.0.1:19100',
      timestamp: Date.parse('2026-11-25T19:13:41.522Z') / 1000,
    });
    expect(alert.labels).toEqual({
      alertname: 'HighErrorRate',
      instance: '127.0.0.1:19100',
      job: 'app',
      service: 'checkout',
      severity: 'page',
    });
    expect(alert.annotations).toMatchObject({
      summary: 'error_rate is 5 on 127.0.0.1:19100',
      generator_url: 'http://127.0.0.1:19090/graph?g0.expr=error_rate+%3E+1&g0.tab=1',
      receiver: 'webhook',
      group_key: '{}:{alertname="HighErrorRate"}',
    });
    expect(alert.annotations.ends_at).toBeUndefined(); // Go zero time means "still firing"
    expect(response.keys).toEqual([
      `alertmanager:f01341052d6b3406:${Date.parse('2026-11-25T19:13:41.522Z') / 1000}:firing`,
    ]);
    expect(response.body).toMatchObject({ source: 'alertmanager', accepted: 1 });
  });

  it('parses the captured resolved payload: same fingerprint, different key', () => {
    const firing = alertsOf(source.parse(JSON.parse(FIRING), FIRING, {}))[0];
    const resolved = alertsOf(source.parse(JSON.parse(RESOLVED), RESOLVED, {}))[0];
    expect(resolved.status).toBe('resolved');
    expect(resolved.annotations.ends_at).toBe('2026-11-25T19:13:53.522Z');
    expect(resolved.fingerprint).toBe(firing.fingerprint);
    expect(intakeKey(resolved)).not.toBe(intakeKey(firing));
    expect(resolved.id).not.toBe(firing.id);
  });

  it('gives a replayed delivery the same key and id, and the recent-keys memory drops it', async () => {
    const recent = new RecentIntakeKeys();
    const first = await handleWebhook(source, { rawBody: FIRING, headers: AUTHORIZED }, { recent });
    const replay = await handleWebhook(source, { rawBody: FIRING, headers: AUTHORIZED }, { recent });
    expect(replay.keys).toEqual(first.keys);
    expect(first.alerts).toHaveLength(1);
    expect(replay.alerts).toHaveLength(0);
    expect(replay.duplicates).toEqual(first.keys);
    expect(replay.body).toMatchObject({ accepted: 0, duplicates: first.keys });
    const resolved = await handleWebhook(source, { rawBody: RESOLVED, headers: AUTHORIZED }, { recent });
    expect(resolved.alerts).toHaveLength(1);
  });

  it('keys a re-fire (new startsAt) differently from the first firing', () => {
    const original = JSON.parse(FIRING).alerts[0];
    const refire = { ...original, startsAt: '2026-11-25T20:00:00Z' };
    const [a] = alertsOf(source.parse(JSON.parse(FIRING), FIRING, {}));
    const [b] = alertsOf(source.parse(JSON.parse(payloadWith([refire])), '', {}));
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(intakeKey(b)).not.toBe(intakeKey(a));
  });

  it('computes a label-order-independent fingerprint when the sender gives none', () => {
    const base = JSON.parse(FIRING).alerts[0];
    const { fingerprint: _drop, ...noFingerprint } = base;
    const reordered = { ...noFingerprint, labels: Object.fromEntries(Object.entries(base.labels).reverse()) };
    const [a] = alertsOf(source.parse(JSON.parse(payloadWith([noFingerprint])), '', {}));
    const [b] = alertsOf(source.parse(JSON.parse(payloadWith([reordered])), '', {}));
    expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('accepts nanosecond startsAt precision', () => {
    const alert = { ...JSON.parse(FIRING).alerts[0], startsAt: '2026-11-25T19:13:41.522123456Z' };
    const [parsed] = alertsOf(source.parse(JSON.parse(payloadWith([alert])), '', {}));
    expect(parsed.timestamp).toBeCloseTo(1795634021.522, 3);
  });

  describe('authentication', () => {
    it('refuses a missing token with 401 and a wrong one with 403', async () => {
      const missing = await handleWebhook(source, { rawBody: FIRING, headers: {} });
      expect(missing.status).toBe(401);
      expect(missing.alerts).toEqual([]);
      const wrong = await handleWebhook(source, {
        rawBody: FIRING,
        headers: { authorization: 'Bearer nope' },
      });
      expect(wrong.status).toBe(403);
      expect(wrong.body).toEqual({ error: 'invalid bearer token' });
    });

    it('accepts basic auth (basic_auth in http_config)', async () => {
      const basic = sourceOf('alertmanager', {
        sources: { alertmanager: { auth: { type: 'basic', username: 'am', password: 'pw' } } },
      });
      const good = `Basic ${Buffer.from('am:pw').toString('base64')}`;
      const bad = `Basic ${Buffer.from('am:nope').toString('base64')}`;
      expect(await basic.authenticate(FIRING, { authorization: good })).toEqual({
        ok: true,
        method: 'basic',
      });
      expect(await basic.authenticate(FIRING, { authorization: bad })).toMatchObject({
        ok: false,
        status: 403,
      });
    });

    it('falls back to the shared token only when the source configures no auth', async () => {
      const shared = sourceOf('alertmanager', { shared_token: 'team-token' });
      expect(await shared.authenticate(FIRING, { authorization: 'Bearer team-token' })).toEqual({
        ok: true,
        method: 'shared_token',
      });
      expect(await shared.authenticate(FIRING, { authorization: 'Bearer other' })).toMatchObject({
        status: 403,
      });
      const own = sourceOf('alertmanager', { shared_token: 'team-token', ...BEARER });
      expect(await own.authenticate(FIRING, { authorization: 'Bearer team-token' })).toMatchObject({
        status: 403,
      });
    });

    it('refuses everything when no auth is configured, and lets through with auth none', async () => {
      const unconfigured = sourceOf('alertmanager', {});
      const refused = await unconfigured.authenticate(FIRING, { authorization: 'Bearer anything' });
      expect(refused).toMatchObject({ ok: false, status: 401 });
      const open = sourceOf('alertmanager', { sources: { alertmanager: { auth: { type: 'none' } } } });
      expect(await open.authenticate(FIRING, {})).toEqual({ ok: true, method: 'none' });
    });
  });

  describe('errors name the field', () => {
    it('rejects a non-JSON body with 400', async () => {
      const response = await handleWebhook(source, { rawBody: 'alerts=1', headers: AUTHORIZED });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: { field: '$' } });
      expect(String((response.body.error as { message: string }).message)).toMatch(/^malformed JSON/);
    });

    it('accepts an empty alerts array as nothing to do', async () => {
      const response = await handleWebhook(source, { rawBody: payloadWith([]), headers: AUTHORIZED });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ accepted: 0, ignored: 'the payload holds no alerts' });
    });

    it('rejects alerts that are not an array, and a bad status or startsAt', () => {
      const base = JSON.parse(FIRING);
      expect(source.parse({ ...base, alerts: {} }, '', {})).toEqual({
        ok: false,
        error: { status: 400, field: 'alerts', message: 'required: expected an array' },
      });
      const badStatus = source.parse({ ...base, alerts: [{ ...base.alerts[0], status: 'pending' }] }, '', {});
      expect(badStatus).toMatchObject({ ok: false, error: { status: 400, field: 'alerts[0].status' } });
      const badStart = source.parse(
        { ...base, alerts: [{ ...base.alerts[0], startsAt: 'yesterday' }] },
        '',
        {},
      );
      expect(badStart).toMatchObject({ ok: false, error: { status: 400, field: 'alerts[0].startsAt' } });
      const noLabels = source.parse({ ...base, alerts: [{ ...base.alerts[0], labels: 'x' }] }, '', {});
      expect(noLabels).toMatchObject({ ok: false, error: { status: 400, field: 'alerts[0].labels' } });
    });

    it('rejects with 422 an alert whose service no label names, naming alerts[3].labels.service', async () => {
      const good = JSON.parse(FIRING).alerts[0];
      const { service: _s, job: _j, ...unnamed } = good.labels;
      const body = payloadWith([good, good, good, { ...good, labels: unnamed }]);
      const response = await handleWebhook(source, { rawBody: body, headers: AUTHORIZED });
      expect(response.status).toBe(422);
      const error = response.body.error as { field: string; message: string };
      expect(error.field).toBe('alerts[3].labels.service');
      expect(error.message).toMatch(/^required: none of the labels service, service_name, app/);
      expect(response.alerts).toEqual([]);
    });

    it('uses default_service when configured instead of rejecting', () => {
      const good = JSON.parse(FIRING).alerts[0];
      const { service: _s, job: _j, ...unnamed } = good.labels;
      const withDefault = sourceOf('alertmanager', { mapping: { default_service: 'platform' } });
      const [alert] = alertsOf(
        withDefault.parse(JSON.parse(payloadWith([{ ...good, labels: unnamed }])), '', {}),
      );
      expect(alert.service).toBe('platform');
    });
  });

  describe('label mapping', () => {
    it('honours a configured service label order, severity map and aliases', () => {
      const mapped = sourceOf('alertmanager', {
        mapping: { service_labels: ['job', 'service'], service_aliases: { app: 'storefront' } },
        sources: { alertmanager: { mapping: { severity_map: { page: 'high' } } } },
      });
      const [alert] = alertsOf(mapped.parse(JSON.parse(FIRING), FIRING, {}));
      expect(alert.service).toBe('storefront');
      expect(alert.severity).toBe('high');
    });

    it('rejects an unmappable severity with 422 when default_severity is null', () => {
      const good = JSON.parse(FIRING).alerts[0];
      const strict = sourceOf('alertmanager', { mapping: { default_severity: null } });
      const odd = { ...good, labels: { ...good.labels, severity: 'whenever' } };
      expect(strict.parse(JSON.parse(payloadWith([odd])), '', {})).toMatchObject({
        ok: false,
        error: { status: 422, field: 'alerts[0].labels.severity' },
      });
      const lenient = sourceOf('alertmanager', {});
      expect(alertsOf(lenient.parse(JSON.parse(payloadWith([odd])), '', {}))[0].severity).toBe('medium');
    });
  });

  it('warns about truncated alerts and unexpected versions', () => {
    const body = { ...JSON.parse(FIRING), truncatedAlerts: 3, version: '5' };
    const result = source.parse(body, '', {});
    expect(result.ok && result.warnings).toEqual([
      'unexpected webhook payload version 5 (expected 4)',
      'Alertmanager truncated 3 alert(s) from this group (raise max_alerts in webhook_config)',
    ]);
  });
});
