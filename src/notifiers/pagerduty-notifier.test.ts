/**
 * Follows PagerDuty's Events API v2 docs ("Send an Alert Event": POST
 * https://events.pagerduty.com/v2/enqueue with routing_key, event_action
 * trigger|acknowledge|resolve, dedup_key, payload{summary, source, severity, component,
 * custom_details}, links; "Events API v2 Overview: Response Codes & Retry Logic": 202
 * accepted `{status:"success", message:"Event processed", dedup_key}`, 400 `{status:
 * "invalid event", message:"Event object is invalid", errors:[...]}` not retried, 429 and
 * 5xx retried). The resolve event's payload and links follow the same "Send an Alert
 * Event" fields (payload.summary at most 1024 characters, custom_details, links[{href, text}]).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../connectors/testing/recording-server.js';
import { PagerDutyNotifier, PagerDutyOptionsSchema } from './pagerduty-notifier.js';
import {
  ALERT_TS,
  AUDIT_HEAD,
  AUDIT_HEAD_TEXT,
  eventFixture,
  FAST,
  resolvedEventFixture,
  signal,
} from './testing/notification-fixtures.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ACCEPTED = { status: 'success', message: 'Event processed', dedup_key: 'INC-42' };
const KEY = 'R0123456789abcdef0123456789abcde';

function notifier(url: string): PagerDutyNotifier {
  return new PagerDutyNotifier(
    PagerDutyOptionsSchema.parse({
      routing_key: KEY,
      api_url: url,
      incident_url: 'https://afr.example.com/incidents/{incident_id}',
      ...FAST,
    }),
  );
}

describe('PagerDutyNotifier', () => {
  it('triggers an alert deduplicated by the incident id', async () => {
    server = await startRecordingServer(() => ({ status: 202, body: ACCEPTED }));
    const outcome = await notifier(server.url).notify(eventFixture({ audit_head: AUDIT_HEAD }), {
      signal: signal(),
    });
    expect(outcome).toMatchObject({
      kind: 'ok',
      source: { connector: 'pagerduty', query: 'enqueue trigger INC-42' },
    });

    const sent = server.requests[0];
    expect([sent.method, sent.path]).toEqual(['POST', '/v2/enqueue']);
    expect(sent.headers['content-type']).toBe('application/json');
    const body = JSON.parse(sent.body);
    expect(body).toMatchObject({
      routing_key: KEY,
      event_action: 'trigger',
      dedup_key: 'INC-42',
      client: 'afr',
      client_url: 'https://afr.example.com/incidents/INC-42',
      links: [{ href: 'https://afr.example.com/incidents/INC-42', text: 'Incident in afr' }],
      payload: {
        source: 'payment-service',
        severity: 'critical',
        component: 'payment-service',
        timestamp: new Date(ALERT_TS * 1000).toISOString(),
        custom_details: {
          incident_id: 'INC-42',
          notification: 'approval_requested',
          severity: 'CRITICAL',
          root_cause: 'config change on payment-service exhausted its DB connection pool',
          confidence: '74%',
          decision: 'approve',
          audit_head: AUDIT_HEAD_TEXT,
        },
      },
    });
    expect(body.payload.custom_details.text).toMatch(/\n\nAudit head: 42:[0-9a-f]{64}$/);
    expect(body.payload.summary).toMatch(/^Approval requested: payment-service: config change/);
    expect(body.payload.summary.length).toBeLessThanOrEqual(1024);
    expect(body.payload.custom_details.plan[0]).toContain('config revert payment-service');
  });

  it('maps severities and event kinds to PagerDuty actions', async () => {
    server = await startRecordingServer(() => ({ status: 202, body: ACCEPTED }));
    const pd = notifier(server.url);
    await pd.notify(eventFixture({ kind: 'escalated', severity: 'medium' }), { signal: signal() });
    await pd.notify(eventFixture({ kind: 'action_taken' }), { signal: signal() });
    await pd.notify({ ...eventFixture({ kind: 'resolved' }), report: undefined }, { signal: signal() });
    const skipped = await pd.notify(eventFixture({ kind: 'observed' }), { signal: signal() });
    expect(skipped.kind).toBe('no_data');

    const bodies = server.requests.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.event_action)).toEqual(['trigger', 'acknowledge', 'resolve']);
    expect(bodies[0].payload.severity).toBe('warning');
    expect(bodies[1]).toEqual({ routing_key: KEY, dedup_key: 'INC-42', event_action: 'acknowledge' });
    expect(bodies[2]).toEqual({ routing_key: KEY, dedup_key: 'INC-42', event_action: 'resolve' });
    expect(pd.body(eventFixture({ severity: 'high' }), 'trigger')).toMatchObject({
      payload: { severity: 'error' },
    });
    expect(pd.body(eventFixture({ severity: 'info' }), 'trigger')).toMatchObject({
      payload: { severity: 'info' },
    });
  });

  it('resolves with the postmortem: summary in custom_details, links to the report endpoint', async () => {
    server = await startRecordingServer(() => ({ status: 202, body: ACCEPTED }));
    const pd = new PagerDutyNotifier(
      PagerDutyOptionsSchema.parse({
        routing_key: KEY,
        api_url: server.url,
        public_url: 'https://afr.example.com',
        group: 'prod-eu',
        ...FAST,
      }),
    );
    const outcome = await pd.notify(
      { ...resolvedEventFixture(), audit_head: AUDIT_HEAD },
      { signal: signal() },
    );
    expect(outcome).toMatchObject({ kind: 'ok', source: { query: 'enqueue resolve INC-42' } });
    const sent = server.requests[0];
    expect([sent.method, sent.path]).toEqual(['POST', '/v2/enqueue']);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent.body)).toEqual({
      routing_key: KEY,
      dedup_key: 'INC-42',
      event_action: 'resolve',
      payload: {
        summary: 'Resolved: config change on payment-service (INC-42)',
        source: 'payment-service',
        severity: 'critical',
        component: 'payment-service',
        group: 'prod-eu',
        custom_details: {
          incident_id: 'INC-42',
          notification: 'resolved',
          postmortem: [
            'Root cause: config change on payment-service (connection pool exhaustion), confidence 0.74',
            'MTTR: 4.0 min',
            'Actions: config revert payment-service: verified',
            'Verification: recovered: error_rate back to baseline on payment-service',
            'Follow-ups: Review the payment-service config change and add validation (limits, pool sizes) to the deploy pipeline.',
          ],
          root_cause: { service: 'payment-service', cause: 'config_change', confidence: 0.74 },
          mttr_s: 240,
          actions: ['config_revert payment-service: verified'],
          verification: 'recovered: error_rate back to baseline on payment-service',
          follow_ups: [
            'Review the payment-service config change and add validation (limits, pool sizes) to the deploy pipeline.',
          ],
          report_url: 'https://afr.example.com/api/v1/incidents/INC-42/report?format=html',
          audit_head: AUDIT_HEAD_TEXT,
        },
      },
      links: [
        {
          href: 'https://afr.example.com/api/v1/incidents/INC-42/report?format=html',
          text: 'Postmortem report',
        },
        {
          href: 'https://afr.example.com/api/v1/incidents/INC-42/report?format=md',
          text: 'Postmortem report (Markdown)',
        },
      ],
    });
    // Without public_url: the summary still travels, no links.
    const bare = notifier(server.url).body(resolvedEventFixture(), 'resolve');
    expect(bare.links).toBeUndefined();
    expect(
      (bare.payload as { custom_details: Record<string, unknown> }).custom_details.report_url,
    ).toBeUndefined();
    expect(
      (bare.payload as { custom_details: Record<string, unknown> }).custom_details.audit_head,
    ).toBeUndefined();
  });

  it('reports a 400 with PagerDuty message and errors, without retrying', async () => {
    server = await startRecordingServer(() => ({
      status: 400,
      body: {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ["Length of 'routing_key' is incorrect (should be 32 characters)"],
      },
    }));
    const outcome = await notifier(server.url).notify(eventFixture(), { signal: signal() });
    expect(outcome).toMatchObject({
      kind: 'error',
      message:
        "HTTP 400: Event object is invalid: Length of 'routing_key' is incorrect (should be 32 characters)",
      retryable: false,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('retries 429 and 5xx, then reports a retryable error', async () => {
    let calls = 0;
    server = await startRecordingServer(() =>
      ++calls < 3 ? { status: 429, body: '' } : { status: 202, body: ACCEPTED },
    );
    expect((await notifier(server.url).notify(eventFixture(), { signal: signal() })).kind).toBe('ok');
    expect(calls).toBe(3);

    await server.close();
    server = await startRecordingServer(() => ({ status: 502, body: 'Bad Gateway' }));
    const outcome = await notifier(server.url).notify(eventFixture(), { signal: signal() });
    expect(outcome).toMatchObject({ kind: 'error', message: 'HTTP 502: Bad Gateway', retryable: true });
    expect(server.requests).toHaveLength(3);
  });

  it("stops at the caller's deadline", async () => {
    server = await startRecordingServer(() => ({ status: 202, body: ACCEPTED, delayMs: 1_000 }));
    const outcome = await notifier(server.url).notify(eventFixture(), { signal: AbortSignal.timeout(50) });
    expect(outcome).toMatchObject({ kind: 'error', retryable: false });
  });
});
