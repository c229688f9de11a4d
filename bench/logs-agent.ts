/**
 * Logs-agent latency and memory (issue #4). Part 1: a 45-minute, 30,000-line bundle from the
 * simulator (a cascading upstream failure on a random 40-service topology, thinned evenly
 * to the line count) is written by a child process, read here, and `LogsAgent.investigate`
 * runs over its log port `runs` times after one cold run: p50/p95/max latency, peak RSS and
 * heap. Target: p95 < 150 ms. Part 2: the template miner's memory on a long stream
 * (bounded: the template table must not grow without bound), in a child process of its
 * own: heap before/after, heap at each tenth, live templates.
 * Usage: tsx bench/logs-agent.ts [--runs 30] [--lines 30000] [--minutes 45] [--services 40]
 *        [--seed 42] [--stream-lines 10000000] [--no-stream]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InvestigationContext } from '../src/agents/agent.js';
import { planInvestigation } from '../src/agents/investigation-planner.js';
import { LogsAgent } from '../src/agents/logs-agent.js';
import { bundlePorts, readBundle, readTruth } from '../src/connectors/bundle/index.js';
import { Alert, type Finding } from '../src/core/index.js';
import { removeAtCleanup, runCleanup } from './support/cleanup.js';
import { heapAfterGc, MIB } from './support/gc.js';
import { flag, loadDescription, numberArg, summarize } from './support/latency-stats.js';
import type { LogsBundleDescription } from './support/logs-bundle.js';
import type { MinerStreamResult } from './support/miner-stream.js';
import { ownCpuMs } from './support/process-cpu.js';

const TARGET_P95_MS = 150;
const runs = numberArg('runs', 30);
const lines = numberArg('lines', 30_000);
const minutes = numberArg('minutes', 45);
const services = numberArg('services', 40);
const seed = numberArg('seed', 42);
const streamLines = numberArg('stream-lines', 10_000_000);
const stream = !flag('no-stream');

/** Runs a support script in a child Node process with this process' TypeScript loader. */
function runChild(script: string, args: string[], nodeFlags: string[] = []): string {
  const path = fileURLToPath(new URL(`./support/${script}`, import.meta.url));
  return execFileSync(process.execPath, [...process.execArgv, ...nodeFlags, path, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * MIB,
  });
}

async function agentLatency() {
  const dir = mkdtempSync(join(tmpdir(), 'afr-bench-logs-'));
  removeAtCleanup(dir);
  const out = join(dir, 'bundle');
  const made = performance.now();
  const description = JSON.parse(
    runChild('logs-bundle.ts', [out, String(lines), String(minutes), String(services), String(seed)]),
  ) as LogsBundleDescription;
  const makeMs = performance.now() - made;

  const heapIdle = heapAfterGc();
  const bundle = await readBundle(out);
  const truth = await readTruth(description.truth_path);
  const ports = bundlePorts(bundle);
  const alert = Alert.parse({ ...bundle.manifest.alert });
  const topology = bundle.store.topology;
  const plan = planInvestigation(alert, topology, ports, {
    windowMinutes: minutes,
    deadlineMs: 10_000,
    dataStart: bundle.manifest.window.start,
    dataEnd: bundle.manifest.window.end,
  });
  const agent = new LogsAgent();
  const context = (): InvestigationContext => ({
    alert,
    plan,
    ports,
    topology,
    signal: AbortSignal.timeout(plan.deadlines_ms.logs ?? 10_000),
  });
  const heapLoaded = heapAfterGc();
  let peakHeap = heapLoaded;
  const investigate = async () => {
    const cpu = ownCpuMs();
    const started = performance.now();
    const result = await agent.investigate(context());
    const ms = performance.now() - started;
    const cpuMs = ownCpuMs() - cpu;
    // Heap right after a run, before any collection: the run's garbage is still there.
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const source = result.sources[0];
    if (source?.status !== 'ok' || source.detail !== `${lines} lines`) {
      throw new Error(`logs agent did not read the bundle: ${JSON.stringify(result.sources)}`);
    }
    return { ms, cpuMs, findings: result.findings };
  };
  const cold = await investigate();
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  let findings: Finding[] = cold.findings;
  for (let i = 0; i < runs; i++) {
    const run = await investigate();
    samples.push(run.ms);
    cpuSamples.push(run.cpuMs);
    findings = run.findings;
  }
  return {
    description,
    makeMs,
    coldMs: cold.ms,
    samples,
    cpuSamples,
    findings,
    truth,
    heapIdle,
    heapLoaded,
    peakHeap,
  };
}

async function main(): Promise<void> {
  const agent = await agentLatency();
  const latency = summarize(agent.samples);
  const cpu = summarize(agent.cpuSamples);
  const mb = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const d = agent.description;
  const flagged = [...new Set(agent.findings.map((f) => f.service))];
  const rootCause = agent.truth.service;
  const named = rootCause !== null && agent.findings.some((f) => namesService(f, rootCause));
  const rows: [string, string][] = [
    [
      'bundle',
      `${d.scenario}, ${d.services} services, ${minutes} min, seed ${seed} (made in ${fmt(agent.makeMs)})`,
    ],
    [
      'log lines',
      `${d.lines.toLocaleString('en')} (of ${d.simulated_lines.toLocaleString('en')} simulated; ${levels(d.levels)})`,
    ],
    ['cold run', fmt(agent.coldMs)],
    [
      `latency over ${latency.runs} runs`,
      `p50 ${fmt(latency.p50_ms)}, p95 ${fmt(latency.p95_ms)}, max ${fmt(latency.max_ms)}`,
    ],
    ['CPU per run', `p50 ${fmt(cpu.p50_ms)}, p95 ${fmt(cpu.p95_ms)}`],
    ['target', `p95 < ${TARGET_P95_MS} ms: ${latency.p95_ms < TARGET_P95_MS ? 'met' : 'NOT met'}`],
    [
      'memory',
      `heap ${mb(agent.heapIdle)} MB idle, ${mb(agent.heapLoaded)} MB with the bundle, ${mb(agent.peakHeap)} MB peak after a run; peak RSS ${peakRssMb} MB`,
    ],
    [
      'findings',
      `${agent.findings.length} on ${flagged.length} services; root cause ${rootCause ?? 'none'} ${named ? 'named by them' : 'not named'}`,
    ],
    ['findings by kind', byKind(agent.findings)],
  ];
  let minerResult: MinerStreamResult | undefined;
  if (stream) {
    minerResult = JSON.parse(runChild('miner-stream.ts', [String(streamLines)])) as MinerStreamResult;
    const m = minerResult;
    rows.push(
      [
        'miner stream',
        `${m.lines.toLocaleString('en')} lines (${m.free_text_lines.toLocaleString('en')} free text), ${m.lines_per_s.toLocaleString('en')} lines/s`,
      ],
      ['miner templates', `${m.templates} live (table bounded at ${m.max_templates})`],
      [
        'miner heap',
        `${m.heap_before_mb} MB before, ${m.heap_after_mb} MB after; by tenth: ${m.heap_by_tenth_mb.join(', ')} MB; peak RSS ${m.peak_rss_mb} MB`,
      ],
    );
  }
  rows.push(['load average', loadDescription()]);
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('Logs agent');
  for (const [key, value] of rows) console.log(`  ${key.padEnd(width)}  ${value}`);
  console.log(
    JSON.stringify({
      benchmark: 'logs agent',
      scenario: d.scenario,
      services: d.services,
      minutes,
      lines: d.lines,
      cold_ms: Math.round(agent.coldMs * 10) / 10,
      ...latency,
      cpu_p50_ms: cpu.p50_ms,
      cpu_p95_ms: cpu.p95_ms,
      target_p95_ms: TARGET_P95_MS,
      heap_with_bundle_mb: mb(agent.heapLoaded),
      peak_heap_mb: mb(agent.peakHeap),
      peak_rss_mb: peakRssMb,
      findings: agent.findings.length,
      findings_by_kind: Object.fromEntries(kindCounts(agent.findings)),
      root_cause_named: named,
      miner_stream: minerResult,
      load_average: loadDescription(),
    }),
  );
}

/** A finding on the service, or naming it as the target of errors. */
function namesService(finding: Finding, service: string): boolean {
  if (finding.service === service) return true;
  if (finding.kind === 'dependency_error') return finding.target === service;
  return finding.kind === 'log_pattern' && finding.mentions.includes(service);
}

function kindCounts(findings: readonly Finding[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function byKind(findings: readonly Finding[]): string {
  return kindCounts(findings)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
}

function levels(counts: Partial<Record<string, number>>): string {
  return Object.entries(counts)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([level, n]) => `${level} ${n}`)
    .join(', ');
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
