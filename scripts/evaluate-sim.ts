/**
 * Accuracy of the whole loop on the simulator over a seed range (development seeds only;
 * the held-out range is for `npm run eval:scenarios`). Writes one JSON line per incident to
 * --out (for calibration) and prints a summary per scenario.
 * Usage: tsx scripts/evaluate-sim.ts --from 1 --to 30 [--out results.jsonl] [--scenario NAME]
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { runScenario } from '../src/demo/run-demo.js';
import { SCENARIO_NAMES, type ScenarioName } from '../src/sim/index.js';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const from = Number(arg('from', '1'));
const to = Number(arg('to', '20'));
const out = arg('out');
const only = arg('scenario');
const scenarios = (only ? [only] : SCENARIO_NAMES) as ScenarioName[];
if (out) writeFileSync(out, '');
for (const scenario of scenarios) {
  const tally = {
    n: 0,
    service: 0,
    both: 0,
    falseActs: 0,
    noAlert: 0,
    decisions: {} as Record<string, number>,
  };
  const misses: string[] = [];
  for (let seed = from; seed <= to; seed++) {
    const r = await runScenario(scenario, seed);
    if (!r) {
      tally.noAlert++;
      continue;
    }
    tally.n++;
    if (r.correct_service) tally.service++;
    if (r.correct_service && r.correct_strategy) tally.both++;
    else
      misses.push(
        `${seed}:${r.report.root_cause?.service ?? '-'}/${r.report.root_cause?.cause ?? '-'}/${r.report.remediation_plan?.strategy ?? '-'}(${r.report.decision})`,
      );
    if (r.false_act) tally.falseActs++;
    tally.decisions[r.report.decision] = (tally.decisions[r.report.decision] ?? 0) + 1;
    if (out) {
      appendFileSync(
        out,
        `${JSON.stringify({
          scenario,
          seed,
          truth: r.truth,
          root_cause: r.report.root_cause,
          decision: r.report.decision,
          strategy: r.report.remediation_plan?.strategy ?? 'none',
          correct_service: r.correct_service,
          correct_strategy: r.correct_strategy,
          raw_confidence: r.report.reasoning_diagnostics?.raw_confidence ?? 0,
          confidence: r.report.root_cause?.confidence ?? 0,
          none_probability: r.report.reasoning_diagnostics?.none_probability ?? 0,
        })}\n`,
      );
    }
  }
  console.log(
    `${scenario.padEnd(30)} n=${tally.n} service=${tally.service} both=${tally.both} falseActs=${tally.falseActs} noAlert=${tally.noAlert} ${JSON.stringify(tally.decisions)}`,
  );
  if (misses.length) console.log(`   misses: ${misses.slice(0, 12).join(' ')}`);
}
