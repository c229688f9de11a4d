/**
 * The real loop, end to end: `afr sim serve` plays a bad deploy; real Prometheus scrapes it
 * and evaluates alert rules; real Alertmanager sends its webhook to `afr serve`; afr opens
 * the incident from that webhook, investigates through Prometheus' HTTP API and the
 * simulator's logs and changes, decides, rolls back through the simulator, verifies, and
 * sees Alertmanager's resolved notification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveStack, startLiveStack } from '../../src/demo/live-stack.js';
import { observabilityAvailable } from '../support/observability.js';

const available = observabilityAvailable();
const ADMIN = 'live-admin';

describe.skipIf(!available)(
  'live loop: simulator → Prometheus → Alertmanager → afr serve → simulator',
  () => {
    let stack: LiveStack;

    beforeAll(async () => {
      stack = await startLiveStack({ scenario: 'bad-deploy-error-spike', seed: 7, apiToken: ADMIN });
    }, 90_000);

    afterAll(async () => {
      await stack?.close();
    });

    it('opens the incident from the real webhook, rolls back the bad deploy, and sees the alert resolve', async () => {
      const { sim, afr } = stack;
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
