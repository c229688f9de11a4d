/**
 * Rebuilds calibration/confidence.json: analyses labelled training bundles with an identity
 * calibration, then fits an isotonic map from raw confidence to the observed frequency of a
 * correct root-cause service.
 *
 *   npx afr sim generate --count 160 --out /tmp/afr-cal --seed 5000   # training seeds only
 *   npx tsx scripts/calibrate.ts /tmp/afr-cal
 *
 * Never calibrate on the held-out seed range (900000 and up).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expectedCalibrationError } from '../src/eval/eval-metrics.js';
import { evaluateBundle, labelledBundles } from '../src/eval/evaluate-bundles.js';
import { fitIsotonic } from '../src/eval/isotonic.js';
import { calibrate } from '../src/reasoning/confidence.js';
import { CausalReasoningEngine, IDENTITY_CALIBRATION } from '../src/reasoning/index.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: tsx scripts/calibrate.ts <dir of labelled training bundles>');
  process.exit(2);
}
const bundles = await labelledBundles(dir);
const samples: { score: number; correct: boolean }[] = [];
for (const path of bundles) {
  const record = await evaluateBundle(path, {
    reasoning: new CausalReasoningEngine({ calibration: IDENTITY_CALIBRATION }),
  });
  if (record.root_cause) {
    samples.push({
      score: record.raw_confidence,
      correct: record.root_cause.service === record.truth.service,
    });
  }
}
const map = fitIsotonic(
  samples,
  `isotonic fit on ${samples.length} root-cause claims from ${bundles.length} bundles of ${dir.split('/').pop()} (scripts/calibrate.ts)`,
);
const before = expectedCalibrationError(samples.map((s) => ({ confidence: s.score, correct: s.correct })));
const after = expectedCalibrationError(
  samples.map((s) => ({ confidence: calibrate(s.score, map), correct: s.correct })),
);
mkdirSync('calibration', { recursive: true });
writeFileSync('calibration/confidence.json', `${JSON.stringify(map, null, 2)}\n`);
console.log(
  JSON.stringify({
    bundles: bundles.length,
    claims: samples.length,
    ece_before: before,
    ece_after_in_sample: after,
    breakpoints: map.raw.length,
  }),
);
