/**
 * Follows Opsgenie's Alert API docs (docs.opsgenie.com/docs/alert-api): `Authorization:
 * GenieKey <key>`; Create Alert `POST /v2/alerts` {message ≤130, alias, description,
 * responders, tags, details, entity, source, priority P1-P5, user, note}; Acknowledge and
 * Close `POST /v2/alerts/:identifier/{acknowledge|close}?identifierType=alias` {user, source,
 * note}; `details` is a map of string keys and values; requests
 * are asynchronous: 202 `{result:"Request will be processed", took, requestId}`; errors
 * carry `{message, took, requestId}`; the EU instance is api.eu.opsgenie.com.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../connectors/testing/recording-server.js';
import { OpsgenieNotifier, OpsgenieOptionsSchema } from './opsgenie-notifier.js';
import { AUDIT_HEAD, AUDIT_HEAD_TEXT, eventFixture, FAST, signal } from './testing/notification-fixtures.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ACCEPTED = {
  result: 'Request will be processed',
  took: 0.302,
  requestId: '43a29c5c-3dbf-4fa4-9c26-f4f71023e120',
};

function notifier(url: string): OpsgenieNotifier {
  return new OpsgenieNotifier(
    OpsgenieOptionsSchema.parse({
      api_key: 'eb243592-faa2-4ba2-a551q-1afdf565c889',
      api_url: url,
      responders: [{ type: 'team', name: 'payments' }],
      ...FAST,
    }),
  );
}

describe('OpsgenieNotifier', () => {
  it('creates an alert aliased by the incident id, with priority from severity', async () => {
    server = await startRecordingServer(() => ({ status: 202, body: ACCEPTED }));
    const outcome = await notifier(server.url).notify(eventFixture({ audit_head: AUDIT_HEAD }), {
      signal: signal(),
    });
    expect(outcome).toMatchObject({
      kind: 'ok',
      source: { connector: 'opsgenie', query: 'create alert INC-42' },
    });

    const sent = server.requests[0];
    expect([sent.method, sent.path]).toEqual(['POST', '/v2/alerts']);
    expect(sent.headers.authorization).toBe('GenieKey eb243592-faa2-4ba2-a551q-1afdf565c889');
    const body = JSON.parse(sent.body);
    expect(body).toMatchObject({
      alias: 'INC-42',
      priority: 'P1',
      entity: 'payment-service',
      source: 'afr',
      user: 'afr',
      note: 'Approval requested',
      responders: [{ type: 'team', name: 'payments' }],
      tags: ['afr', 'severity:critical', 'service:payment-service'],
      details: { incident_id: 'INC-42', decision: 'approve', confidence: '74%', audit_head: AUDIT_HEAD_TEXT },
    });
    expect(body.description).toMatch(/\n\nAudit head: 42:[0-9a-f]{64}$/);
    expect(body.message).toBe('Approval requested: [critical] payment-service: approve');
    expect(body.message.length).toBeLessThanOrEqual(130);
    expect(body.description).toContain('Plan: config revert payment-service');
    for (const value of Object.values(body.details)) expect(typeof value).toBe('string');
  });

  it('acknowledges on an action and closes on resolution, by alias', async () => {
    server = await startRecordingServer(() => ({ status: 202, body: ACCEPTED }));
    const og = notifier(server.url);
    await og.notify(eventFixture({ kind: 'action_taken', incident_id: 'INC/7' }), { signal: signal() });
    await og.notify(eventFixture({ kind: 'resolved', incident_id: 'INC/7', audit_head: AUDIT_HEAD }), {
      signal: signal(),
    });
    expect((await og.notify(eventFixture({ kind: 'observed' }), { signal: signal() })).kind).toBe('no_data');

    expect(server.requests.map((r) => [r.path, r.query.get('identifierType')])).toEqual([
      ['/v2/alerts/INC%2F7/acknowledge', 'alias'],
      ['/v2/alerts/INC%2F7/close', 'alias'],
    ]);
    expect(JSON.parse(server.requests[1].body)).toMatchObject({ user: 'afr', source: 'afr' });
    expect(JSON.parse(server.requests[0].body).note).not.toContain('audit head');
    expect(JSON.parse(server.requests[1].body).note).toMatch(
      new RegExp(`^Resolved: payment-service: .* \\(audit head ${AUDIT_HEAD_TEXT}\\)$`),
    );
    expect(og.createBody(eventFixture({ severity: 'low' })).priority).toBe('P4');
  });

  it("reports Opsgenie's error message and field errors", async () => {
    server = await startRecordingServer(() => ({
      status: 422,
      body: {
        message: 'Request body is not processable. Please check the errors.',
        errors: { message: 'Message can not be empty.' },
        took: 0.002,
        requestId: 'e2f4c0c8-8f3d-4f4a-9a7b-1c1a1f0b0c0d',
      },
    }));
    const outcome = await notifier(server.url).notify(eventFixture(), { signal: signal() });
    expect(outcome).toMatchObject({
      kind: 'error',
      message:
        'HTTP 422: Request body is not processable. Please check the errors.; message: Message can not be empty.',
      retryable: false,
    });
  });

  it('retries a 429 and then reports it as retryable', async () => {
    server = await startRecordingServer(() => ({
      status: 429,
      body: {
        message: 'You are making too many requests! To avoid errors, we recommend you limit requests.',
        took: 0.001,
        requestId: 'x',
      },
    }));
    const outcome = await notifier(server.url).notify(eventFixture(), { signal: signal() });
    expect(outcome).toMatchObject({ kind: 'error', retryable: true });
    expect(server.requests).toHaveLength(3);
  });

  it('uses the EU instance when asked', () => {
    const eu = new OpsgenieNotifier(OpsgenieOptionsSchema.parse({ api_key: 'k', region: 'eu' }));
    expect(eu.baseUrl).toBe('https://api.eu.opsgenie.com');
    const us = new OpsgenieNotifier(OpsgenieOptionsSchema.parse({ api_key: 'k' }));
    expect(us.baseUrl).toBe('https://api.opsgenie.com');
  });
});
