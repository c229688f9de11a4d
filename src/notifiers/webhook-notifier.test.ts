/**
 * afr's own webhook contract (documented in webhook-notifier.ts): POST JSON, optional
 * `Authorization: Bearer`, optional `X-Afr-Signature-256: sha256=<hex HMAC-SHA256 of the
 * raw body>`; any 2xx is success.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../connectors/testing/recording-server.js';
import { AUDIT_HEAD, eventFixture, FAST, signal } from './testing/notification-fixtures.js';
import { WebhookNotifier, WebhookOptionsSchema } from './webhook-notifier.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('WebhookNotifier', () => {
  it('posts the event without the report, signed and with a bearer token', async () => {
    server = await startRecordingServer(() => ({ status: 204, body: '' }));
    const webhook = new WebhookNotifier(
      WebhookOptionsSchema.parse({
        url: `${server.url}/hooks/afr?team=payments`,
        bearer_token: 'tok-123',
        hmac_secret: 'shh',
        headers: { 'X-Team': 'payments' },
        ...FAST,
      }),
      'webhook',
      {},
      () => 1_772_368_500,
    );
    const outcome = await webhook.notify(eventFixture({ audit_head: AUDIT_HEAD }), { signal: signal() });
    expect(outcome).toMatchObject({
      kind: 'ok',
      source: { connector: 'webhook', query: 'POST approval_requested INC-42' },
    });

    const sent = server.requests[0];
    expect([sent.method, sent.path, sent.query.get('team')]).toEqual(['POST', '/hooks/afr', 'payments']);
    expect(sent.headers.authorization).toBe('Bearer tok-123');
    expect(sent.headers['x-team']).toBe('payments');
    expect(sent.headers['content-type']).toBe('application/json');
    const expected = `sha256=${createHmac('sha256', 'shh').update(sent.body).digest('hex')}`;
    expect(sent.headers['x-afr-signature-256']).toBe(expected);
    const body = JSON.parse(sent.body);
    expect(body).toMatchObject({
      version: 1,
      sent_at: 1_772_368_500,
      kind: 'approval_requested',
      incident_id: 'INC-42',
      severity: 'critical',
      service: 'payment-service',
      title: 'Approval requested: [critical] payment-service: approve',
    });
    expect(body.fields).toContainEqual({
      label: 'Root cause',
      value: 'config change on payment-service exhausted its DB connection pool',
    });
    expect(body.report).toBeUndefined();
    expect(body.audit_head).toEqual({ seq: 42, hash: AUDIT_HEAD.hash });
  });

  it('includes the report when configured, never the undo token, and sends no auth by default', async () => {
    server = await startRecordingServer(() => ({ body: { received: true } }));
    const webhook = new WebhookNotifier(
      WebhookOptionsSchema.parse({ url: `${server.url}/in`, include_report: true, ...FAST }),
    );
    const action = {
      id: 'ACT-1',
      incident_id: 'INC-42',
      step_id: 's1',
      strategy: 'rollback' as const,
      target: 'payment-service',
      status: 'applied' as const,
      started_at: 1,
      finished_at: 2,
      detail: 'rolled back to rev 41',
      undo_token: { revision: 42 },
    };
    await webhook.notify(eventFixture({ kind: 'action_taken', action }), { signal: signal() });
    const sent = server.requests[0];
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.headers['x-afr-signature-256']).toBeUndefined();
    const body = JSON.parse(sent.body);
    expect(body.report.incident_id).toBe('INC-42');
    expect(body.action).toMatchObject({ id: 'ACT-1', status: 'applied' });
    expect(body.action.undo_token).toBeUndefined();
    expect(body.audit_head).toBeNull();
  });

  it('reports 4xx and retried 5xx as error outcomes', async () => {
    server = await startRecordingServer(() => ({ status: 401, body: { error: 'bad token' } }));
    const webhook = new WebhookNotifier(WebhookOptionsSchema.parse({ url: `${server.url}/in`, ...FAST }));
    expect(await webhook.notify(eventFixture(), { signal: signal() })).toMatchObject({
      kind: 'error',
      message: 'HTTP 401: {"error":"bad token"}',
      retryable: false,
    });

    await server.close();
    server = await startRecordingServer(() => ({ status: 503, body: 'down' }));
    const again = new WebhookNotifier(WebhookOptionsSchema.parse({ url: `${server.url}/in`, ...FAST }));
    expect(await again.notify(eventFixture(), { signal: signal() })).toMatchObject({
      kind: 'error',
      retryable: true,
    });
    expect(server.requests).toHaveLength(3);
  });
});
