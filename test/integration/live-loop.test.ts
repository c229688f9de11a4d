/**
 * The real loop, end to end: `afr sim serve` plays a bad deploy; real Prometheus scrapes it
 * and evaluates alert rules; real Alertmanager sends its webhook to `afr serve`; afr opens
 * the incident from that webhook, investigates through Prometheus' HTTP API and the
 * simulator's logs and changes, decides, rolls back through the simulator, verifies, and
 * sees Alertmanager's resolved notification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { type AfrServer, startAfrServer } from '../../src/server/serve.js';
import { liveAlertRules } from '../../src/sim/live/alert-rules.js';
import { CompressedClock } from '../../src/sim/live/compressed-clock.js';
import { type SimServer, startSimServer } from '../../src/sim/live/sim-server.js';
import { freePort } from '../support/free-port.js';
import {
  observabilityAvailable,
  type RunningServer,
  startAlertmanager,
  startPrometheus,
} from '../support/observability.js';

const available = observabilityAvailable();
const SPEED = 15;
const ADMIN = 'live-admin';
const HOOK = 'live-hook';

describe.skipIf(!available)(
  'live loop: simulator → Prometheus → Alertmanager → afr serve → simulator',
  () => {
    let sim: SimServer;
    let prometheus: RunningServer;
    let alertmanager: RunningServer;
    let afr: AfrServer;

    beforeAll(async () => {
      sim = await startSimServer({
        scenario: 'bad-deploy-error-spike',
        seed: 7,
        speed: SPEED,
        faultAfterSeconds: 90,
      });
      const afrPort = await freePort();
      alertmanager = await startAlertmanager(`http://127.0.0.1:${afrPort}/webhooks/alertmanager`, HOOK);
      prometheus = await startPrometheus({
        targets: [new URL(sim.url).host],
        scrapeIntervalS: 1,
        rules: liveAlertRules(),
        alertmanager: new URL(alertmanager.url).host,
      });
      const config = parseConfig(
        [
          'server: { port: 0, workers: 2 }',
          'store: { driver: memory }',
          'commander: { auto_remediate: true, investigation_deadline_ms: 8000, window_minutes: 2 }',
          'agents:',
          `  metrics: { backend: prometheus, url: "${prometheus.url}" }`,
          '  logs: { backend: simulator }',
          '  deploy: { backend: simulator }',
          'traces: { backend: simulator }',
          'actuator: { backend: simulator }',
          'integrations:',
          `  simulator: { url: "${sim.url}" }`,
          '  prometheus: { scrape_interval_s: 1, step_s: 1 }',
          'incidents: { group_wait_s: 3, group_interval_s: 2 }',
          `intake: { sources: { alertmanager: { auth: { type: bearer, token: ${HOOK} } } } }`,
        ].join('\n'),
        {},
        'live-test.yml',
      );
      afr = await startAfrServer({
        config,
        port: afrPort,
        env: { AFR_API_TOKEN: ADMIN },
        logger: false,
        pollMs: 100,
        commander: { clock: new CompressedClock(SPEED) },
      });
    }, 90_000);

    afterAll(async () => {
      await afr?.close();
      await prometheus?.stop();
      await alertmanager?.stop();
      await sim?.close();
    });

    it('opens the incident from the real webhook, rolls back the bad deploy, and sees the alert resolve', async () => {
      const truth = sim.sim.world.truth;
      const api = async <T>(path: string, init: RequestInit = {}) =>
        (await (
          await fetch(afr.url + path, {
            ...init,
            headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
          })
        ).json()) as T;
      type Summary = {
        id: string;
        state: string;
        decision: string | null;
        root_cause_service: string | null;
        created_at: number;
      };
      // Noise may raise an alert before the fault (afr then observes a false alarm); the
      // fault's incident is the one opened after its onset.
      const onset = sim.sim.fault().onset;
      let seen: (Summary & { alert: unknown })[] = [];
      let lastMetrics = '';
      const incident = await until(
        async () => {
          seen = (await api<{ incidents: (Summary & { alert: unknown })[] }>('/api/v1/incidents')).incidents;
          lastMetrics = await (await fetch(`${afr.url}/metrics`)).text();
          return seen.find((i) => i.decision !== null && i.created_at >= onset);
        },
        200_000,
        () =>
          JSON.stringify({
            onset,
            seen: seen.map((i) => [i.id, i.alert, i.state, i.decision, i.created_at]),
          }) +
          lastMetrics
            .split('\n')
            .filter((l) => /afr_(alerts_received|grouping)/.test(l))
            .join('\n'),
      );
      const intake = await (await fetch(`${afr.url}/metrics`)).text();
      expect(intake).toMatch(/afr_alerts_received_total\{source="alertmanager",result="new"\} [1-9]/);
      const all = await api<{ incidents: Summary[] }>('/api/v1/incidents');
      expect(incident.root_cause_service, JSON.stringify(all.incidents)).toBe(truth.service);
      if (incident.state === 'awaiting_approval') {
        await api(`/api/v1/incidents/${incident.id}/approve`, {
          method: 'POST',
          body: '{"comment":"live test"}',
        });
      }
      const done = await until(async () => {
        const detail = await api<{
          incident: { state: string };
          actions: { strategy: string; target: string }[];
        }>(`/api/v1/incidents/${incident.id}`);
        return ['resolved', 'escalated', 'failed'].includes(detail.incident.state) ? detail : undefined;
      }, 120_000);
      expect(done.incident.state).toBe('resolved');
      expect(done.actions[0]).toMatchObject({ strategy: 'rollback', target: truth.service });
      expect(sim.sim.world.symptoms()).toEqual([]);

      // Alertmanager's resolved notification reaches afr and is recorded on the incident.
      const audit = await until(async () => {
        const entries = await api<{ entries: { action: string }[] }>(
          `/api/v1/incidents/${incident.id}/audit`,
        );
        return entries.entries.some((e) => e.action === 'alerts_resolved') ? entries : undefined;
      }, 90_000);
      expect(audit.entries.map((e) => e.action)).toContain('verification');

      const metrics = await (await fetch(`${afr.url}/metrics`)).text();
      const decided = /afr_alert_to_decision_seconds_count (\d+)/.exec(metrics);
      expect(Number(decided?.[1])).toBeGreaterThan(0);
    }, 400_000);
  },
);

async function until<T>(read: () => Promise<T | undefined>, timeoutMs: number, state = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms ${state()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
