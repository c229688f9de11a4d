/**
 * The log backend hangs: afr's Loki connector points at a loopback server that accepts
 * every request and never answers.
 * Expected: the logs agent gives up at its deadline (a timeout source, not a hang) and the
 * incident still completes with a decision, the investigation lasting about the deadline.
 */
import { type SimServer, startSimServer } from '../../src/sim/live/sim-server.js';
import {
  type ChaosScenario,
  Checks,
  FINAL_STATES,
  type InProcessAfr,
  incidentDetail,
  listIncidents,
  sendAlerts,
  serveConfig,
  startInProcessAfr,
  until,
} from '../support/harness.js';
import { type LoopbackServer, startHangingServer } from '../support/loopback-servers.js';

export const logsHang: ChaosScenario = {
  name: 'logs-backend-hangs',
  expected: 'logs agent times out at its deadline; incident completes',
  async run({ smoke }) {
    const checks = new Checks();
    let sim: SimServer | undefined;
    let hanging: LoopbackServer | undefined;
    let afr: InProcessAfr | undefined;
    try {
      sim = await startSimServer({
        scenario: 'bad-deploy-error-spike',
        seed: 3,
        speed: 60,
        faultAfterSeconds: 0,
      });
      hanging = await startHangingServer();
      const deadlineMs = smoke ? 2500 : 5000;
      afr = await startInProcessAfr(
        serveConfig([
          'agents:',
          '  metrics: { backend: bundle }',
          `  logs: { backend: loki, url: ${JSON.stringify(hanging.url)} }`,
          '  deploy: { backend: simulator }',
          'integrations:',
          `  simulator: { url: ${JSON.stringify(sim.url)} }`,
          'commander:',
          `  investigation_deadline_ms: ${deadlineMs}`,
        ]),
      );
      const url = afr.url;
      const sent = await sendAlerts(url, [{ alertname: 'HighErrorRate', service: 'checkout' }]);
      checks.expect(sent.status === 200, `webhook answered ${sent.status}`);
      const incident = await until(async () => (await listIncidents(url))[0], 10_000, 'the incident');
      const done = await until(
        async () => {
          const detail = await incidentDetail(url, incident.id);
          return FINAL_STATES.has(detail.incident.state) && detail.report ? detail : undefined;
        },
        deadlineMs + 15_000,
        'the incident to complete',
      );
      const share = done.report?.investigation_plan.deadlines_ms.logs ?? deadlineMs;
      const investigate = done.phases.find((p) => p.phase === 'investigate');
      const took = investigate?.duration_ms ?? 0;
      const logsMissing = (done.report?.missing_data ?? []).filter((m) => m.startsWith('logs:'));
      checks.expect(hanging.requests.length > 0, 'the hanging log backend was queried');
      checks.expect(
        logsMissing.some((m) => /timeout|timed out|abort/i.test(m)),
        `logs timeout reported (missing_data: ${JSON.stringify(done.report?.missing_data)})`,
      );
      checks.expect(
        took >= share * 0.95,
        `investigation waited for the logs deadline (${took} ms < ${share} ms)`,
      );
      checks.expect(
        took <= share + 3000,
        `investigation stopped at the deadline (${Math.round(took)} ms > ${share} + 3000 ms)`,
      );
      checks.expect(Boolean(done.report?.decision), 'a decision was made');
      return {
        observed: `${done.incident.state} (${done.report?.decision}); investigate ${Math.round(took)} ms for a ${share} ms deadline; ${hanging.requests.length} hung request(s)`,
        failures: checks.failures,
      };
    } finally {
      await afr?.close();
      await hanging?.close();
      await sim?.close();
    }
  },
};
