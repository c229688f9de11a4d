/**
 * Rebuilds calibration/confidence.json: analyses labelled training bundles with an identity
 * calibration, fits an isotonic map from raw confidence to the observed frequency of a
 * correct root-cause service, and caps it at the autonomous-action threshold below the
 * act floor (the lowest raw score from which every training claim was right, with at least
 * 200 of them; see src/eval/act-floor.ts).
 *
 *   npx afr sim generate --count 800 --out /tmp/afr-cal --seed 5000   # training seeds only
 *   npx tsx scripts/calibrate.ts /tmp/afr-cal
 *   # or, from records of scripts/eval-records.ts (the same analysis, saved):
 *   npx tsx scripts/calibrate.ts --records /tmp/afr-cal.records.jsonl
 *
 * Never calibrate on the held-out seed range (900000 and up).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { actFloor, capBelowFloor } from '../src/eval/act-floor.js';
import type { EvalRecord } from '../src/eval/eval-metrics.js';
import { expectedCalibrationError } from '../src/eval/eval-metrics.js';
import { evaluateBundle, labelledBundles } from '../src/eval/evaluate-bundles.js';
import { fitIsotonic } from '../src/eval/isotonic.js';
import { readEvalRecords } from '../src/eval/read-eval-records.js';
import { calibrate } from '../src/reasoning/confidence.js';
import { CausalReasoningEngine, IDENTITY_CALIBRATION } from '../src/reasoning/index.js';

/** The autonomous-action threshold the cap protects (commander.confidence_threshold's default). */
const ACT_THRESHOLD = 0.8;

const args = process.argv.slice(2);
const recordsAt = args.indexOf('--records');
const recordsFile = recordsAt >= 0 ? args[recordsAt + 1] : undefined;
const dir = recordsFile ? undefined : args[0];
if (!recordsFile && !dir) {
  console.error(
    'usage: tsx scripts/calibrate.ts <dir of labelled training bundles> | --records <file.jsonl>',
  );
  process.exit(2);
}
const records: EvalRecord[] = recordsFile ? readEvalRecords(recordsFile) : [];
if (!recordsFile) {
  for (const path of await labelledBundles(dir as string)) {
    records.push(
      await evaluateBundle(path, {
        reasoning: new CausalReasoningEngine({ calibration: IDENTITY_CALIBRATION }),
      }),
    );
  }
}
const samples = records
  .filter((r) => r.root_cause)
  .map((r) => ({ score: r.raw_confidence, correct: r.root_cause?.service === r.truth.service }));
const from = recordsFile ? `records ${basename(recordsFile)}` : `bundles of ${basename(dir as string)}`;
const isotonic = fitIsotonic(samples);
const floor = actFloor(samples);
const map = {
  ...(floor === null ? isotonic : capBelowFloor(isotonic, floor, ACT_THRESHOLD)),
  source: `isotonic fit on ${samples.length} root-cause claims from ${records.length} ${from}, capped at ${ACT_THRESHOLD} below the act floor ${floor === null ? '(none)' : floor.toFixed(4)} (scripts/calibrate.ts)`,
  act_floor: floor,
};
const before = expectedCalibrationError(samples.map((s) => ({ confidence: s.score, correct: s.correct })));
const after = expectedCalibrationError(
  samples.map((s) => ({ confidence: calibrate(s.score, map), correct: s.correct })),
);
mkdirSync('calibration', { recursive: true });
writeFileSync('calibration/confidence.json', `${JSON.stringify(map, null, 2)}\n`);
console.log(
  JSON.stringify({
    bundles: records.length,
    claims: samples.length,
    act_floor: floor,
    ece_before: before,
    ece_after_in_sample: after,
    breakpoints: map.raw.length,
  }),
);
