/**
 * Metrics-agent latency against a real Prometheus (issue #3): one hour of history for 40
 * services × 10 signals at 15 s, with a fault on a few services, is backfilled with
 * `promtool tsdb create-blocks-from openmetrics`; Prometheus serves it and
 * `MetricsAgent.investigate` runs over `PrometheusMetricsSource` for that hour, `runs`
 * times after one cold run. Reports p50/p95/max latency, queries and points read, and
 * whether the faulted services were found. Target: p95 < 300 ms.
 * Needs `prometheus` and `promtool` (scripts/install-test-deps.sh).
 * Usage: tsx bench/metrics-agent-prometheus.ts [--runs 30] [--services 40] [--minutes 60]
 *        [--concurrency 8] [--seed 1] [--gzip]
 * `--gzip` asks Prometheus for compressed responses (the connector's `compress_responses`;
 * off by default, since compression costs both sides CPU on a fast network).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InvestigationContext } from '../src/agents/agent.js';
import { planInvestigation } from '../src/agents/investigation-planner.js';
import { MetricsAgent } from '../src/agents/metrics-agent.js';
import { PrometheusMetricsSource } from '../src/connectors/prometheus/index.js';
import { Alert, type MetricAnomalyFinding, TopologySchema } from '../src/core/index.js';
import { hasBinary, startPrometheus } from '../test/support/observability.js';
import { onCleanup, removeAtCleanup, runCleanup } from './support/cleanup.js';
import { CountingMetricsSource, type ReadCounts } from './support/counting-metrics-source.js';
import { flag, loadDescription, numberArg, summarize } from './support/latency-stats.js';
import { metricsHistory } from './support/metrics-history.js';
import { ownCpuMs, processCpuMs } from './support/process-cpu.js';

const STEP_S = 15;
const TARGET_P95_MS = 300;

const runs = numberArg('runs', 30);
const serviceCount = numberArg('services', 40);
const minutes = numberArg('minutes', 60);
const concurrency = numberArg('concurrency', 8);
const seed = numberArg('seed', 1);
/** Asks Prometheus for uncompressed responses (the connector's `headers` option). */
const gzip = flag('gzip');

async function main(): Promise<void> {
  for (const binary of ['prometheus', 'promtool']) {
    if (!hasBinary(binary)) throw new Error(`${binary} is not installed: run scripts/install-test-deps.sh`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'afr-bench-prom-'));
  removeAtCleanup(dir);

  // The hour ends now, so Prometheus serves it as recent data, as in a real investigation.
  const end = Math.floor(Date.now() / 1000 / STEP_S) * STEP_S;
  const start = end - minutes * 60;
  const faultAt = start + Math.round((2 / 3) * (end - start));
  const generated = performance.now();
  const history = metricsHistory({ services: serviceCount, start, end, stepSeconds: STEP_S, faultAt, seed });
  const file = join(dir, 'history.om.txt');
  writeFileSync(file, history.openMetrics);
  const generateMs = performance.now() - generated;

  const backfilled = performance.now();
  const dataDir = join(dir, 'data');
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir], { stdio: 'ignore' });
  const backfillMs = performance.now() - backfilled;

  const prometheus = await startPrometheus({ targets: [], scrapeIntervalS: STEP_S, dataDir });
  onCleanup(
    () => prometheus.stop(),
    () => {
      prometheus.process.kill('SIGKILL');
      rmSync(prometheus.dir, { recursive: true, force: true });
    },
  );

  let httpRequests = 0;
  const countingFetch: typeof fetch = (input, init) => {
    httpRequests++;
    return fetch(input, init);
  };
  const prom = new PrometheusMetricsSource(
    {
      url: prometheus.url,
      scrape_interval_s: STEP_S,
      step_s: STEP_S,
      timeout_ms: 10_000,
      compress_responses: gzip,
    },
    { fetch: countingFetch },
  );
  const served = await prom.services({ signal: AbortSignal.timeout(10_000) });
  if (served.kind !== 'ok' || served.data.length !== history.services.length) {
    throw new Error(`Prometheus serves ${served.kind === 'ok' ? served.data.length : served.kind} services`);
  }
  const metrics = new CountingMetricsSource(prom);
  const ports = { metrics };

  const alerted = history.faults[0]!;
  const alert = Alert.parse({
    id: 'ALERT-bench',
    timestamp: faultAt + 300,
    service: alerted.service,
    severity: 'critical',
    message: `error rate of ${alerted.service} above 5% for 5m`,
  });
  const topology = TopologySchema.parse({ services: history.services.map((name) => ({ name })) });
  const plan = planInvestigation(alert, topology, ports, {
    windowMinutes: minutes,
    deadlineMs: 10_000,
    dataStart: start,
    dataEnd: end,
  });
  const agent = new MetricsAgent({ concurrency });
  const context = (): InvestigationContext => ({
    alert,
    plan,
    ports,
    topology,
    signal: AbortSignal.timeout(plan.deadlines_ms.metrics ?? 10_000),
  });

  const pid = prometheus.process.pid;
  const investigate = async () => {
    metrics.reset();
    httpRequests = 0;
    const promCpu = processCpuMs(pid);
    const nodeCpu = ownCpuMs();
    const started = performance.now();
    const result = await agent.investigate(context());
    const ms = performance.now() - started;
    const nodeCpuMs = ownCpuMs() - nodeCpu;
    const promCpuAfter = processCpuMs(pid);
    const promCpuMs = promCpu === null || promCpuAfter === null ? Number.NaN : promCpuAfter - promCpu;
    const failed = result.sources.filter((s) => s.status !== 'ok');
    if (failed.length) throw new Error(`metrics agent sources failed: ${JSON.stringify(failed)}`);
    return { ms, result, counts: metrics.reset(), requests: httpRequests, nodeCpuMs, promCpuMs };
  };

  const cold = await investigate();
  const samples: number[] = [];
  const fetchSamples: number[] = [];
  const analysisSamples: number[] = [];
  const nodeCpuSamples: number[] = [];
  const promCpuSamples: number[] = [];
  const queryMs = new Map<string, number[]>();
  let last = cold;
  for (let i = 0; i < runs; i++) {
    last = await investigate();
    samples.push(last.ms);
    fetchSamples.push(last.counts.fetch_ms);
    analysisSamples.push(last.ms - last.counts.fetch_ms);
    nodeCpuSamples.push(last.nodeCpuMs);
    for (const [metric, ms] of Object.entries(last.counts.query_ms)) {
      queryMs.set(metric, [...(queryMs.get(metric) ?? []), ms]);
    }
    if (!Number.isNaN(last.promCpuMs)) promCpuSamples.push(last.promCpuMs);
  }
  report({
    history,
    generateMs,
    backfillMs,
    coldMs: cold.ms,
    samples,
    fetchSamples,
    analysisSamples,
    nodeCpuSamples,
    promCpuSamples,
    queryMs,
    counts: last.counts,
    requests: last.requests,
    findings: last.result.findings as MetricAnomalyFinding[],
    ranking: (last.result.service_ranking ?? []).map((r) => r.service),
  });
}

interface ReportInput {
  history: ReturnType<typeof metricsHistory>;
  generateMs: number;
  backfillMs: number;
  coldMs: number;
  samples: number[];
  fetchSamples: number[];
  analysisSamples: number[];
  nodeCpuSamples: number[];
  promCpuSamples: number[];
  queryMs: Map<string, number[]>;
  counts: ReadCounts;
  requests: number;
  findings: MetricAnomalyFinding[];
  ranking: string[];
}

function report(input: ReportInput): void {
  const { history, counts } = input;
  const latency = summarize(input.samples);
  const fetching = summarize(input.fetchSamples);
  const analysing = summarize(input.analysisSamples);
  const nodeCpu = summarize(input.nodeCpuSamples);
  const promCpu = input.promCpuSamples.length ? summarize(input.promCpuSamples) : undefined;
  const slowest = [...input.queryMs]
    .map(([metric, ms]) => ({ metric, p50: summarize(ms).p50_ms }))
    .sort((a, b) => b.p50 - a.p50);
  const faulted = history.faults.map((f) => f.service);
  const found = faulted.filter((s) => input.findings.some((f) => f.service === s));
  const topRanked = input.ranking.slice(0, faulted.length);
  const flagged = new Set(input.findings.flatMap((f) => (f.service ? [f.service] : [])));
  const falseServices = [...flagged].filter((s) => !faulted.includes(s));
  const rows: [string, string][] = [
    [
      'history',
      `${history.services.length} services, ${minutes} min at ${STEP_S} s (${history.instants} instants)`,
    ],
    [
      'samples backfilled',
      `${history.samples.toLocaleString('en')} (generated ${fmt(input.generateMs)}, promtool ${fmt(input.backfillMs)})`,
    ],
    [
      'queries per run',
      `${counts.range_queries} range + ${counts.name_lookups} name lookup = ${input.requests} HTTP requests, concurrency ${concurrency}, ${gzip ? 'gzip' : 'uncompressed'} responses`,
    ],
    ['read per run', `${counts.series} series, ${counts.points.toLocaleString('en')} points`],
    ['cold run', fmt(input.coldMs)],
    [
      `latency over ${latency.runs} runs`,
      `p50 ${fmt(latency.p50_ms)}, p95 ${fmt(latency.p95_ms)}, max ${fmt(latency.max_ms)}`,
    ],
    ['of which querying', `p50 ${fmt(fetching.p50_ms)}, p95 ${fmt(fetching.p95_ms)}`],
    [
      'slowest queries (p50)',
      slowest
        .slice(0, 4)
        .map((q) => `${q.metric} ${fmt(q.p50)}`)
        .join(', '),
    ],
    ['of which analysing', `p50 ${fmt(analysing.p50_ms)}, p95 ${fmt(analysing.p95_ms)}`],
    [
      'CPU per run (p50)',
      `agent process ${fmt(nodeCpu.p50_ms)}, Prometheus ${promCpu ? fmt(promCpu.p50_ms) : 'n/a'}`,
    ],
    ['target', `p95 < ${TARGET_P95_MS} ms: ${latency.p95_ms < TARGET_P95_MS ? 'met' : 'NOT met'}`],
    [
      'faulted services found',
      `${found.length}/${faulted.length} (${history.faults.map((f) => `${f.service}: ${f.kind}`).join(', ')})`,
    ],
    ['top of ranking', topRanked.join(', ')],
    [
      'findings',
      `${input.findings.length} on ${flagged.size} services (${falseServices.length} not faulted)`,
    ],
    ['load average', loadDescription()],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('Metrics agent against real Prometheus');
  for (const [key, value] of rows) console.log(`  ${key.padEnd(width)}  ${value}`);
  console.log(
    JSON.stringify({
      benchmark: 'metrics agent over prometheus',
      services: history.services.length,
      minutes,
      step_s: STEP_S,
      samples_backfilled: history.samples,
      concurrency,
      gzip,
      cold_ms: Math.round(input.coldMs * 10) / 10,
      ...latency,
      query_p50_ms: fetching.p50_ms,
      query_p95_ms: fetching.p95_ms,
      query_p50_ms_by_metric: Object.fromEntries(slowest.map((q) => [q.metric, q.p50])),
      analysis_p50_ms: analysing.p50_ms,
      analysis_p95_ms: analysing.p95_ms,
      agent_cpu_p50_ms: nodeCpu.p50_ms,
      prometheus_cpu_p50_ms: promCpu?.p50_ms ?? null,
      target_p95_ms: TARGET_P95_MS,
      range_queries: counts.range_queries,
      http_requests: input.requests,
      series_read: counts.series,
      points_read: counts.points,
      faulted_services: faulted.length,
      faulted_found: found.length,
      findings: input.findings.length,
      services_flagged_not_faulted: falseServices.length,
      load_average: loadDescription(),
    }),
  );
}

function fmt(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  console.error(error instanceof Error ? error.message : error);
} finally {
  await runCleanup();
}
