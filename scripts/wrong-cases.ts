/** Lists the bundles of a labelled folder whose top-1 service is wrong, with their confidence. */
import { readFileSync } from 'node:fs';
import { evaluateBundle, labelledBundles } from '../src/eval/evaluate-bundles.js';
import { CausalReasoningEngine } from '../src/reasoning/index.js';

const [dir, calibrationFile] = process.argv.slice(2);
const calibration = calibrationFile ? JSON.parse(readFileSync(calibrationFile, 'utf8')) : undefined;
for (const path of await labelledBundles(dir)) {
  const r = await evaluateBundle(path, { reasoning: new CausalReasoningEngine({ calibration }) });
  const wrong = r.root_cause ? r.root_cause.service !== r.truth.service : r.truth.service !== null;
  if (wrong || (r.truth.service && r.strategy !== r.truth.remediation))
    console.log(
      `${path.split('/').pop()} truth=${r.truth.service}/${r.truth.cause}/${r.truth.remediation} got=${r.root_cause?.service}/${r.root_cause?.cause}/${r.strategy} ${r.decision} conf=${r.root_cause?.confidence.toFixed(2)} raw=${r.raw_confidence.toFixed(2)} ranked=${r.ranked.slice(0, 3).join(',')}`,
    );
}
