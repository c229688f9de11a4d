// Follows Grafana's "Configure webhook notifications" (grafana.com/docs/grafana/latest/alerting/
// configure-notifications/manage-contact-points/integrations/webhook-notifier/): the JSON body
// (receiver, status, orgId, alerts[] with values/valueString/silenceURL/dashboardURL/panelURL,
// version "1", groupKey, truncatedAlerts, title, state, message) and the "HMAC signature"
// section: hex HMAC-SHA256 of the body, or of "<timestamp>:<body>" when a timestamp header is
// configured, in X-Grafana-Alerting-Signature by default.
import { describe, expect, it } from 'vitest';
import { handleWebhook } from './handle-webhook.js';
import { intakeKey } from './intake-key.js';
import { hmacHex, NOW, sourceOf } from './test-support.js';

const FIRING_ALERT = {
  status: 'firing',
  labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
  annotations: {
    description: 'The system has high memory usage',
    runbook_url: 'https://myrunbook.com/runbook/1234',
    summary: 'This alert was triggered for zone us-1',
  },
  startsAt: '2021-10-12T09:51:03.157076+02:00',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'https://play.grafana.org/alerting/1afz29v7z/edit',
  fingerprint: 'c6eadffa33fcdf37',
  silenceURL: 'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2',
  dashboardURL: '',
  panelURL: '',
  values: { B: 44.23943737541908, C: 1 },
  valueString: "[ var='B' labels={__name__=go_memstats_alloc_bytes, job=grafana} value=44.23943737541908 ]",
};

function body(alerts: unknown[], status = 'firing'): string {
  return JSON.stringify({
    receiver: 'My Super Webhook',
    status,
    orgId: 1,
    alerts,
    groupLabels: {},
    commonLabels: { team: 'blue' },
    commonAnnotations: {},
    externalURL: 'https://play.grafana.org/',
    version: '1',
    groupKey: '{}:{}',
    truncatedAlerts: 0,
    title: '[FIRING:1]  (blue)',
    state: status === 'firing' ? 'alerting' : 'ok',
    message: '**Firing**',
  });
}

const SECRET = 'grafana-hmac-secret';
const config = {
  sources: {
    grafana: {
      auth: { type: 'hmac' as const, secret: SECRET },
      mapping: { service_labels: ['service', 'team'] },
    },
  },
};

describe('grafana webhook source', () => {
  const source = sourceOf('grafana', config);

  it('parses a firing notification, keeping Grafana fields as annotations', async () => {
    const raw = body([FIRING_ALERT]);
    const response = await handleWebhook(source, {
      rawBody: Buffer.from(raw),
      headers: { 'x-grafana-alerting-signature': hmacHex(SECRET, raw) },
    });
    expect(response.status).toBe(200);
    const [alert] = response.alerts;
    expect(alert).toMatchObject({
      service: 'blue',
      severity: 'medium', // no severity label: the default
      status: 'firing',
      source: 'grafana',
      fingerprint: 'c6eadffa33fcdf37',
      message: 'This alert was triggered for zone us-1',
      timestamp: Date.parse('2021-10-12T07:51:03.157Z') / 1000,
    });
    expect(alert.annotations).toMatchObject({
      runbook_url: 'https://myrunbook.com/runbook/1234',
      generator_url: 'https://play.grafana.org/alerting/1afz29v7z/edit',
      silence_url: FIRING_ALERT.silenceURL,
      values: '{"B":44.23943737541908,"C":1}',
      value_string: FIRING_ALERT.valueString,
      org_id: '1',
      receiver: 'My Super Webhook',
    });
    expect(alert.annotations.dashboard_url).toBeUndefined(); // empty strings are not kept
  });

  it('turns a resolved notification into a resolved alert with a distinct key', () => {
    const resolvedAlert = { ...FIRING_ALERT, status: 'resolved', endsAt: '2021-10-12T10:01:03+02:00' };
    const firing = source.parse(JSON.parse(body([FIRING_ALERT])), '', {});
    const resolved = source.parse(JSON.parse(body([resolvedAlert], 'resolved')), '', {});
    if (!firing.ok || !resolved.ok) throw new Error('expected ok');
    expect(resolved.alerts[0].status).toBe('resolved');
    expect(resolved.alerts[0].annotations.ends_at).toBe('2021-10-12T10:01:03+02:00');
    expect(intakeKey(resolved.alerts[0])).not.toBe(intakeKey(firing.alerts[0]));
  });

  it('rejects a wrong signature with 403, a missing one with 401, a tampered body with 403', async () => {
    const raw = body([FIRING_ALERT]);
    const wrong = await source.authenticate(raw, { 'x-grafana-alerting-signature': hmacHex('other', raw) });
    expect(wrong).toMatchObject({ ok: false, status: 403 });
    expect(await source.authenticate(raw, {})).toMatchObject({ ok: false, status: 401 });
    const tampered = await source.authenticate(raw.replace('us-1', 'us-2'), {
      'x-grafana-alerting-signature': hmacHex(SECRET, raw),
    });
    expect(tampered).toMatchObject({ ok: false, status: 403 });
  });

  it('verifies "<timestamp>:<body>" signatures and rejects stale timestamps', async () => {
    const stamped = sourceOf('grafana', {
      sources: {
        grafana: {
          auth: { type: 'hmac', secret: SECRET, timestamp_header: 'X-Grafana-Alerting-Timestamp' },
        },
      },
    });
    const raw = body([FIRING_ALERT]);
    const fresh = String(NOW - 10);
    const good = await stamped.authenticate(raw, {
      'x-grafana-alerting-timestamp': fresh,
      'x-grafana-alerting-signature': hmacHex(SECRET, `${fresh}:${raw}`),
    });
    expect(good).toEqual({ ok: true, method: 'hmac' });
    const bodyOnly = await stamped.authenticate(raw, {
      'x-grafana-alerting-timestamp': fresh,
      'x-grafana-alerting-signature': hmacHex(SECRET, raw),
    });
    expect(bodyOnly).toMatchObject({ ok: false, status: 403 });
    const stale = String(NOW - 3600);
    const replayed = await stamped.authenticate(raw, {
      'x-grafana-alerting-timestamp': stale,
      'x-grafana-alerting-signature': hmacHex(SECRET, `${stale}:${raw}`),
    });
    expect(replayed).toMatchObject({ ok: false, status: 403 });
    expect((replayed as { reason: string }).reason).toMatch(/skew/);
  });

  it('accepts the contact point Authorization header instead (bearer)', async () => {
    const bearer = sourceOf('grafana', { sources: { grafana: { auth: { type: 'bearer', token: 'tok' } } } });
    expect(await bearer.authenticate('{}', { authorization: 'bearer tok' })).toEqual({
      ok: true,
      method: 'bearer',
    });
  });

  it('rejects a Grafana test notification with no service label when no default is set', () => {
    const test = { ...FIRING_ALERT, labels: { alertname: 'TestAlert', instance: 'Grafana' } };
    expect(source.parse(JSON.parse(body([test])), '', {})).toMatchObject({
      ok: false,
      error: { status: 422, field: 'alerts[0].labels.service' },
    });
  });
});
