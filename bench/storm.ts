/**
 * Alert storm through the real HTTP intake (issue #7): 10,000 alerts across 50 services
 * (bench/support/storm-plan.ts: 4 cascades over a layered call graph plus noise on 10
 * standalone services) posted as Alertmanager webhook notifications to an `afr serve` in its
 * own process, which reads the topology through the simulator API. Checks that the
 * incidents formed are exactly the expected ones (14: one per cascade, with the deepest
 * callee as primary, and one per standalone service, each holding exactly its alerts), that
 * the journal attributes every alert to its incident, and that the server's resident memory
 * stays under 300 MB (peak: the kernel's high-water mark, plus 100 ms samples).
 *
 *   npx tsx bench/storm.ts [--smoke] [--alerts 10000] [--connections 8] [--store sqlite|postgres]
 *                          [--server auto|build|source] [--group-wait 10]
 */

import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  BENCH_API_TOKEN,
  BENCH_ENV,
  BENCH_WEBHOOK_TOKEN,
  type BenchStore,
  benchConfigYaml,
  benchPostgresUrl,
  benchStore,
  metricValue,
  postgresMissing,
} from './support/afr-bench-config.js';
import { type ServerMode, startAfrServeProcess } from './support/afr-serve-process.js';
import { runCleanup } from './support/cleanup.js';
import { flag, loadDescription, numberArg } from './support/latency-stats.js';
import { runLoad } from './support/load-generator.js';
import { type ExpectedIncident, stormPlan } from './support/storm-plan.js';
import { serveTopology } from './support/topology-server.js';

const smoke = flag('smoke');
const total = numberArg('alerts', smoke ? 1000 : 10_000);
const connections = numberArg('connections', 8);
const groupWaitS = numberArg('group-wait', smoke ? 5 : 10);
const store = (option('store') ?? 'sqlite') as BenchStore;
const serverMode = (option('server') ?? 'auto') as ServerMode | 'auto';
const RSS_LIMIT_MB = 300;
const FORMATION_TIMEOUT_S = smoke ? 45 : 240;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

interface FormedIncident {
  id: string;
  service: string;
  state: string;
  services: string[];
  alerts: number;
}

const api =
  (base: string) =>
  async <T>(path: string): Promise<T> => {
    const response = await fetch(base + path, { headers: { authorization: `Bearer ${BENCH_API_TOKEN}` } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

/** Every incident with its services and alert count, from the grouping decisions in its audit trail. */
async function formedIncidents(get: ReturnType<typeof api>): Promise<FormedIncident[]> {
  const list = await get<{ incidents: { id: string; service: string; state: string }[] }>(
    '/api/v1/incidents?limit=500',
  );
  return Promise.all(
    list.incidents.map(async (incident) => {
      const { entries } = await get<{ entries: { action: string; detail: Record<string, unknown> }[] }>(
        `/api/v1/incidents/${incident.id}/audit`,
      );
      const services = new Set<string>();
      let alerts = 0;
      for (const entry of entries) {
        if (entry.action === 'incident_grouped') {
          alerts += entry.detail.alerts as number;
          for (const s of entry.detail.services as string[]) services.add(s);
        } else if (entry.action === 'alerts_attached') {
          const attached = entry.detail.alerts as { service: string }[];
          alerts += attached.length;
          for (const a of attached) services.add(a.service);
        }
      }
      return {
        id: incident.id,
        service: incident.service,
        state: incident.state,
        services: [...services].sort(),
        alerts,
      };
    }),
  );
}

/** The journal: intake key → incident id (or suppressed:<reason>, or null while pending). */
async function journal(
  storeConfig: ReturnType<typeof benchStore>,
): Promise<Array<{ key: string; incident_id: string | null }>> {
  const sql = 'SELECT key, incident_id FROM intake_alerts';
  if (storeConfig.dataDir) {
    const db = new Database(join(storeConfig.dataDir, 'afr.db'), { readonly: true });
    try {
      return db.prepare(sql).all() as Array<{ key: string; incident_id: string | null }>;
    } finally {
      db.close();
    }
  }
  const schema = /schema: (\w+)/.exec(storeConfig.yaml)![1];
  const client = new pg.Client({ connectionString: benchPostgresUrl() });
  await client.connect();
  try {
    return (await client.query(`SELECT key, incident_id FROM ${schema}.intake_alerts`)).rows;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  if (store === 'postgres') {
    const missing = await postgresMissing();
    if (missing) throw new Error(missing);
  }
  const loadBefore = loadDescription();
  const plan = stormPlan({ total, t0: Math.floor(Date.now() / 1000) - 600 });
  const topology = await serveTopology(plan.topology);
  const storeConfig = benchStore(store);
  const server = await startAfrServeProcess({
    mode: serverMode,
    env: BENCH_ENV,
    configYaml: benchConfigYaml(storeConfig, {
      deployBackend: 'simulator',
      extra: [
        'integrations:',
        `  simulator: { url: ${JSON.stringify(topology.url)} }`,
        'incidents:',
        `  group_wait_s: ${groupWaitS}`,
        '  group_interval_s: 1',
      ].join('\n'),
    }),
  });
  const get = api(server.url);
  let sampledPeak = 0;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, server.memory()?.rss_mb ?? 0);
  }, 100);
  const rssBefore = server.memory()?.rss_mb ?? null;

  const started = performance.now();
  let accepted = 0;
  const load = await runLoad({
    url: `${server.url}/webhooks/alertmanager`,
    connections,
    headers: { authorization: `Bearer ${BENCH_WEBHOOK_TOKEN}` },
    next: (seq) => plan.requests[seq]?.body,
    itemsOf: (seq) => plan.requests[seq].alerts,
    onOk: (seq) => {
      accepted += plan.requests[seq].alerts;
    },
  });
  const intakeS = (performance.now() - started) / 1000;

  // Formation: until every alert is in an incident (or nothing changes for a while).
  let formed: FormedIncident[] = [];
  let pending = Number.NaN;
  const deadline = Date.now() + FORMATION_TIMEOUT_S * 1000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    formed = await formedIncidents(get);
    pending = metricValue(await (await fetch(`${server.url}/metrics`)).text(), 'afr_intake_pending_alerts');
    const grouped = formed.reduce((n, i) => n + i.alerts, 0);
    if ((grouped >= total && pending === 0) || Date.now() > deadline) break;
  }
  const formationS = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 3000)); // nothing more may form
  formed = await formedIncidents(get);
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  const countedByServer = metricValue(metrics, 'afr_alerts_received_total', { result: 'new' });
  clearInterval(sampler);
  const memory = server.memory();
  await server.stop();
  const rows = await journal(storeConfig);
  await topology.close();

  // Checks.
  const groupOf = new Map(plan.alerts.map((a) => [a.fingerprint, a.group]));
  const match = (expected: ExpectedIncident) =>
    formed.filter((i) => i.services.join(',') === expected.services.join(','));
  const perGroup = plan.expected.map((expected) => {
    const found = match(expected);
    return {
      group: expected.group,
      expected_alerts: expected.alerts,
      incidents: found.map((i) => i.id),
      alerts: found.reduce((n, i) => n + i.alerts, 0),
      primary: found[0]?.service ?? null,
      ok:
        found.length === 1 &&
        found[0].alerts === expected.alerts &&
        found[0].service === expected.primary_service,
    };
  });
  const incidentOfGroup = new Map(perGroup.map((g) => [g.group, g.incidents[0]]));
  const journalByIncident: Record<string, number> = {};
  let misattributed = 0;
  for (const row of rows) {
    const label = row.incident_id ?? '(pending)';
    journalByIncident[label.startsWith('INC-') ? 'INC-*' : label] =
      (journalByIncident[label.startsWith('INC-') ? 'INC-*' : label] ?? 0) + 1;
    const group = groupOf.get(row.key.split(':')[1]);
    if (!group || row.incident_id !== incidentOfGroup.get(group)) misattributed++;
  }
  const peak = Math.max(memory?.peak_rss_mb ?? 0, sampledPeak);
  const checks = {
    [`all ${total} alerts accepted (HTTP 200) and counted by the server`]:
      accepted === total && countedByServer === total && load.errors === 0,
    [`${plan.expected.length} incidents formed`]: formed.length === plan.expected.length,
    'each cascade and each standalone service is exactly one incident with all its alerts and the right primary':
      perGroup.every((g) => g.ok),
    'journal attributes every alert to its incident': rows.length === total && misattributed === 0,
    [`server RSS peak < ${RSS_LIMIT_MB} MB`]: memory !== null && peak < RSS_LIMIT_MB,
  };

  console.log(
    `\nStorm: ${total} alerts, ${plan.topology.services.length} services, ${plan.requests.length} webhook requests over ` +
      `${connections} connections; afr serve (${server.mode}) on ${store}; load ${loadBefore}`,
  );
  console.log('| intake | alerts/s | p50 | p99 | until all grouped | incidents | RSS before | RSS peak |');
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${intakeS.toFixed(1)} s | ${Math.round(total / intakeS).toLocaleString('en')} | ${load.latency_ms.p50} ms | ` +
      `${load.latency_ms.p99} ms | ${formationS.toFixed(1)} s | ${formed.length} / ${plan.expected.length} | ` +
      `${rssBefore ?? '-'} MB | ${peak} MB |`,
  );
  for (const [name, ok] of Object.entries(checks)) console.log(`${ok ? 'PASS' : 'FAIL'} ${name}`);
  console.log(
    JSON.stringify(
      {
        benchmark: 'storm',
        date: new Date().toISOString(),
        node: process.version,
        load_before: loadBefore,
        load_after: loadDescription(),
        server_mode: server.mode,
        store: storeConfig.where,
        alerts: total,
        services: plan.topology.services.length,
        requests: plan.requests.length,
        connections,
        group_wait_s: groupWaitS,
        intake_s: Math.round(intakeS * 100) / 100,
        intake_alerts_per_s: Math.round(total / intakeS),
        request_latency_ms: load.latency_ms,
        until_all_grouped_s: Math.round(formationS * 10) / 10,
        pending_after: pending,
        rss_mb: {
          before: rssBefore,
          peak_high_water: memory?.peak_rss_mb ?? null,
          peak_sampled: sampledPeak,
        },
        incidents: formed,
        expected: perGroup,
        journal: { rows: rows.length, by_incident: journalByIncident, misattributed },
        checks,
      },
      null,
      2,
    ),
  );
  if (!Object.values(checks).every(Boolean)) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
} finally {
  await runCleanup();
}
