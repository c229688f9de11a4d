// Follows PagerDuty Developer Docs, "Webhooks V3 Overview" (event envelope: event.id,
// event_type, resource_type, occurred_at, data = incident with id, number, status,
// incident_key, created_at, title, service{summary}, priority{summary}, urgency, html_url)
// and "Verifying Signatures" (X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the raw body>,
// several comma-separated during secret rotation; compare in constant time).
import { describe, expect, it } from 'vitest';
import { handleWebhook } from './handle-webhook.js';
import { intakeKey } from './intake-key.js';
import { hmacHex, sourceOf } from './test-support.js';

function envelope(
  eventType: string,
  overrides: Record<string, unknown> = {},
  occurredAt = '2020-10-02T18:45:22.169Z',
) {
  return {
    event: {
      id: '5ac64822-4adc-4fda-ade0-410becf0de4f',
      event_type: eventType,
      resource_type: 'incident',
      occurred_at: occurredAt,
      agent: { html_url: 'https://acme.pagerduty.com/users/PLH1HKV', id: 'PLH1HKV', type: 'user_reference' },
      client: null,
      data: {
        id: 'PGR0VU2',
        type: 'incident',
        self: 'https://api.pagerduty.com/incidents/PGR0VU2',
        html_url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
        number: 2,
        status: eventType === 'incident.resolved' ? 'resolved' : 'triggered',
        incident_key: 'd3640fbd41094207a1c11e58e46b1662',
        created_at: '2020-04-09T15:16:27Z',
        title: 'A little bump in the road',
        service: {
          html_url: 'https://acme.pagerduty.com/services/PF9KMXH',
          id: 'PF9KMXH',
          self: 'https://api.pagerduty.com/services/PF9KMXH',
          summary: 'API Service',
          type: 'service_reference',
        },
        assignees: [],
        escalation_policy: { id: 'PUS0KTE', summary: 'Default', type: 'escalation_policy_reference' },
        teams: [],
        priority: { id: 'PSO75BM', summary: 'P1', type: 'priority_reference' },
        urgency: 'high',
        conference_bridge: null,
        resolve_reason: null,
        ...overrides,
      },
    },
  };
}

const SECRET = 'pd-signing-secret';
const source = sourceOf('pagerduty', {
  sources: {
    pagerduty: {
      auth: { type: 'hmac', secret: SECRET },
      mapping: { service_aliases: { 'API Service': 'api' } },
    },
  },
});

function signed(payload: unknown) {
  const raw = JSON.stringify(payload);
  return { rawBody: Buffer.from(raw), headers: { 'x-pagerduty-signature': `v1=${hmacHex(SECRET, raw)}` } };
}

describe('pagerduty webhook source', () => {
  it('turns incident.triggered into a firing alert', async () => {
    const response = await handleWebhook(source, signed(envelope('incident.triggered')));
    expect(response.status).toBe(200);
    const [alert] = response.alerts;
    expect(alert).toMatchObject({
      service: 'api', // "API Service" through service_aliases
      severity: 'critical', // priority P1
      status: 'firing',
      source: 'pagerduty',
      fingerprint: 'pagerduty-PGR0VU2',
      message: 'A little bump in the road',
      timestamp: Date.parse('2020-04-09T15:16:27Z') / 1000,
    });
    expect(alert.labels).toEqual({
      service: 'API Service',
      pagerduty_service_id: 'PF9KMXH',
      priority: 'P1',
      urgency: 'high',
      incident_id: 'PGR0VU2',
    });
    expect(alert.annotations).toMatchObject({
      event_type: 'incident.triggered',
      incident_number: '2',
      html_url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
      incident_key: 'd3640fbd41094207a1c11e58e46b1662',
    });
  });

  it('resolves with the same fingerprint and a different key; a reopen is a new firing', () => {
    const triggered = source.parse(envelope('incident.triggered'), '', {});
    const resolved = source.parse(envelope('incident.resolved'), '', {});
    const reopened = source.parse(envelope('incident.reopened', {}, '2020-04-10T08:00:00Z'), '', {});
    if (!triggered.ok || !resolved.ok || !reopened.ok) throw new Error('expected ok');
    const [t, r, o] = [triggered.alerts[0], resolved.alerts[0], reopened.alerts[0]];
    expect(r.status).toBe('resolved');
    expect(r.fingerprint).toBe(t.fingerprint);
    expect(new Set([intakeKey(t), intakeKey(r), intakeKey(o)]).size).toBe(3);
    expect(o).toMatchObject({ status: 'firing', timestamp: Date.parse('2020-04-10T08:00:00Z') / 1000 });
    // A redelivery of the same trigger keys identically.
    const again = source.parse(envelope('incident.triggered'), '', {});
    expect(again.ok && intakeKey(again.alerts[0])).toBe(intakeKey(t));
  });

  it('ignores other event types and pings', () => {
    expect(source.parse(envelope('incident.acknowledged'), '', {})).toEqual({
      ok: true,
      alerts: [],
      warnings: [],
      ignored: 'event_type incident.acknowledged is neither a trigger nor a resolve',
    });
    const ping = source.parse(
      { event: { event_type: 'pagey.ping', resource_type: 'pagey', data: {} } },
      '',
      {},
    );
    expect(ping).toMatchObject({ ok: true, alerts: [] });
  });

  describe('signatures', () => {
    const raw = JSON.stringify(envelope('incident.triggered'));

    it('accepts any one of several comma-separated signatures (secret rotation)', async () => {
      const header = `v1=${hmacHex('old-secret', raw)},v1=${hmacHex(SECRET, raw)}`;
      expect(await source.authenticate(raw, { 'x-pagerduty-signature': header })).toEqual({
        ok: true,
        method: 'hmac',
      });
    });

    it('rejects a wrong signature with 403 and a missing header with 401', async () => {
      const wrong = await source.authenticate(raw, { 'x-pagerduty-signature': `v1=${hmacHex('nope', raw)}` });
      expect(wrong).toMatchObject({ ok: false, status: 403 });
      expect(await source.authenticate(raw, {})).toMatchObject({ ok: false, status: 401 });
      const otherScheme = await source.authenticate(raw, {
        'x-pagerduty-signature': `v0=${hmacHex(SECRET, raw)}`,
      });
      expect(otherScheme).toMatchObject({ ok: false, status: 403 });
    });

    it('rejects a body changed after signing', async () => {
      const header = `v1=${hmacHex(SECRET, raw)}`;
      const result = await source.authenticate(raw.replace('P1', 'P5'), { 'x-pagerduty-signature': header });
      expect(result).toMatchObject({ ok: false, status: 403 });
    });
  });

  describe('errors name the field', () => {
    it('400 for a missing envelope or incident id', () => {
      expect(source.parse({}, '', {})).toMatchObject({ ok: false, error: { status: 400, field: 'event' } });
      expect(source.parse(envelope('incident.triggered', { id: undefined }), '', {})).toMatchObject({
        ok: false,
        error: { status: 400, field: 'event.data.id' },
      });
    });

    it('422 naming event.data.service.summary when the incident names no service', () => {
      const plain = sourceOf('pagerduty', { sources: { pagerduty: { auth: { type: 'none' } } } });
      expect(plain.parse(envelope('incident.triggered', { service: null }), '', {})).toMatchObject({
        ok: false,
        error: { status: 422, field: 'event.data.service.summary' },
      });
    });
  });
});
