/**
 * Fits the isotonic confidence map on one set of analysis records (scripts/eval-records.ts)
 * and scores it on another: ECE, decisions and false acts as the decision rule would make
 * them with that map. A study tool; the numbers of record come from `afr eval`.
 *
 *   npx tsx scripts/calibration-study.ts train.jsonl test.jsonl [--act 0.8] [--approve 0.5] [--no-floor] [--min-support 200]
 */
import { actFloor, capBelowFloor } from '../src/eval/act-floor.js';
import { computeEvalMetrics, type EvalRecord } from '../src/eval/eval-metrics.js';
import { fitIsotonic } from '../src/eval/isotonic.js';
import { readEvalRecords } from '../src/eval/read-eval-records.js';
import { calibrate } from '../src/reasoning/confidence.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const [trainFile, testFile] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const train = readEvalRecords(trainFile);
const test = readEvalRecords(testFile ?? trainFile);
const samples = train
  .filter((r) => r.root_cause)
  .map((r) => ({ score: r.raw_confidence, correct: r.root_cause?.service === r.truth.service }));
const act = option('--act', 0.8);
const isotonic = fitIsotonic(samples);
const floor = args.includes('--no-floor')
  ? null
  : actFloor(samples, { minSupport: option('--min-support', 200) });
const map = floor === null ? isotonic : capBelowFloor(isotonic, floor, act);
const approve = option('--approve', 0.5);
const rescored = test.map((r): EvalRecord => {
  if (!r.root_cause) return r;
  const confidence = calibrate(r.raw_confidence, map);
  const decision = confidence > act ? 'act' : confidence >= approve ? 'approve' : 'escalate';
  return { ...r, decision, root_cause: { ...r.root_cause, confidence } };
});
const m = computeEvalMetrics(rescored);
console.log(
  JSON.stringify({
    train: train.length,
    test: test.length,
    breakpoints: map.raw.length,
    act_floor: floor,
    ac1: m.ac_at_1,
    ac3: m.ac_at_3,
    cause1: m.cause_at_1,
    ece: m.ece,
    false_acts: m.false_acts,
    act_on_faulty: m.act_rate_on_faulty,
    decisions: m.decision_rates,
  }),
);
