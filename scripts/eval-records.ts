/**
 * Analyses every labelled bundle of a folder with an identity calibration and writes one
 * JSON record per bundle (truth, ranking, raw confidence, decision inputs) to a JSON-lines
 * file, so that calibration studies (scripts/calibrate.ts --records) need not re-run the
 * analysis.
 *
 *   npx tsx scripts/eval-records.ts /tmp/afr-cal /tmp/afr-cal.records.jsonl [--no-traces]
 */
import { createWriteStream } from 'node:fs';
import type { InvestigationAgent } from '../src/agents/agent.js';
import { evaluateBundle, labelledBundles } from '../src/eval/evaluate-bundles.js';
import { CausalReasoningEngine, IDENTITY_CALIBRATION } from '../src/reasoning/index.js';

const args = process.argv.slice(2);
const withoutTraces = args.includes('--no-traces');
const [dir, out] = args.filter((a) => !a.startsWith('--'));
if (!dir || !out) {
  console.error('usage: tsx scripts/eval-records.ts <dir of labelled bundles> <out.jsonl>');
  process.exit(2);
}
/** Leaves traces out, to measure what they add. */
const NO_TRACES: InvestigationAgent = {
  name: 'traces',
  investigate: async () => ({
    agent: 'traces',
    findings: [],
    observed_services: [],
    sources: [],
    duration_ms: 0,
  }),
};
const sink = createWriteStream(out);
const bundles = await labelledBundles(dir);
for (const path of bundles) {
  const record = await evaluateBundle(path, {
    reasoning: new CausalReasoningEngine({ calibration: IDENTITY_CALIBRATION }),
    ...(withoutTraces ? { tracesAgent: NO_TRACES } : {}),
  });
  sink.write(`${JSON.stringify(record)}\n`);
}
sink.end();
console.error(`${bundles.length} records written to ${out}`);
