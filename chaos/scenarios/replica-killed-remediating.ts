/**
 * A replica is killed during a remediation. Two `afr serve` processes share a PostgreSQL
 * schema and remediate the live simulator (auto_remediate, its HTTP actuator behind a
 * counting proxy). Once the simulator has received the apply and afr recorded it, the
 * replica that owns the incident gets SIGKILL while it watches the effect.
 * Expected: the surviving replica takes the incident over and escalates it
 * (`escalated_after_takeover`); the simulator receives no second apply.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type SimServer, startSimServer } from '../../src/sim/live/sim-server.js';
import {
  postgresUnavailable,
  randomSchema,
  TEST_POSTGRES_URL,
} from '../../src/store/postgres/testing/test-database.js';
import { type AfrReplica, startReplica } from '../../test/support/afr-process.js';
import {
  API_TOKEN,
  APPLIED_STATUSES,
  type ChaosScenario,
  Checks,
  HOOK_TOKEN,
  incidentAudit,
  incidentDetail,
  listIncidents,
  sendAlerts,
  sleep,
  until,
} from '../support/harness.js';
import { type SimProxy, startSimProxy } from '../support/sim-proxy.js';

export const replicaKilledRemediating: ChaosScenario = {
  name: 'replica-killed-remediating',
  expected: 'survivor escalates the incident; exactly 1 apply reached the simulator',
  async run({ smoke }) {
    const unavailable = await postgresUnavailable();
    if (unavailable) return { observed: '', failures: [], skipped: unavailable };
    const checks = new Checks();
    const schema = randomSchema();
    const dir = mkdtempSync(join(tmpdir(), 'afr-chaos-ha-'));
    const replicas: AfrReplica[] = [];
    let sim: SimServer | undefined;
    let proxy: SimProxy | undefined;
    const db = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await db.connect();
    try {
      sim = await startSimServer({
        scenario: 'bad-deploy-error-spike',
        seed: 1,
        speed: 60,
        faultAfterSeconds: 0,
      });
      proxy = await startSimProxy(sim.url);
      const config = (replicaId: string) => {
        const path = join(dir, `${replicaId}.yml`);
        writeFileSync(
          path,
          [
            'server: { ui: false, workers: 2, lease_seconds: 3, replica_id: ' + replicaId + ' }',
            `store: { driver: postgres, url: ${JSON.stringify(TEST_POSTGRES_URL)}, schema: ${schema} }`,
            'incidents: { group_wait_s: 0, group_interval_s: 1, correlate_by_topology: false }',
            'agents:',
            '  metrics: { backend: bundle }',
            '  logs: { backend: simulator }',
            '  deploy: { backend: simulator }',
            `integrations: { simulator: { url: ${JSON.stringify(proxy?.url)} } }`,
            'actuator: { backend: simulator }',
            'commander: { auto_remediate: true, confidence_threshold: 0.1, approval_threshold: 0.05 }',
            'policy: { service_cooldown_seconds: 0 }',
          ].join('\n'),
        );
        return path;
      };
      const env = { AFR_API_TOKEN: API_TOKEN, AFR_WEBHOOK_TOKEN: HOOK_TOKEN };
      replicas.push(
        ...(await Promise.all(
          ['chaos-a', 'chaos-b'].map((name) => startReplica({ name, configPath: config(name), env })),
        )),
      );
      const [a] = replicas;
      const services = ['checkout'];
      const sent = await sendAlerts(
        a.url,
        services.map((service) => ({ alertname: 'HighErrorRate', service })),
      );
      checks.expect(sent.status === 200, `webhook answered ${sent.status}`);

      // Wait for the apply to reach the simulator and be recorded while the effect is watched.
      const incident = await until(
        async () => {
          const [one] = await listIncidents(a.url);
          if (one?.state !== 'remediating' || proxy?.applies.length !== 1) return undefined;
          const detail = await incidentDetail(a.url, one.id);
          return detail.actions.some((x) => APPLIED_STATUSES.has(x.status)) ? one : undefined;
        },
        45_000,
        'a remediation to be applied and watched',
      );
      const owner = (
        await db.query<{ owner: string }>(`SELECT owner FROM "${schema}".work_queue WHERE incident_id = $1`, [
          incident.id,
        ])
      ).rows[0]?.owner;
      const victim = replicas.find((r) => r.name === owner);
      const survivor = replicas.find((r) => r.name !== owner);
      if (!victim || !survivor) throw new Error(`owner ${owner} is not one of the replicas`);
      const killedAt = Date.now();
      await victim.crash();

      const escalated = await until(
        async () => {
          const detail = await incidentDetail(survivor.url, incident.id);
          return detail.incident.state === 'escalated' ? detail : undefined;
        },
        30_000,
        'the survivor to escalate the incident',
      );
      const tookS = (Date.now() - killedAt) / 1000;
      await sleep(smoke ? 1500 : 4000); // room for a wrong second apply to show up
      const audit = await incidentAudit(survivor.url, incident.id);
      const after = await incidentDetail(survivor.url, incident.id);
      const applied = after.actions.filter((x) => APPLIED_STATUSES.has(x.status)).length;
      checks.expect(
        audit.some((e) => e.action === 'escalated_after_takeover' && e.actor === `afr:${survivor.name}`),
        `audit escalated_after_takeover by ${survivor.name}`,
      );
      checks.expect(
        proxy.applies.length === 1,
        `${proxy.applies.length} apply request(s) reached the simulator`,
      );
      checks.expect(applied === 1, `${applied} applied action(s) recorded`);
      checks.expect(
        escalated.state_history.filter((c) => c.to === 'escalated').length === 1,
        'escalated exactly once',
      );
      // The survivor still shuts down gracefully.
      await survivor.stop();
      const exit = await survivor.exited;
      checks.expect(exit.code === 0, `survivor exited ${exit.code ?? exit.signal} on SIGTERM`);
      return {
        observed: `escalated by ${survivor.name} ${tookS.toFixed(1)} s after SIGKILL of ${victim.name}; ${proxy.applies.length} apply at the sim, ${applied} recorded`,
        failures: checks.failures,
      };
    } finally {
      await Promise.all(replicas.map((r) => r.crash()));
      await proxy?.close();
      await sim?.close();
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.end();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
