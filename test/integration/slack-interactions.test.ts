/**
 * Slack interactivity (api.slack.com "Verifying requests from Slack", block_actions
 * payloads): a signed Reject click reaches `afr serve` and rejects the incident in the
 * Slack user's name; a wrong signature is refused.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { type AfrServer, startAfrServer } from '../../src/server/serve.js';

const SECRET = 'slack-signing-secret';
let server: AfrServer;

beforeAll(async () => {
  const config = parseConfig(
    [
      'server: { port: 0 }',
      'store: { driver: memory }',
      'agents: { metrics: { backend: bundle }, logs: { backend: bundle }, deploy: { backend: bundle } }',
      'notifications:',
      '  notifiers:',
      `    - slack: { webhook_url: "http://127.0.0.1:9/hook", signing_secret: ${SECRET} }`,
    ].join('\n'),
    {},
  );
  server = await startAfrServer({ config, env: { AFR_API_TOKEN: 'admin' }, logger: false });
  const store = server.storage.store;
  // Now, on the wall clock: an older approval request would already have expired.
  const now = Date.now() / 1000;
  const alert = {
    id: 'A1',
    timestamp: now - 60,
    service: 'checkout',
    severity: 'high' as const,
    message: '',
    labels: {},
    annotations: {},
    status: 'firing' as const,
    source: 'test',
  };
  await store.createIncident({
    id: 'INC-slack',
    alert,
    service: 'checkout',
    severity: 'high',
    priority: 2,
    state: 'detected',
    created_at: now - 60,
    updated_at: now - 60,
  });
  for (const [from, to] of [
    ['detected', 'investigating'],
    ['investigating', 'decided'],
    ['decided', 'awaiting_approval'],
  ] as const) {
    await store.transitionIncident('INC-slack', from, to, 'test', now);
  }
});

afterAll(() => server?.close());

function signed(body: string, secret = SECRET) {
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': ts,
    'x-slack-signature': signature,
  };
}

const click = (action: string) =>
  `payload=${encodeURIComponent(
    JSON.stringify({
      type: 'block_actions',
      user: { id: 'U1', name: 'alice' },
      actions: [{ action_id: action, value: 'INC-slack' }],
      response_url: 'https://hooks.slack.com/actions/x',
    }),
  )}`;

describe('Slack interactions', () => {
  it('refuses a bad signature and rejects the incident on a signed click', async () => {
    const url = `${server.url}/integrations/slack/interactions`;
    const body = click('afr_reject');
    const forged = await fetch(url, { method: 'POST', headers: signed(body, 'wrong'), body });
    expect(forged.status).toBe(401);
    const ok = await fetch(url, { method: 'POST', headers: signed(body), body });
    expect(ok.status).toBe(200);
    for (let i = 0; i < 50; i++) {
      if ((await server.storage.store.getIncident('INC-slack'))?.state === 'escalated') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await server.storage.store.getIncident('INC-slack'))?.state).toBe('escalated');
    const audit = await server.storage.store.listAudit({ incident_id: 'INC-slack' });
    expect(audit.find((e) => e.action === 'rejected')?.actor).toBe('slack:alice');
  });
});
