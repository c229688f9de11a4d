/**
 * The human-in-the-loop endpoints of `afr serve` (in-process, memory store): override with
 * a root cause, takeover, and how they answer bad input (400), unknown incidents (404),
 * low roles (403) and decisions the incident's state no longer allows (409).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/index.js';
import { incidentFixture, planFixture, T0 } from '../../store/store-fixtures.js';
import { hashToken } from '../auth.js';
import { type AfrServer, startAfrServer } from '../serve.js';

const ADMIN = 'admin-token';
const VIEWER = 'viewer-token';
let server: AfrServer;

beforeAll(async () => {
  const config = parseConfig(
    [
      'server:',
      '  port: 0',
      '  ui: false',
      `  api_tokens: [{ name: vera, role: viewer, sha256: ${hashToken(VIEWER)} }]`,
      'store: { driver: memory }',
      'agents:',
      '  metrics: { backend: bundle }',
      '  logs: { backend: bundle }',
      '  deploy: { backend: bundle }',
    ].join('\n'),
    {},
    'test-config.yml',
  );
  server = await startAfrServer({ config, env: { AFR_API_TOKEN: ADMIN }, logger: false, pollMs: 50 });
});

afterAll(async () => {
  await server?.close();
});

async function awaiting(id: string): Promise<void> {
  const store = server.storage.store;
  await store.createIncident(incidentFixture({ id, state: 'detected', created_at: T0, updated_at: T0 }));
  await store.transitionIncident(id, 'detected', 'investigating', 'plan', T0);
  await store.transitionIncident(id, 'investigating', 'decided', 'approve', T0);
  await store.transitionIncident(id, 'decided', 'awaiting_approval', 'asked', T0);
  await store.savePlan(id, planFixture({ strategy: 'restart', target: 'checkout' }));
}

async function post(path: string, body: unknown, token = ADMIN) {
  const response = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /api/v1/incidents/:id/override with a root cause', () => {
  it('re-plans for the named root cause and records the correction', async () => {
    await awaiting('INC-rc');
    const answer = await post('/api/v1/incidents/INC-rc/override', {
      root_cause: 'payment:config_change',
      comment: 'the flag flip',
    });
    expect(answer.status).toBe(200);
    // No actuator is configured here: the new plan cannot run, and the incident escalates.
    expect((answer.body.incident as { state: string }).state).toBe('escalated');
    const audit = await server.storage.store.listAudit({ incident_id: 'INC-rc' });
    const correction = audit.find((e) => e.action === 'human_override_root_cause');
    expect(correction?.actor).toBe('admin');
    expect(correction?.detail).toMatchObject({
      service: 'payment',
      cause: 'config_change',
      previous_service: null,
      previous_cause: null,
      comment: 'the flag flip',
    });
  });

  it('takes the root cause as fields too', async () => {
    await awaiting('INC-rc2');
    const answer = await post('/api/v1/incidents/INC-rc2/override', {
      root_cause: { service: 'payment', cause: 'traffic_surge', mechanism: 'cpu_saturation' },
    });
    expect(answer.status).toBe(200);
    const audit = await server.storage.store.listAudit({ incident_id: 'INC-rc2' });
    expect(audit.find((e) => e.action === 'human_override_root_cause')?.detail).toMatchObject({
      service: 'payment',
      cause: 'traffic_surge',
      mechanism: 'cpu_saturation',
    });
  });

  it('names the field of malformed input', async () => {
    await awaiting('INC-bad');
    const gremlins = await post('/api/v1/incidents/INC-bad/override', { root_cause: 'payment:gremlins' });
    expect(gremlins.status).toBe(400);
    expect(gremlins.body.error).toMatch(/^root_cause: cause: expected one of deployment_regression/);
    const both = await post('/api/v1/incidents/INC-bad/override', {
      root_cause: 'payment',
      strategy: 'restart',
    });
    expect(both).toMatchObject({
      status: 400,
      body: { error: 'root_cause: give either root_cause or strategy/target' },
    });
    const none = await post('/api/v1/incidents/INC-bad/override', {});
    expect(none).toMatchObject({ status: 400, body: { error: 'strategy: required (or root_cause)' } });
    const fields = await post('/api/v1/incidents/INC-bad/override', {
      root_cause: { service: 'payment', blame: 'x' },
    });
    expect(fields).toMatchObject({ status: 400, body: { error: 'root_cause: unknown field blame' } });
    const mechanism = await post('/api/v1/incidents/INC-bad/override', {
      root_cause: { service: 'payment', mechanism: 'Big Leak' },
    });
    expect(mechanism.body.error).toMatch(/^root_cause: mechanism: expected a snake_case word/);
    expect((await server.storage.store.getIncident('INC-bad'))?.state).toBe('awaiting_approval');
  });
});

describe('POST /api/v1/incidents/:id/takeover', () => {
  it('takes the incident over; later decisions get 409 and are audited', async () => {
    await awaiting('INC-to');
    expect((await post('/api/v1/incidents/INC-to/takeover', {}, VIEWER)).status).toBe(403);
    const taken = await post('/api/v1/incidents/INC-to/takeover', { reason: 'on it' });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({
      outcome: 'taken_over',
      incident: { id: 'INC-to', state: 'taken_over' },
    });
    const again = await post('/api/v1/incidents/INC-to/takeover', {});
    expect(again).toMatchObject({ status: 409, body: { error: 'incident INC-to is already taken over' } });
    const approve = await post('/api/v1/incidents/INC-to/approve', {});
    expect(approve.status).toBe(409);
    expect(approve.body.error).toMatch(/taken over by a human/);
    const audit = await server.storage.store.listAudit({ incident_id: 'INC-to' });
    expect(audit.map((e) => e.action)).toEqual(['human_takeover', 'refused_after_takeover']);
    expect(audit[0].detail).toMatchObject({ previous_state: 'awaiting_approval', reason: 'on it' });
    expect((await post('/api/v1/incidents/INC-none/takeover', {})).status).toBe(404);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toContain('/api/v1/incidents/{id}/takeover');
    expect(doc.components.schemas.TakeoverRequest).toBeDefined();
    expect(JSON.stringify(doc.components.schemas.OverrideRequest)).toContain('root_cause');
  });
});
