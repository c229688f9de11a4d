/**
 * Follows Splunk On-Call's "REST Endpoint integration" guide and "Incident fields glossary":
 * POST https://alert.victorops.com/integrations/generic/20131114/alert/<api_key>/<routing_key>
 * with JSON {message_type CRITICAL|WARNING|INFO|ACKNOWLEDGEMENT|RECOVERY, entity_id (the
 * same for the whole incident lifecycle), entity_display_name, state_message,
 * state_start_time, monitoring_tool} plus any custom fields (afr_*); the endpoint answers
 * `{"result":"success", "entity_id":...}`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../connectors/testing/recording-server.js';
import { AUDIT_HEAD, AUDIT_HEAD_TEXT, eventFixture, FAST, signal } from './testing/notification-fixtures.js';
import { VictorOpsNotifier, VictorOpsOptionsSchema } from './victorops-notifier.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const API_KEY = '2f974ce1-08fc-4dg8-a4f4-9aee6cf35c98';

function notifier(url: string): VictorOpsNotifier {
  return new VictorOpsNotifier(
    VictorOpsOptionsSchema.parse({
      rest_endpoint_url: `${url}/integrations/generic/20131114/alert/${API_KEY}/`,
      routing_key: 'payments',
      ...FAST,
    }),
  );
}

describe('VictorOpsNotifier', () => {
  it('raises a CRITICAL incident keyed by the afr incident id', async () => {
    server = await startRecordingServer(() => ({ body: { result: 'success', entity_id: 'INC-42' } }));
    const outcome = await notifier(server.url).notify(eventFixture({ audit_head: AUDIT_HEAD }), {
      signal: signal(),
    });
    expect(outcome).toMatchObject({
      kind: 'ok',
      source: { connector: 'victorops', query: 'CRITICAL INC-42' },
    });

    const sent = server.requests[0];
    expect([sent.method, sent.path]).toEqual([
      'POST',
      `/integrations/generic/20131114/alert/${API_KEY}/payments`,
    ]);
    const body = JSON.parse(sent.body);
    expect(body).toMatchObject({
      message_type: 'CRITICAL',
      entity_id: 'INC-42',
      entity_display_name: 'Approval requested: [critical] payment-service: approve',
      monitoring_tool: 'afr',
      state_start_time: 1_772_368_200,
      afr_root_cause: 'config change on payment-service exhausted its DB connection pool',
      afr_decision: 'approve',
      afr_audit_head: AUDIT_HEAD_TEXT,
    });
    expect(body.state_message).toContain('Plan: config revert payment-service');
    expect(body.state_message).toContain(`Audit head: ${AUDIT_HEAD_TEXT}`);
  });

  it('acknowledges, recovers, and records observe-only incidents as INFO', async () => {
    server = await startRecordingServer(() => ({ body: { result: 'success', entity_id: 'INC-42' } }));
    const vo = notifier(server.url);
    for (const kind of ['action_taken', 'resolved', 'observed'] as const) {
      expect((await vo.notify(eventFixture({ kind }), { signal: signal() })).kind).toBe('ok');
    }
    const bodies = server.requests.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.message_type)).toEqual(['ACKNOWLEDGEMENT', 'RECOVERY', 'INFO']);
    expect(bodies[0]).toMatchObject({ ack_author: 'afr', entity_id: 'INC-42' });
    expect(bodies[0].afr_audit_head).toBeUndefined();
    expect(vo.body(eventFixture({ severity: 'medium' })).message_type).toBe('WARNING');
    expect(vo.body(eventFixture({ severity: 'info', kind: 'escalated' })).message_type).toBe('INFO');
  });

  it('treats a non-success answer and HTTP errors as error outcomes', async () => {
    server = await startRecordingServer(() => ({
      body: { result: 'failure', message: 'Missing fields: message_type' },
    }));
    const outcome = await notifier(server.url).notify(eventFixture(), { signal: signal() });
    expect(outcome).toMatchObject({
      kind: 'error',
      message: 'Splunk On-Call: failure: Missing fields: message_type',
      retryable: false,
    });

    await server.close();
    server = await startRecordingServer(() => ({
      status: 404,
      body: { result: 'failure', message: 'Unknown API key' },
    }));
    const missing = await notifier(server.url).notify(eventFixture(), { signal: signal() });
    expect(missing).toMatchObject({ kind: 'error', message: 'HTTP 404: failure: Unknown API key' });
    expect(JSON.stringify(missing)).not.toContain(API_KEY);

    await server.close();
    server = await startRecordingServer(() => ({ status: 504, body: 'Gateway Timeout' }));
    const timeout = await notifier(server.url).notify(eventFixture(), { signal: signal() });
    expect(timeout).toMatchObject({ kind: 'error', retryable: true });
    expect(server.requests).toHaveLength(3);
  });
});
