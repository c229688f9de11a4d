/**
 * The store slows down: afr talks to a real PostgreSQL through a TCP proxy that delivers
 * every chunk, both ways, `delay` ms late (each round trip costs at least 2 × delay, as on a
 * congested or distant network). Nothing is faked above the wire: the pg driver, the SQL,
 * the locks and the leases are real.
 * Expected: intake still answers 2xx (slower, by at least one round trip), every incident
 * completes, and no lease is lost or incident failed because of the latency.
 */
import pg from 'pg';
import { type SimServer, startSimServer } from '../../src/sim/live/sim-server.js';
import {
  postgresUnavailable,
  randomSchema,
  TEST_POSTGRES_URL,
} from '../../src/store/postgres/testing/test-database.js';
import {
  type ChaosScenario,
  Checks,
  type InProcessAfr,
  sendAlerts,
  serveConfig,
  startInProcessAfr,
  untilReported,
} from '../support/harness.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

export const storeSlow: ChaosScenario = {
  name: 'store-slowed-down',
  expected: 'intake 2xx (>= 1 slow round trip); incidents complete; no lease lost',
  async run({ smoke }) {
    const unavailable = await postgresUnavailable();
    if (unavailable) return { observed: '', failures: [], skipped: unavailable };
    const checks = new Checks();
    const schema = randomSchema();
    const delayMs = smoke ? 20 : 40;
    let sim: SimServer | undefined;
    let proxy: TcpProxy | undefined;
    let afr: InProcessAfr | undefined;
    try {
      sim = await startSimServer({
        scenario: 'bad-deploy-error-spike',
        seed: 5,
        speed: 60,
        faultAfterSeconds: 0,
      });
      const direct = new URL(TEST_POSTGRES_URL);
      proxy = await startTcpProxy({
        upstreamHost: direct.hostname,
        upstreamPort: Number(direct.port || 5432),
        delayMs,
      });
      const slow = new URL(TEST_POSTGRES_URL);
      slow.hostname = proxy.host;
      slow.port = String(proxy.port);
      afr = await startInProcessAfr(
        serveConfig([
          'store:',
          '  driver: postgres',
          `  url: ${JSON.stringify(slow.toString())}`,
          `  schema: ${schema}`,
          'agents:',
          '  metrics: { backend: bundle }',
          '  logs: { backend: simulator }',
          '  deploy: { backend: simulator }',
          'integrations:',
          `  simulator: { url: ${JSON.stringify(sim.url)} }`,
          'commander:',
          '  investigation_deadline_ms: 5000',
        ]),
      );
      const url = afr.url;
      const services = smoke
        ? ['checkout', 'cart']
        : ['checkout', 'cart', 'catalog', 'inventory', 'user-service'];
      const answers = [];
      for (const service of services)
        answers.push(await sendAlerts(url, [{ alertname: 'HighErrorRate', service }]));
      for (const a of answers) checks.expect(a.status === 200, `webhook answered ${a.status}`);
      const slowest = Math.max(...answers.map((a) => a.ms));
      const fastest = Math.min(...answers.map((a) => a.ms));
      checks.expect(
        fastest >= 2 * delayMs,
        `intake paid the injected latency (${Math.round(fastest)} ms < ${2 * delayMs} ms)`,
      );
      const done = await untilReported(url, services.length, 60_000);
      checks.expect(
        done.length === services.length,
        `${done.length} incidents for ${services.length} services`,
      );
      const lost = afr.logs.filter((l) => String(l.msg).includes('lease lost'));
      const failed = afr.logs.filter(
        (l) => l.msg === 'incident failed' || l.msg === 'incident pipeline pass failed',
      );
      checks.expect(lost.length === 0, `${lost.length} lease(s) lost`);
      checks.expect(failed.length === 0, `${failed.length} pipeline error(s)`);
      return {
        observed: `+${2 * delayMs} ms per round trip: intake ${Math.round(fastest)}-${Math.round(slowest)} ms, ${done.length}/${services.length} incidents done, ${lost.length} leases lost`,
        failures: checks.failures,
      };
    } finally {
      await afr?.close();
      await proxy?.close();
      await sim?.close();
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  },
};
