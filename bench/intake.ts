/**
 * Webhook intake throughput (issue #7): sustained alerts/s and per-request p50/p99 latency
 * of afr's `POST /webhooks/alertmanager` on SQLite and on PostgreSQL, next to real
 * Alertmanager's own `POST /api/v2/alerts` on the same machine with the same generator.
 *
 * Each target runs in its own process (afr serve through `node --import tsx`, Alertmanager
 * from its Debian package); the closed-loop generator (bench/support/load-generator.ts)
 * runs here with `--connections` keep-alive connections for `--duration` seconds per
 * variant, after a warm-up. Two variants: one alert per request, and `--batch` alerts per
 * request (alerts/s then counts alerts, not requests). Every alert is unique (own
 * fingerprint, instance and start time), so nothing deduplicates. afr journals each alert
 * (committed) before answering 200, while its incident pipeline groups the journal in the
 * same process, as in production. Afterwards each server's own counters must show every
 * alert the generator saw accepted.
 *
 *   npx tsx bench/intake.ts [--duration 15] [--connections 16] [--batch 50] [--smoke]
 *                           [--only sqlite,postgres,alertmanager] [--postgres-url URL]
 */
import { hasBinary } from '../test/support/observability.js';
import {
  BENCH_ENV,
  BENCH_WEBHOOK_TOKEN,
  type BenchStore,
  benchConfigYaml,
  benchStore,
  metricValue,
  postgresMissing,
} from './support/afr-bench-config.js';
import { processMemory, startAfrServeProcess } from './support/afr-serve-process.js';
import { alertmanagerApiBody, benchAlerts, webhookBody } from './support/alert-payloads.js';
import { startAlertmanagerForIngest } from './support/alertmanager-process.js';
import { runCleanup } from './support/cleanup.js';
import { flag, loadDescription, numberArg } from './support/latency-stats.js';
import { type LoadResult, runLoad } from './support/load-generator.js';
import { processCpuMs } from './support/process-cpu.js';

const smoke = flag('smoke');
const durationS = numberArg('duration', smoke ? 1.5 : 15);
const warmupS = smoke ? 0.5 : Math.min(3, durationS / 5);
const connections = numberArg('connections', smoke ? 4 : 16);
const batch = numberArg('batch', 50);
const only = optionList('only') ?? ['sqlite', 'postgres', 'alertmanager'];
const TARGET_SQLITE_ALERTS_PER_S = 5000;

type Target = 'afr-sqlite' | 'afr-postgres' | 'alertmanager';

interface Run {
  target: Target;
  alerts_per_request: number;
  load: LoadResult;
  /** Server CPU (user + system) per accepted alert, ms; null without /proc. */
  server_cpu_ms_per_alert: number | null;
  server_rss_mb: number | null;
}

interface TargetSummary {
  target: Target;
  version?: string;
  store?: string;
  /** Alerts the generator saw accepted (warm-up included) vs the server's own count. */
  accepted_by_generator: number;
  counted_by_server: number;
  /** afr: alerts journaled but not yet grouped when the load stopped. */
  pending_after?: number;
  peak_rss_mb: number | null;
  skipped?: string;
}

function optionList(name: string): string[] | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1].split(',') : undefined;
}

/** Runs the single-alert and the batched variant against one URL; tallies accepted alerts. */
async function measure(
  target: Target,
  url: string,
  pid: number,
  headers: Record<string, string>,
  body: (alerts: ReturnType<typeof benchAlerts>) => string,
): Promise<{ runs: Run[]; accepted: number }> {
  const runs: Run[] = [];
  let accepted = 0;
  for (const perRequest of [1, batch]) {
    const run = Math.random().toString(16).slice(2, 6);
    let acceptedThisRun = 0;
    const cpuBefore = processCpuMs(pid);
    const load = await runLoad({
      url,
      connections,
      durationMs: (durationS + warmupS) * 1000,
      warmupMs: warmupS * 1000,
      headers,
      next: (seq) => body(benchAlerts(seq, perRequest, run)),
      itemsOf: () => perRequest,
      onOk: () => {
        acceptedThisRun += perRequest;
      },
    });
    const cpuAfter = processCpuMs(pid);
    accepted += acceptedThisRun;
    runs.push({
      target,
      alerts_per_request: perRequest,
      load,
      server_cpu_ms_per_alert:
        cpuBefore === null || cpuAfter === null || acceptedThisRun === 0
          ? null
          : Math.round(((cpuAfter - cpuBefore) / acceptedThisRun) * 1000) / 1000,
      server_rss_mb: processMemory(pid)?.rss_mb ?? null,
    });
  }
  return { runs, accepted };
}

async function benchAfr(store: BenchStore): Promise<{ runs: Run[]; summary: TargetSummary }> {
  const target: Target = store === 'sqlite' ? 'afr-sqlite' : 'afr-postgres';
  const storeConfig = benchStore(store);
  const server = await startAfrServeProcess({
    configYaml: benchConfigYaml(storeConfig),
    env: BENCH_ENV,
  });
  const { runs, accepted } = await measure(
    target,
    `${server.url}/webhooks/alertmanager`,
    server.pid,
    { authorization: `Bearer ${BENCH_WEBHOOK_TOKEN}` },
    webhookBody,
  );
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  const summary: TargetSummary = {
    target,
    store: storeConfig.where,
    accepted_by_generator: accepted,
    counted_by_server: metricValue(metrics, 'afr_alerts_received_total', { result: 'new' }),
    pending_after: metricValue(metrics, 'afr_intake_pending_alerts'),
    peak_rss_mb: server.memory()?.peak_rss_mb ?? null,
  };
  await server.stop();
  return { runs, summary };
}

async function benchAlertmanager(): Promise<{ runs: Run[]; summary: TargetSummary }> {
  const am = await startAlertmanagerForIngest();
  const { runs, accepted } = await measure(
    'alertmanager',
    `${am.url}/api/v2/alerts`,
    am.pid,
    {},
    alertmanagerApiBody,
  );
  const metrics = await (await fetch(`${am.url}/metrics`)).text();
  const summary: TargetSummary = {
    target: 'alertmanager',
    version: am.version,
    accepted_by_generator: accepted,
    counted_by_server: metricValue(metrics, 'alertmanager_alerts_received_total', { status: 'firing' }),
    peak_rss_mb: processMemory(am.pid)?.peak_rss_mb ?? null,
  };
  await am.stop();
  return { runs, summary };
}

function skipped(target: Target, reason: string): { runs: Run[]; summary: TargetSummary } {
  return {
    runs: [],
    summary: { target, accepted_by_generator: 0, counted_by_server: 0, peak_rss_mb: null, skipped: reason },
  };
}

async function main(): Promise<void> {
  const loadBefore = loadDescription();
  const results: Array<{ runs: Run[]; summary: TargetSummary }> = [];
  if (only.includes('sqlite')) results.push(await benchAfr('sqlite'));
  if (only.includes('postgres')) {
    const missing = await postgresMissing();
    results.push(missing ? skipped('afr-postgres', missing) : await benchAfr('postgres'));
  }
  if (only.includes('alertmanager')) {
    results.push(
      hasBinary('prometheus-alertmanager')
        ? await benchAlertmanager()
        : skipped('alertmanager', 'prometheus-alertmanager is not installed (scripts/install-test-deps.sh)'),
    );
  }
  const runs = results.flatMap((r) => r.runs);
  const summaries = results.map((r) => r.summary);

  const rate = (target: Target, perRequest: number) =>
    runs.find((r) => r.target === target && r.alerts_per_request === perRequest)?.load.items_per_s;
  const checks: Record<string, boolean | null> = {};
  for (const perRequest of [1, batch]) {
    const am = rate('alertmanager', perRequest);
    for (const target of ['afr-sqlite', 'afr-postgres'] as const) {
      const afr = rate(target, perRequest);
      checks[`${target} >= alertmanager (${perRequest}/request)`] =
        afr === undefined || am === undefined ? null : afr >= am;
    }
  }
  const sqliteBest = Math.max(rate('afr-sqlite', 1) ?? 0, rate('afr-sqlite', batch) ?? 0);
  checks[`afr-sqlite >= ${TARGET_SQLITE_ALERTS_PER_S} alerts/s`] = only.includes('sqlite')
    ? sqliteBest >= TARGET_SQLITE_ALERTS_PER_S
    : null;
  for (const s of summaries) {
    if (!s.skipped)
      checks[`${s.target}: every accepted alert counted by the server`] =
        s.counted_by_server === s.accepted_by_generator;
  }

  console.log(
    `\nIntake: ${connections} connections, ${durationS} s per variant after ${warmupS} s warm-up; load ${loadBefore}`,
  );
  console.log(
    '| target | alerts/request | requests/s | alerts/s | p50 | p99 | max | errors | server CPU/alert | server RSS |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of runs) {
    const l = r.load;
    console.log(
      `| ${r.target} | ${r.alerts_per_request} | ${l.requests_per_s.toLocaleString('en')} | ${l.items_per_s.toLocaleString('en')} | ` +
        `${l.latency_ms.p50} ms | ${l.latency_ms.p99} ms | ${l.latency_ms.max} ms | ${l.errors} | ` +
        `${r.server_cpu_ms_per_alert ?? '-'} ms | ${r.server_rss_mb ?? '-'} MB |`,
    );
  }
  for (const s of summaries) if (s.skipped) console.log(`${s.target}: skipped (${s.skipped})`);
  for (const [name, ok] of Object.entries(checks))
    console.log(`${ok === null ? 'n/a ' : ok ? 'PASS' : 'FAIL'} ${name}`);
  console.log(
    JSON.stringify(
      {
        benchmark: 'intake',
        date: new Date().toISOString(),
        node: process.version,
        load_before: loadBefore,
        load_after: loadDescription(),
        connections,
        duration_s: durationS,
        warmup_s: warmupS,
        batch,
        runs,
        targets: summaries,
        checks,
      },
      null,
      2,
    ),
  );
  const integrity = summaries.every((s) => s.skipped || s.counted_by_server === s.accepted_by_generator);
  if (!integrity) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
} finally {
  await runCleanup();
}
