/**
 * Prometheus dies in the middle of an investigation. A TCP proxy between afr and a real
 * Prometheus (scraping the live simulator) holds the metrics agent's requests once the
 * incident is investigating; Prometheus is then stopped and the held connections are cut,
 * exactly what a crashed Prometheus does to requests in flight.
 * Expected: the metrics agent reports a source error (not a crash, not a hang) and the
 * incident still completes with a decision.
 */
import { type SimServer, startSimServer } from '../../src/sim/live/sim-server.js';
import {
  observabilityAvailable,
  type RunningServer,
  startPrometheus,
} from '../../test/support/observability.js';
import {
  type ChaosScenario,
  Checks,
  FINAL_STATES,
  type InProcessAfr,
  incidentDetail,
  listIncidents,
  sendAlerts,
  serveConfig,
  sleep,
  startInProcessAfr,
  until,
} from '../support/harness.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

export const prometheusKilled: ChaosScenario = {
  name: 'prometheus-killed',
  expected: 'metrics source error; incident completes with a decision',
  async run({ smoke }) {
    if (!observabilityAvailable()) return { observed: '', failures: [], skipped: 'prometheus not installed' };
    const checks = new Checks();
    let sim: SimServer | undefined;
    let prometheus: RunningServer | undefined;
    let proxy: TcpProxy | undefined;
    let afr: InProcessAfr | undefined;
    try {
      sim = await startSimServer({
        scenario: 'bad-deploy-error-spike',
        seed: 2,
        speed: 60,
        faultAfterSeconds: 0,
      });
      prometheus = await startPrometheus({ targets: [new URL(sim.url).host], scrapeIntervalS: 1 });
      const upstream = new URL(prometheus.url);
      proxy = await startTcpProxy({ upstreamHost: upstream.hostname, upstreamPort: Number(upstream.port) });
      const deadlineMs = smoke ? 6000 : 10_000;
      afr = await startInProcessAfr(
        serveConfig([
          'agents:',
          `  metrics: { backend: prometheus, url: "http://${proxy.host}:${proxy.port}" }`,
          '  logs: { backend: simulator }',
          '  deploy: { backend: simulator }',
          'integrations:',
          `  simulator: { url: ${JSON.stringify(sim.url)} }`,
          '  prometheus: { scrape_interval_s: 1, step_s: 1 }',
          'commander:',
          `  investigation_deadline_ms: ${deadlineMs}`,
        ]),
      );
      await sleep(smoke ? 2000 : 4000); // a few scrapes, so the metrics agent has something to ask for
      const url = afr.url;
      proxy.hold();
      const sent = await sendAlerts(url, [
        { alertname: 'HighErrorRate', service: sim.sim.world.truth.service ?? 'checkout' },
      ]);
      checks.expect(sent.status === 200, `webhook answered ${sent.status}`);
      const incident = await until(
        async () => {
          const [one] = await listIncidents(url);
          return one?.state === 'investigating' && (proxy?.heldBytes ?? 0) > 0 ? one : undefined;
        },
        15_000,
        'the metrics agent to have a query in flight',
      );
      const killedAt = Date.now();
      await prometheus.stop();
      proxy.release();
      const done = await until(
        async () => {
          const detail = await incidentDetail(url, incident.id);
          return FINAL_STATES.has(detail.incident.state) && detail.report ? detail : undefined;
        },
        deadlineMs + 15_000,
        'the incident to complete',
      );
      const completedS = (Date.now() - killedAt) / 1000;
      const metricsMissing = (done.report?.missing_data ?? []).filter((m) => m.startsWith('metrics:'));
      checks.expect(
        metricsMissing.some((m) => /error|timeout/.test(m)),
        `metrics source error reported (missing_data: ${JSON.stringify(done.report?.missing_data)})`,
      );
      const investigate = done.phases.find((p) => p.phase === 'investigate');
      checks.expect(
        investigate?.status === 'degraded',
        `investigate phase degraded (was ${investigate?.status})`,
      );
      checks.expect(Boolean(done.report?.decision), 'a decision was made');
      return {
        observed: `${done.incident.state} (${done.report?.decision}) ${completedS.toFixed(1)} s after the kill; ${metricsMissing[0]?.slice(0, 90) ?? 'no metrics error'}`,
        failures: checks.failures,
      };
    } finally {
      await afr?.close();
      await proxy?.close();
      await prometheus?.stop();
      await sim?.close();
    }
  },
};
