/**
 * A notifier that fails: the webhook notifier posts to a loopback endpoint that answers
 * every request with 500.
 * Expected: incidents complete anyway, the failure is logged ("notification failed"), and
 * the failing notifier holds nobody up longer than notifications.deadline_ms.
 */
import { type SimServer, startSimServer } from '../../src/sim/live/sim-server.js';
import {
  type ChaosScenario,
  Checks,
  type InProcessAfr,
  sendAlerts,
  serveConfig,
  startInProcessAfr,
  untilReported,
} from '../support/harness.js';
import { type LoopbackServer, startStatusServer } from '../support/loopback-servers.js';

export const notifier500: ChaosScenario = {
  name: 'notifier-returns-500',
  expected: 'incidents complete; failure logged; report phase bounded by the notify deadline',
  async run({ smoke }) {
    const checks = new Checks();
    let sim: SimServer | undefined;
    let broken: LoopbackServer | undefined;
    let afr: InProcessAfr | undefined;
    try {
      sim = await startSimServer({
        scenario: 'bad-deploy-error-spike',
        seed: 4,
        speed: 60,
        faultAfterSeconds: 0,
      });
      broken = await startStatusServer(500);
      const notifyDeadlineMs = 2000;
      afr = await startInProcessAfr(
        serveConfig([
          'agents:',
          '  metrics: { backend: bundle }',
          '  logs: { backend: simulator }',
          '  deploy: { backend: simulator }',
          'integrations:',
          `  simulator: { url: ${JSON.stringify(sim.url)} }`,
          'commander:',
          '  investigation_deadline_ms: 5000',
          'notifications:',
          `  deadline_ms: ${notifyDeadlineMs}`,
          '  notifiers:',
          `    - webhook: { url: ${JSON.stringify(`${broken.url}/hook`)} }`,
        ]),
      );
      const url = afr.url;
      const services = smoke ? ['checkout', 'cart'] : ['checkout', 'cart', 'catalog', 'inventory'];
      const started = Date.now();
      const sent = await sendAlerts(
        url,
        services.map((service) => ({ alertname: 'HighErrorRate', service })),
      );
      checks.expect(sent.status === 200, `webhook answered ${sent.status}`);
      const done = await untilReported(url, services.length, 30_000);
      const tookS = (Date.now() - started) / 1000;
      let slowestReport = 0;
      for (const detail of done) {
        const report = detail.phases.find((p) => p.phase === 'report');
        slowestReport = Math.max(slowestReport, report?.duration_ms ?? 0);
      }
      const logged = afr.logs.filter((l) => l.msg === 'notification failed');
      checks.expect(
        broken.requests.length >= services.length,
        `the notifier was called (${broken.requests.length})`,
      );
      checks.expect(
        logged.length >= services.length,
        `failures logged (${logged.length} "notification failed")`,
      );
      checks.expect(
        slowestReport <= notifyDeadlineMs + 1000,
        `report phase bounded by the notify deadline (${Math.round(slowestReport)} ms)`,
      );
      return {
        observed: `${done.length}/${services.length} incidents done in ${tookS.toFixed(1)} s; ${broken.requests.length} POSTs got 500; ${logged.length} failures logged; report phase <= ${Math.round(slowestReport)} ms`,
        failures: checks.failures,
      };
    } finally {
      await afr?.close();
      await broken?.close();
      await sim?.close();
    }
  },
};
