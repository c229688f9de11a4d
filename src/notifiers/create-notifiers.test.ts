/**
 * The factory end to end: config entries (as in config.yml) become notifiers behind one
 * router, each talking to a loopback server shaped like its vendor (Slack chat.postMessage,
 * PagerDuty /v2/enqueue).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../connectors/testing/recording-server.js';
import { createNotifiers, NotificationsConfigSchema } from './create-notifiers.js';
import { SlackNotifier } from './slack-notifier.js';
import { eventFixture, FAST, signal } from './testing/notification-fixtures.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createNotifiers', () => {
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
