/**
 * The factory end to end: config entries (as in config.yml) become notifiers behind one
 * router, each talking to a loopback server shaped like its vendor (Slack chat.postMessage,
 * PagerDuty /v2/enqueue).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../connectors/testing/recording-server.js';
import { createNotifiers, NotificationsConfigSchema } from './create-notifiers.js';
import { SlackNotifier } from './slack-notifier.js';
import {
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

describe('createNotifiers', () => {
  it('gives every notifier public_url: report links on resolve and the UI page as the default incident link', async () => {
    server = await startRecordingServer((req) =>
      req.path === '/v2/enqueue'
        ? { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: 'INC-42' } }
        : { body: 'ok' },
    );
    const router = createNotifiers(
      {
        public_url: 'https://afr.example.com',
        notifiers: [
          { slack: { webhook_url: `${server.url}/services/T/B/X`, ...FAST } },
          { pagerduty: { routing_key: 'k'.repeat(32), api_url: server.url, ...FAST } },
        ],
      },
      { auditHead: async () => AUDIT_HEAD },
    );
    await router.notify(eventFixture({ kind: 'incident_opened' }), { signal: signal() });
    await router.notify(resolvedEventFixture(), { signal: signal() });
    const slack = server.requests.filter((r) => r.path === '/services/T/B/X').map((r) => JSON.parse(r.body));
    const pd = server.requests.filter((r) => r.path === '/v2/enqueue').map((r) => JSON.parse(r.body));
    expect(slack).toHaveLength(2);
    expect(JSON.stringify(slack[0].blocks)).toContain('"url":"https://afr.example.com/#/incidents/INC-42"');
    expect(slack[1].attachments[0].title_link).toBe(
      'https://afr.example.com/api/v1/incidents/INC-42/report?format=md',
    );
    expect(pd.map((b) => b.event_action)).toEqual(['trigger', 'resolve']);
    expect(pd[0].client_url).toBe('https://afr.example.com/#/incidents/INC-42');
    expect(pd[1].links[0].href).toBe('https://afr.example.com/api/v1/incidents/INC-42/report?format=html');
    // Every notifier behind the router gets the audit chain head the factory was given.
    for (const message of slack) expect(JSON.stringify(message.blocks.at(-1))).toContain(AUDIT_HEAD_TEXT);
    expect(pd.map((b) => b.payload.custom_details.audit_head)).toEqual([AUDIT_HEAD_TEXT, AUDIT_HEAD_TEXT]);
    expect(() => createNotifiers({ public_url: 'afr.example.com', notifiers: [] })).toThrow(/public_url/);
  });

  it('builds routed notifiers that share the incident link and deliver to their vendors', async () => {
    server = await startRecordingServer((req) =>
      req.path === '/v2/enqueue'
        ? { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: 'INC-42' } }
        : { body: { ok: true, channel: 'C1', ts: '1.2' } },
    );
    const router = createNotifiers({
      incident_url: 'https://afr.example.com/incidents/{incident_id}',
      notifiers: [
        { slack: { bot_token: 'xoxb-1', channel: 'C1', api_url: `${server.url}/api`, ...FAST } },
        {
          id: 'pd-payments',
          pagerduty: { routing_key: 'k'.repeat(32), api_url: server.url, ...FAST },
          route: { min_severity: 'high', services: ['payment-*'], kinds: ['incident_opened', 'escalated'] },
        },
        { slack: { webhook_url: `${server.url}/services/T/B/X`, ...FAST }, route: { kinds: ['resolved'] } },
      ],
    });
    expect(router.routes.map((r) => r.notifier.id)).toEqual(['slack', 'pd-payments', 'slack-2']);
    expect(router.routes[0].notifier).toBeInstanceOf(SlackNotifier);

    const opened = await router.notify(eventFixture({ kind: 'incident_opened' }), { signal: signal() });
    expect(opened).toMatchObject({
      kind: 'ok',
      source: { query: 'incident_opened INC-42: delivered to slack, pd-payments' },
    });
    expect(server.requests.map((r) => r.path).sort()).toEqual(['/api/chat.postMessage', '/v2/enqueue']);
    const pd = JSON.parse(server.requests.find((r) => r.path === '/v2/enqueue')!.body);
    expect(pd.links).toEqual([{ href: 'https://afr.example.com/incidents/INC-42', text: 'Incident in afr' }]);

    await router.notify(eventFixture({ kind: 'approval_requested', service: 'checkout' }), {
      signal: signal(),
    });
    expect(server.requests.map((r) => r.path)).not.toContain('/services/T/B/X');
    await router.notify(eventFixture({ kind: 'resolved' }), { signal: signal() });
    expect(server.requests.map((r) => r.path)).toContain('/services/T/B/X');
  });

  it('rejects entries naming no channel or two, and bad routes, naming the key', () => {
    const none = NotificationsConfigSchema.safeParse({ notifiers: [{ route: {} }] });
    expect(none.success).toBe(false);
    expect(JSON.stringify(none.error?.issues)).toContain('name exactly one of slack, pagerduty');
    const two = NotificationsConfigSchema.safeParse({
      notifiers: [
        { teams: { webhook_url: 'https://x.example/hook' }, webhook: { url: 'https://y.example/' } },
      ],
    });
    expect(two.success).toBe(false);
    const badRoute = NotificationsConfigSchema.safeParse({
      notifiers: [{ teams: { webhook_url: 'https://x.example/hook' }, route: { min_severity: 'urgent' } }],
    });
    expect(badRoute.success).toBe(false);
    expect(badRoute.error?.issues[0].path).toEqual(['notifiers', 0, 'route', 'min_severity']);
    expect(() => createNotifiers({ notifiers: [{ pagerduty: {} as never }] })).toThrow(/routing_key/);
  });

  it('defaults to an empty, synchronous router', async () => {
    const parsed = NotificationsConfigSchema.parse({});
    expect(parsed).toEqual({ deadline_ms: 10_000, queue_capacity: 0, notifiers: [] });
    const router = createNotifiers({});
    expect((await router.notify(eventFixture(), { signal: signal() })).kind).toBe('no_data');
  });
});
