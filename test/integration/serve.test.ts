/**
 * `afr serve` end to end over HTTP (in-process, SQLite in a temp dir): Alertmanager
 * webhooks become one incident, replays are deduplicated, a resolve closes it, bad input
 * gets precise 4xx answers, the API enforces roles, SSE streams changes, and /metrics,
 * /readyz and the OpenAPI document answer.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { hashToken } from '../../src/server/auth.js';
import { type AfrServer, startAfrServer } from '../../src/server/serve.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../src/intake/alerts/__fixtures__/${name}`, import.meta.url), 'utf8');
const ADMIN = 'admin-token';
const VIEWER = 'viewer-token';
const HOOK = 'hook-token';

let server: AfrServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'afr-serve-'));
  const config = parseConfig(
    [
      'server:',
      '  port: 0',
      '  body_limit_bytes: 65536',
      `  api_tokens: [{ name: vera, role: viewer, sha256: ${hashToken(VIEWER)} }]`,
      'store:',
      `  data_dir: ${JSON.stringify(dir)}`,
      'incidents:',
      '  group_wait_s: 0',
      '  group_interval_s: 1',
      'agents:',
      '  metrics: { backend: bundle }',
      '  logs: { backend: bundle }',
      '  deploy: { backend: bundle }',
    ].join('\n'),
    {},
    'test-config.yml',
  );
  server = await startAfrServer({
    config,
    env: { AFR_API_TOKEN: ADMIN, AFR_WEBHOOK_TOKEN: HOOK },
    logger: false,
    pollMs: 50,
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: string, token?: string, headers: Record<string, string> = {}) =>
  fetch(server.url + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body,
  });
const get = (path: string, token = ADMIN) =>
  fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });

async function until<T>(read: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('afr serve', () => {
  it('turns an Alertmanager webhook into one incident, deduplicates replays, and resolves with the alert', async () => {
    const events: string[] = [];
    const stream = await fetch(`${server.url}/api/v1/events?token=${VIEWER}`);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = stream.body!.getReader();
    void (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        events.push(Buffer.from(value).toString('utf8'));
      }
    })().catch(() => undefined);

    const first = await post('/webhooks/alertmanager', fixture('alertmanager-webhook-firing.json'), HOOK);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const replay = await post('/webhooks/alertmanager', fixture('alertmanager-webhook-firing.json'), HOOK);
    expect(await replay.json()).toMatchObject({ accepted: 0, duplicates: 1 });

    // No metrics source answers here: the Commander escalates honestly instead of guessing.
    const incident = await until(async () => {
      const list = (await (await get('/api/v1/incidents')).json()) as {
        incidents: { id: string; state: string }[];
      };
      return list.incidents.find((i) => i.state === 'escalated');
    });
    expect(incident.id).toMatch(/^INC-/);
    const listed = (await (await get('/api/v1/incidents?service=checkout', VIEWER)).json()) as {
      total: number;
    };
    expect(listed.total).toBe(1);

    const detail = (await (await get(`/api/v1/incidents/${incident.id}`)).json()) as {
      report: { decision: string; missing_data: string[] };
      phases: unknown[];
    };
    expect(detail.report.decision).toBe('escalate');
    expect(detail.phases.length).toBe(6);

    const resolved = await post(
      '/webhooks/alertmanager',
      fixture('alertmanager-webhook-resolved.json'),
      HOOK,
    );
    expect(await resolved.json()).toMatchObject({ accepted: 1 });
    await until(async () => {
      const one = (await (await get(`/api/v1/incidents/${incident.id}`)).json()) as {
        incident: { state: string };
      };
      return one.incident.state === 'resolved' ? true : undefined;
    });
    const audit = (await (await get(`/api/v1/incidents/${incident.id}/audit`)).json()) as {
      entries: { action: string }[];
    };
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['incident_grouped', 'alerts_resolved']),
    );
    await until(async () => (events.join('').includes(`"id":"${incident.id}"`) ? true : undefined));
    await reader.cancel();
  });

  it('answers bad input precisely and never loses accepted alerts', async () => {
    const malformed = await post('/webhooks/alertmanager', '{"alerts": [', HOOK);
    expect(malformed.status).toBe(400);
    const noService = await post(
      '/webhooks/alertmanager',
      JSON.stringify({
        version: '4',
        status: 'firing',
        alerts: [{ status: 'firing', labels: { alertname: 'X' }, startsAt: '2026-01-01T00:00:00Z' }],
      }),
      HOOK,
    );
    expect(noService.status).toBe(422);
    expect(JSON.stringify(await noService.json())).toMatch(/alerts\[0\]\.labels/);
    expect(
      (await post('/webhooks/alertmanager', fixture('alertmanager-webhook-firing.json'), 'wrong')).status,
    ).toBe(403);
    expect((await post('/webhooks/alertmanager', fixture('alertmanager-webhook-firing.json'))).status).toBe(
      401,
    );
    expect((await post('/webhooks/nope', '{}', HOOK)).status).toBe(404);
    const huge = await post('/webhooks/alertmanager', JSON.stringify({ pad: 'x'.repeat(70_000) }), HOOK);
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: string }).error).toMatch(/body_limit_bytes/);
    expect((await get('/healthz')).status).toBe(200);
  });

  it('enforces API roles', async () => {
    expect((await get('/api/v1/incidents', 'nobody')).status).toBe(401);
    const viewerApprove = await post('/api/v1/incidents/INC-x/approve', '{}', VIEWER);
    expect(viewerApprove.status).toBe(403);
    const missing = await post('/api/v1/incidents/INC-x/approve', '{}', ADMIN);
    expect(missing.status).toBe(404);
    const badOverride = await post('/api/v1/incidents/INC-x/override', '{"strategy":"reboot"}', ADMIN);
    expect(badOverride.status).toBe(400);
    expect(((await badOverride.json()) as { error: string }).error).toMatch(/strategy/);
    expect((await get('/api/v1/audit', VIEWER)).status).toBe(403);
    const audit = (await (await get('/api/v1/audit')).json()) as { verification: { ok: boolean } };
    expect(audit.verification.ok).toBe(true);
    expect(await (await get('/api/v1/me', VIEWER)).json()).toEqual({ name: 'vera', role: 'viewer' });
  });

  it('takes changes from CI/CD with the webhook token, and serves metrics, readiness and OpenAPI', async () => {
    const change = await post(
      '/api/v1/changes',
      JSON.stringify({ service: 'checkout', kind: 'deploy', version: 'v2', timestamp: Date.now() / 1000 }),
      HOOK,
    );
    expect(change.status).toBe(202);
    const badChange = await post('/api/v1/changes', JSON.stringify({ kind: 'deploy' }), HOOK);
    expect(badChange.status).toBe(400);
    expect((await post('/api/v1/changes', '{}', VIEWER)).status).toBe(401);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/afr_alerts_received_total\{source="alertmanager",result="new"\} [1-9]/);
    expect(metrics).toMatch(/afr_decisions_total\{decision="escalate"\}/);
    await until(async () => ((await fetch(`${server.url}/readyz`)).status === 200 ? true : undefined));
    const openapi = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      components: { schemas: Record<string, unknown> };
    };
    expect(openapi.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.components.schemas)).toContain('IncidentReport');
  });

  it('shuts down gracefully even with an event stream open', async () => {
    const stream = await fetch(`${server.url}/api/v1/events?token=${VIEWER}`);
    expect(stream.status).toBe(200);
    const closed = await Promise.race([
      server.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('hung'), 8000)),
    ]);
    expect(closed).toBe('closed');
    await stream.body?.cancel().catch(() => undefined);
  });
});
