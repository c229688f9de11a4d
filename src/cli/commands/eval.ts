import { commanderOptionsFromConfig } from '../../agents/commander-config.js';
import { type AfrConfig, defaultConfig } from '../../config/index.js';
import { BundleError } from '../../connectors/bundle/index.js';
import { computeEvalMetrics, type EvalRecord } from '../../eval/eval-metrics.js';
import { evaluateBundle, labelledBundles } from '../../eval/evaluate-bundles.js';
import { InputError } from '../input-error.js';

/**
 * `afr eval <dir>`: analyses every bundle in `dir` that has a `<bundle>.truth.json` and
 * prints accuracy (AC@1, AC@3, Avg@5, cause@1, strategy), safety (false acts, false-positive
 * rate on false alarms), decision rates, calibration (ECE) and latency.
 */
export async function evalCommand(
  dir: string,
  options: { json?: boolean },
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  config: AfrConfig = defaultConfig(),
): Promise<EvalRecord[]> {
  let bundles: string[];
  try {
    bundles = await labelledBundles(dir);
  } catch (error) {
    throw new InputError(`${dir}: ${(error as Error).message}`);
  }
  if (bundles.length === 0) throw new InputError(`${dir}: no bundle with a <bundle>.truth.json beside it`);
  const records: EvalRecord[] = [];
  const commander = commanderOptionsFromConfig(config);
  for (const path of bundles) {
    try {
      records.push(await evaluateBundle(path, commander));
    } catch (error) {
      if (error instanceof BundleError) throw new InputError(error.message);
      throw error;
    }
    if (!options.json && records.length % 100 === 0)
      err.write(`afr eval: ${records.length}/${bundles.length}\n`);
  }
  const metrics = computeEvalMetrics(records);
  if (options.json) {
    out.write(`${JSON.stringify(metrics, null, 2)}\n`);
    return records;
  }
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  out.write(
    [
      `bundles: ${metrics.bundles} (${metrics.faulty} faulty, ${metrics.false_alarms} false alarms)`,
      `AC@1 ${pct(metrics.ac_at_1)}  AC@3 ${pct(metrics.ac_at_3)}  Avg@5 ${pct(metrics.avg_at_5)}`,
      `cause@1 ${pct(metrics.cause_at_1)}  strategy ${pct(metrics.strategy_accuracy)}`,
      `false acts: ${metrics.false_acts}  false-positive rate on false alarms: ${pct(metrics.false_positive_rate)}`,
      `decisions: ${Object.entries(metrics.decision_rates)
        .map(([k, v]) => `${k} ${pct(v)}`)
        .join(', ')}  (act on faulty: ${pct(metrics.act_rate_on_faulty)})`,
      `ECE (top-1 confidence): ${metrics.ece.toFixed(3)}`,
      `latency: p50 ${metrics.latency_ms.p50.toFixed(1)} ms, p99 ${metrics.latency_ms.p99.toFixed(1)} ms`,
      '',
    ].join('\n'),
  );
  return records;
}
