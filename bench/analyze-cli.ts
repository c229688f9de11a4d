/**
 * `afr analyze` wall time on a 40-service bundle (issue #5): the whole command as a user runs
 * it, `node bin/afr.js analyze <bundle> --json`, process start and module loading included.
 * The bundle comes from `afr sim generate` (once, into a temporary folder: two bundles on
 * 40-service topologies, the faulty one is analysed; the other is the block's false alarm).
 * For where the time goes it also times a bare `node -e 0` (process start) and
 * `afr --help` (loading the CLI), and reads the command's own investigate/decide timings.
 * One warm-up run (disk cache), then `runs` timed runs; every run must exit 0 with the same
 * root cause, decision and hypotheses.
 * `bin/afr.js` runs the compiled dist/: build first (`npm run build`); the report says when
 * dist/ is older than src/.
 * Usage: tsx bench/analyze-cli.ts [--runs 20] [--services 40] [--seed 4040] [--bundle DIR]
 *        [--bin bin/afr.js] [--smoke] [--json]
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeAtCleanup, runCleanup } from './support/cleanup.js';
import { distIsFresh } from './support/dist-freshness.js';
import { flag, loadDescription, numberArg, percentile, summarize } from './support/latency-stats.js';
import { runOk, type TimedRun } from './support/timed-process.js';

const TARGET_MS = 500;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const smoke = flag('smoke');
const runs = numberArg('runs', smoke ? 3 : 20);
const services = numberArg('services', 40);
const seed = numberArg('seed', 4040);
const bin = resolve(root, stringArg('bin') ?? join('bin', 'afr.js'));
const node = process.execPath;

interface AnalysisOutput {
  decision: string;
  root_cause: { service: string; cause: string } | null;
  hypotheses: { service: string; cause: string; probability: number }[];
  timings_ms: Record<string, number>;
}

try {
  const given = stringArg('bundle');
  if (given && !existsSync(join(given, 'manifest.json')))
    throw new Error(`--bundle: ${given} is not a bundle directory (no manifest.json)`);
  const bundle = given ? resolve(given) : await generateBundle();
  const description = describeBundle(bundle);
  const args = [bin, 'analyze', bundle, '--json'];
  const loadBefore = loadDescription();
  const bare = await repeat(runs, () => runOk(node, ['-e', '0'], root));
  const help = await repeat(runs, () => runOk(node, [bin, '--help'], root));
  const first = parse(await runOk(node, args, root));
  const timed = await repeat(runs, () => runOk(node, args, root));
  const analyses = timed.map(parse);
  const loadAfter = loadDescription();
  for (const [i, a] of analyses.entries()) {
    if (JSON.stringify(essentials(a)) !== JSON.stringify(essentials(first)))
      throw new Error(`run ${i + 1} answered differently from the warm-up run`);
  }
  const latency = summarize(timed.map((r) => r.wall_ms));
  const cpu = (samples: TimedRun[]) =>
    samples.every((r) => r.cpu_ms !== null) ? summarize(samples.map((r) => r.cpu_ms ?? 0)).p50_ms : null;
  const phase = (name: string) =>
    Math.round(
      percentile(
        analyses.map((a) => a.timings_ms[name] ?? 0),
        0.5,
      ),
    );
  const truth = readTruth(bundle);
  const report = {
    benchmark: 'afr analyze wall time (process start included)',
    command: `node ${relativeToRoot(bin)} analyze <bundle> --json`,
    dist_newer_than_src: distIsFresh(bin, join(root, 'src')),
    bundle: description,
    analyze: latency,
    analyze_cpu_p50_ms: cpu(timed),
    node_start_p50_ms: summarize(bare.map((r) => r.wall_ms)).p50_ms,
    cli_help_p50_ms: summarize(help.map((r) => r.wall_ms)).p50_ms,
    cpu_p50_ms: { node_start: cpu(bare), cli_help: cpu(help) },
    in_process_p50_ms: { investigate: phase('investigate'), decide: phase('decide') },
    target_ms: TARGET_MS,
    target_met: latency.p95_ms < TARGET_MS,
    decision: first.decision,
    root_cause: first.root_cause,
    truth_service: truth?.service,
    load_average: { before: loadBefore, after: loadAfter },
  };
  if (flag('json')) {
    console.log(JSON.stringify(report));
  } else {
    if (!report.dist_newer_than_src)
      console.log(
        `WARNING: ${relativeToRoot(bin)}'s dist/ is older than src/: these figures are of its last build`,
      );
    console.log(
      `bundle: ${description.services} services, ${description.window_minutes} min; ${description.files_mb} MB (${description.log_lines} log lines, ${description.metrics_mb} MB metrics.csv, ${description.traces_mb} MB traces)`,
    );
    console.log(
      `afr analyze --json: ${latency.runs} runs after a warm-up: p50 ${latency.p50_ms} ms, p95 ${latency.p95_ms} ms, max ${latency.max_ms} ms (CPU p50 ${report.analyze_cpu_p50_ms} ms); target < ${TARGET_MS} ms: ${report.target_met ? 'met' : 'NOT met'}`,
    );
    console.log(
      `where it goes (p50 wall / CPU): node start ${report.node_start_p50_ms} / ${report.cpu_p50_ms.node_start} ms, afr --help ${report.cli_help_p50_ms} / ${report.cpu_p50_ms.cli_help} ms; in the process: investigate ${report.in_process_p50_ms.investigate} ms + decide ${report.in_process_p50_ms.decide} ms`,
    );
    console.log(
      `answer: ${first.decision}, root cause ${first.root_cause ? `${first.root_cause.service} (${first.root_cause.cause})` : 'none'}; truth ${truth ? (truth.service ?? 'false alarm') : `unknown (no ${bundle}.truth.json)`}`,
    );
    console.log(`load average (1/5/15 min): ${loadBefore} before, ${loadAfter} after`);
  }
} finally {
  await runCleanup();
}

/** Two bundles on `services`-service topologies; the faulty one (the other is a false alarm). */
async function generateBundle(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'afr-bench-analyze-'));
  removeAtCleanup(out);
  const range = `${services}-${services}`;
  await runOk(
    node,
    [bin, 'sim', 'generate', '--count', '2', '--seed', String(seed), '--services', range, '--out', out],
    root,
  );
  for (const name of readdirSync(out)
    .filter((n) => n.endsWith('.truth.json'))
    .sort()) {
    const truth = JSON.parse(readFileSync(join(out, name), 'utf8')) as { service: string | null };
    if (truth.service) return join(out, name.slice(0, -'.truth.json'.length));
  }
  throw new Error(`afr sim generate (seed ${seed}) wrote no faulty bundle`);
}

function readTruth(bundle: string): { service: string | null } | undefined {
  try {
    return JSON.parse(readFileSync(`${bundle}.truth.json`, 'utf8')) as { service: string | null };
  } catch {
    return undefined;
  }
}

function describeBundle(dir: string) {
  const size = (file: string) => {
    try {
      return statSync(join(dir, file)).size;
    } catch {
      return 0;
    }
  };
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  const files = readdirSync(dir);
  const topology = JSON.parse(readFileSync(join(dir, 'topology.json'), 'utf8')) as { services: unknown[] };
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    window: { start: string; end: string };
  };
  let logLines = 0;
  if (files.includes('logs.jsonl')) {
    const text = readFileSync(join(dir, 'logs.jsonl'));
    for (let i = text.indexOf(10); i >= 0; i = text.indexOf(10, i + 1)) logLines++;
  }
  return {
    services: topology.services.length,
    window_minutes: Math.round(
      (Date.parse(manifest.window.end) - Date.parse(manifest.window.start)) / 60_000,
    ),
    files_mb: mb(files.reduce((sum, f) => sum + size(f), 0)),
    log_lines: logLines,
    logs_mb: mb(size('logs.jsonl')),
    metrics_mb: mb(size('metrics.csv')),
    traces_mb: mb(size('traces.jsonl')),
  };
}

async function repeat(times: number, run: () => Promise<TimedRun>): Promise<TimedRun[]> {
  const samples: TimedRun[] = [];
  for (let i = 0; i < times; i++) samples.push(await run());
  return samples;
}

function parse(run: TimedRun): AnalysisOutput {
  try {
    return JSON.parse(run.stdout) as AnalysisOutput;
  } catch {
    throw new Error(`afr analyze printed no JSON:\n${run.stdout.slice(0, 500)}\n${run.stderr.slice(-1000)}`);
  }
}

function essentials(a: AnalysisOutput) {
  return {
    decision: a.decision,
    root_cause: a.root_cause,
    hypotheses: a.hypotheses.map((h) => [h.service, h.cause, h.probability]),
  };
}

function stringArg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = process.argv[at + 1];
  if (!value || value.startsWith('--')) throw new Error(`--${name} expects a value`);
  return value;
}

function relativeToRoot(path: string): string {
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}
