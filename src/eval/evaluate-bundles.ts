import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CommanderAgent, type CommanderOptions } from '../agents/commander.js';
import { bundlePorts, readBundle, readTruth, truthPathFor } from '../connectors/bundle/index.js';
import { ManualClock } from '../connectors/memory/clocks.js';
import { Alert } from '../core/index.js';
import type { EvalRecord } from './eval-metrics.js';

/** Bundle folders inside `dir` that have a `<bundle>.truth.json` beside them, sorted. */
export async function labelledBundles(dir: string): Promise<string[]> {
  const entries = await readdir(dir);
  const out: string[] = [];
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (!(await stat(path)).isDirectory()) continue;
    if (entries.includes(`${name}.truth.json`)) out.push(path);
  }
  return out;
}

/** Runs `analyze` on one bundle (plan only) and scores it against its truth. */
export async function evaluateBundle(path: string, options: CommanderOptions = {}): Promise<EvalRecord> {
  const [bundle, truth] = await Promise.all([readBundle(path), readTruth(truthPathFor(path))]);
  const started = performance.now();
  const report = await new CommanderAgent({
    ...options,
    ports: bundlePorts(bundle),
    clock: new ManualClock(bundle.manifest.window.end),
    planOnly: true,
  }).handleAlert(Alert.parse({ ...bundle.manifest.alert, source: 'bundle' }), {
    dataStart: bundle.manifest.window.start,
    dataEnd: bundle.manifest.window.end,
  });
  const latency = performance.now() - started;
  return {
    bundle: path,
    truth,
    decision: report.decision,
    ranked: report.hypotheses.map((h) => h.service),
    root_cause: report.root_cause
      ? {
          service: report.root_cause.service,
          cause: report.root_cause.cause,
          confidence: report.root_cause.confidence,
        }
      : null,
    strategy: report.remediation_plan?.strategy ?? 'none',
    raw_confidence: report.reasoning_diagnostics?.raw_confidence ?? 0,
    latency_ms: latency,
  };
}
