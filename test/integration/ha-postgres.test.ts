/**
 * High availability on PostgreSQL (issue #7): `afr serve` replicas as separate processes on
 * one schema, against the live simulator (logs, changes, topology, and its HTTP actuator
 * with auto-remediation on). Checked here:
 *
 * 1. A storm of webhook alerts over several services, sent round-robin to two replicas and
 *    replayed to the other one, becomes exactly one incident per group; one replica is
 *    SIGKILLed while its investigations are in flight (the simulator's log API is held by a
 *    proxy, so they stall mid-investigation); the survivor takes its claims over (audit
 *    `taken_over`) and every incident reaches a final or awaiting-approval state exactly once.
 * 2. An alert answered 2xx survives a SIGKILL right after: a new replica opens its incident.
 *    The killed replica was also watching a remediation: the new replica escalates it and
 *    applies nothing again. Every apply the simulator received (counted by the proxy) is
 *    one recorded action, at most one per plan step.
 * 3. A store that cannot journal an alert answers 503 with Retry-After (the schema is renamed
 *    away under the running replica), and the retried delivery is accepted once it is back.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimProxy, startSimProxy } from '../../chaos/support/sim-proxy.js';
import { type SimServer, startSimServer } from '../../src/sim/live/sim-server.js';
import {
  postgresUnavailable,
  randomSchema,
  TEST_POSTGRES_URL,
} from '../../src/store/postgres/testing/test-database.js';
import { type AfrReplica, startReplica } from '../support/afr-process.js';

const unavailable = await postgresUnavailable();
const ADMIN = 'ha-admin-token';
const HOOK = 'ha-hook-token';
const FINAL = new Set(['resolved', 'escalated', 'failed', 'awaiting_approval']);
const APPLIED = new Set(['applied', 'verified', 'undone', 'regressed']);
const STORM_SERVICES = 6;

interface Incident {
  id: string;
  state: string;
  service: string;
  alert: { labels: Record<string, string> };
}
interface StateChange {
  from: string | null;
  to: string;
}
interface AuditEntry {
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}
interface ActionRecord {
  step_id: string;
  strategy: string;
  target: string;
  status: string;
}

describe.skipIf(unavailable !== undefined)('afr serve replicas on one PostgreSQL schema', () => {
  const schema = randomSchema();
  let dir: string;
  let sim: SimServer;
  let proxy: SimProxy;
  let db: pg.Client;
  const replicas: AfrReplica[] = [];
  let services: string[] = [];

  /** State shared between the steps, which build on each other in order. */
  const run = {
    storm: [] as Incident[],
    heldByKilled: [] as string[],
    appliesAtSecondKill: 0,
    remediatingAtSecondKill: [] as string[],
    survivor: undefined as AfrReplica | undefined,
    last: undefined as AfrReplica | undefined,
  };

  const configFor = (replicaId: string) => {
    const path = join(dir, `${replicaId}.yml`);
    writeFileSync(
      path,
      [
        'server:',
        '  ui: false',
        `  replica_id: ${replicaId}`,
        '  workers: 3',
        '  lease_seconds: 4',
        'store:',
        '  driver: postgres',
        `  url: ${JSON.stringify(TEST_POSTGRES_URL)}`,
        `  schema: ${schema}`,
        'incidents:',
        '  group_wait_s: 0',
        '  group_interval_s: 1',
        '  correlate_by_topology: false',
        'agents:',
        '  metrics: { backend: bundle }',
        '  logs: { backend: simulator }',
        '  deploy: { backend: simulator }',
        'integrations:',
        `  simulator: { url: ${JSON.stringify(proxy.url)}, timeout_ms: 10000 }`,
        'actuator:',
        '  backend: simulator',
        'commander:',
        '  auto_remediate: true',
        // Low thresholds: the simulator's logs and changes alone lead to a remediation.
        '  confidence_threshold: 0.1',
        '  approval_threshold: 0.05',
        '  investigation_deadline_ms: 60000',
        'policy:',
        '  service_cooldown_seconds: 0',
        '  max_actions_per_hour: 1000',
      ].join('\n'),
    );
    return path;
  };

  const start = async (replicaId: string) => {
    const replica = await startReplica({
      name: replicaId,
      configPath: configFor(replicaId),
      env: { AFR_API_TOKEN: ADMIN, AFR_WEBHOOK_TOKEN: HOOK },
    });
    replicas.push(replica);
    return replica;
  };

  const api = async <T>(replica: AfrReplica, path: string): Promise<T> => {
    const response = await fetch(replica.url + path, { headers: { authorization: `Bearer ${ADMIN}` } });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const incidents = async (replica: AfrReplica) =>
    (await api<{ incidents: Incident[] }>(replica, '/api/v1/incidents?limit=500')).incidents;
  const history = async (replica: AfrReplica, id: string) =>
    (await api<{ state_history: StateChange[] }>(replica, `/api/v1/incidents/${id}/timeline`)).state_history;
  const audit = async (replica: AfrReplica, id: string) =>
    (await api<{ entries: AuditEntry[] }>(replica, `/api/v1/incidents/${id}/audit`)).entries;
  const actions = async (replica: AfrReplica, id: string) =>
    (await api<{ actions: ActionRecord[] }>(replica, `/api/v1/incidents/${id}/actions`)).actions;

  const webhook = (replica: AfrReplica, alerts: object[]) =>
    fetch(`${replica.url}/webhooks/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${HOOK}` },
      body: JSON.stringify({
        version: '4',
        status: 'firing',
        receiver: 'afr',
        groupLabels: {},
        commonLabels: {},
        commonAnnotations: {},
        externalURL: 'http://127.0.0.1:9093',
        groupKey: '{}:{}',
        truncatedAlerts: 0,
        alerts,
      }),
    });
  const alert = (alertname: string, service: string, startsAt: string) => ({
    status: 'firing',
    labels: { alertname, service, severity: 'critical' },
    annotations: { summary: `${alertname} on ${service}` },
    startsAt,
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://127.0.0.1:9090/graph',
    fingerprint: `${alertname}-${service}`,
  });

  const queue = async () =>
    (
      await db.query<{ incident_id: string; state: string; owner: string | null; attempts: number }>(
        `SELECT incident_id, state, owner, attempts FROM "${schema}".work_queue`,
      )
    ).rows;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'afr-ha-'));
    db = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await db.connect();
    sim = await startSimServer({
      scenario: 'bad-deploy-error-spike',
      seed: 1,
      speed: 60,
      faultAfterSeconds: 0,
    });
    proxy = await startSimProxy(sim.url);
    services = sim.sim
      .topology()
      .services.map((s) => s.name)
      .slice(0, STORM_SERVICES);
    expect(services.length).toBe(STORM_SERVICES);
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.crash()));
    await proxy?.close();
    await sim?.close();
    if (db) {
      await db.query(`ALTER SCHEMA "${schema}_gone" RENAME TO "${schema}"`).catch(() => undefined);
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.end();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('groups a storm once, and a survivor takes over a replica SIGKILLed mid-investigation', async () => {
    const [a, b] = await Promise.all([start('ha-a'), start('ha-b')]);
    // Investigations stall on the simulator's log API until released.
    proxy.hold('/api/v1/logs');

    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const storm = services.map((s) => alert('HighErrorRate', s, startsAt));
    const answers = await Promise.all(storm.map((one, i) => webhook(i % 2 ? b : a, [one])));
    expect(answers.map((r) => r.status)).toEqual(storm.map(() => 200));
    // Every alert replayed to the other replica: a duplicate, never a second incident.
    const replays = await Promise.all(storm.map((one, i) => webhook(i % 2 ? a : b, [one])));
    for (const replay of replays) expect(await replay.json()).toMatchObject({ accepted: 0, duplicates: 1 });

    // Both replicas hold claims, and every incident is mid-investigation.
    const claims = await until(async () => {
      const rows = await queue();
      const owners = new Set(rows.map((r) => r.owner));
      const all = await incidents(a);
      const investigating = all.filter((i) => i.state === 'investigating').length;
      return rows.length === STORM_SERVICES &&
        rows.every((r) => r.state === 'claimed') &&
        owners.has('ha-a') &&
        owners.has('ha-b') &&
        investigating === STORM_SERVICES &&
        proxy.held('/api/v1/logs') > 0
        ? rows
        : undefined;
    }, 30_000);

    // Kill the replica that also groups alerts (it holds the grouper lock), to move that too.
    const grouper = (
      await db.query<{ owner: string }>(
        `SELECT owner FROM "${schema}".service_locks WHERE service = 'intake-grouper'`,
      )
    ).rows[0]?.owner;
    const victim = grouper === 'ha-b' ? b : a;
    const survivor = victim === a ? b : a;
    run.heldByKilled = claims.filter((c) => c.owner === victim.name).map((c) => c.incident_id);
    await victim.crash();
    expect((await victim.exited).signal).toBe('SIGKILL');
    proxy.release('/api/v1/logs');

    // Every incident ends up decided and carried through.
    // (A remediation being watched counts once its apply is recorded.)
    const settled = await until(async () => {
      const all = await incidents(survivor);
      if (all.length !== STORM_SERVICES) return undefined;
      for (const incident of all) {
        if (FINAL.has(incident.state)) continue;
        if (incident.state !== 'remediating') return undefined;
        const done = await actions(survivor, incident.id);
        if (!done.some((x) => APPLIED.has(x.status))) return undefined;
      }
      return all;
    }, 45_000);
    run.storm = settled;
    run.survivor = survivor;

    // One incident per group: one per service, and each alert grouped into exactly one.
    expect(new Set(settled.map((i) => i.service))).toEqual(new Set(services));
    const grouped = await db.query<{ key: string; incident_id: string | null }>(
      `SELECT key, incident_id FROM "${schema}".intake_alerts`,
    );
    expect(grouped.rows.length).toBe(STORM_SERVICES);
    expect(grouped.rows.every((r) => r.incident_id && settled.some((i) => i.id === r.incident_id))).toBe(
      true,
    );

    // The survivor took over each incident the dead replica held, and resumed its investigation.
    expect(run.heldByKilled.length).toBeGreaterThan(0);
    for (const id of run.heldByKilled) {
      const entries = await audit(survivor, id);
      expect(
        entries.some((e) => e.action === 'taken_over' && e.actor === `afr:${survivor.name}`),
        `${id}: ${entries.map((e) => e.action)}`,
      ).toBe(true);
      expect(entries.some((e) => e.action === 'investigation_resumed')).toBe(true);
    }
    // Nobody completed an investigation twice: one decision per incident.
    for (const incident of settled) {
      const changes = await history(survivor, incident.id);
      expect(changes.filter((c) => c.to === 'decided').length, incident.id).toBe(1);
      expect(changes.filter((c) => c.to === 'investigating').length, incident.id).toBe(1);
    }
  }, 90_000);

  it('keeps an alert answered 2xx through a SIGKILL, and never applies a remediation twice', async () => {
    const survivor = run.survivor;
    expect(survivor, 'the first step must have passed').toBeDefined();
    if (!survivor) return;
    run.remediatingAtSecondKill = run.storm.filter((i) => i.state === 'remediating').map((i) => i.id);

    const late = alert('LateAlert', services[0], new Date().toISOString());
    const accepted = await webhook(survivor, [late]);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ accepted: 1 });
    await survivor.crash();
    run.appliesAtSecondKill = proxy.applies.length;

    const last = await start('ha-c');
    run.last = last;
    const lateIncident = await until(async () => {
      const all = await incidents(last);
      return all.find((i) => i.alert.labels.alertname === 'LateAlert');
    }, 30_000);
    expect(lateIncident.service).toBe(services[0]);

    // Every storm incident reaches a final (or awaiting-approval) state exactly once.
    await until(async () => {
      const all = await incidents(last);
      const storm = all.filter((i) => run.storm.some((s) => s.id === i.id));
      return storm.every((i) => FINAL.has(i.state)) ? true : undefined;
    }, 30_000);
    for (const incident of run.storm) {
      const changes = await history(last, incident.id);
      expect(
        changes.filter((c) => FINAL.has(c.to)).length,
        `${incident.id}: ${changes.map((c) => c.to)}`,
      ).toBe(1);
    }
    // What was being remediated when its replica died is escalated, not acted on again.
    for (const id of run.remediatingAtSecondKill) {
      const entries = await audit(last, id);
      expect(entries.some((e) => e.action === 'escalated_after_takeover' && e.actor === 'afr:ha-c')).toBe(
        true,
      );
      expect((await history(last, id)).at(-1)?.to).toBe('escalated');
    }

    // No remediation ran twice: at most one apply per plan step, and the simulator saw
    // exactly the applies afr recorded for the storm (and at least one happened).
    let recorded = 0;
    for (const incident of run.storm) {
      const steps = new Map<string, number>();
      for (const action of await actions(last, incident.id)) {
        if (!APPLIED.has(action.status)) continue;
        steps.set(action.step_id, (steps.get(action.step_id) ?? 0) + 1);
        recorded++;
      }
      for (const [step, count] of steps) expect(count, `${incident.id} step ${step}`).toBe(1);
    }
    const simApplies = proxy.applies.slice(0, run.appliesAtSecondKill).filter((a) => a.status < 300);
    expect(simApplies.length).toBeGreaterThan(0);
    expect(recorded).toBe(simApplies.length);
  }, 90_000);

  it('answers 503 with Retry-After when the store cannot journal, and accepts the retry', async () => {
    const last = run.last;
    expect(last, 'the previous step must have passed').toBeDefined();
    if (!last) return;
    const retried = alert('StoreOutage', services[1], new Date().toISOString());
    // The schema disappears under the running replica (as a dropped or failed-over database would).
    await db.query(`ALTER SCHEMA "${schema}" RENAME TO "${schema}_gone"`);
    try {
      const refused = await webhook(last, [retried]);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toMatchObject({ accepted_before_error: 0 });
    } finally {
      await db.query(`ALTER SCHEMA "${schema}_gone" RENAME TO "${schema}"`);
    }
    const accepted = await webhook(last, [retried]);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ accepted: 1 });
    await until(async () =>
      (await incidents(last)).find((i) => i.alert.labels.alertname === 'StoreOutage') ? true : undefined,
    );
  }, 30_000);
});

async function until<T>(read: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await read();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
