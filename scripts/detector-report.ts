/**
 * Precision, recall and onset error of the default detector (`detectSeriesAnomaly`, the
 * batch detector the metrics agent uses) on the labelled synthetic set of
 * src/analysis/anomaly/labelled-set.test.ts, per series family and overall (issue #3:
 * both at least 0.9). Scored exactly as that test scores: a hit is a detection on a series
 * that expects one, in the expected direction; any other detection is a false positive.
 * Onset error is |detected − expected onset| in samples, for the hits. Exits non-zero when
 * precision or recall falls below 0.9.
 * Usage: tsx scripts/detector-report.ts [--seed N] [--json]
 */
import { detectSeriesAnomaly } from '../src/analysis/anomaly/index.js';
import { buildLabelledSet, type LabelledSeries } from '../src/analysis/anomaly/testing/labelled-set.js';

const TARGET = 0.9;

interface Tally {
  series: number;
  positives: number;
  tp: number;
  fp: number;
  fn: number;
  /** Detections on series that expect nothing. */
  negativeAlarms: number;
  shapeRight: number;
  onsetErrors: number[];
  withinTolerance: number;
}

/** `shift-12` → `shift`, `late-ramp-twin-3` → `late-ramp-twin`, `noise-4-sigma-10` → `noise`. */
function familyOf(name: string): string {
  const words = name.split('-');
  const firstNumber = words.findIndex((w) => /^\d/.test(w));
  return (firstNumber < 0 ? words : words.slice(0, firstNumber)).join('-');
}

function score(series: LabelledSeries, tally: Tally): void {
  const anomaly = detectSeriesAnomaly(series.points, series.options);
  const expected = series.expected;
  tally.series++;
  if (expected) tally.positives++;
  const hit = anomaly !== null && expected !== null && anomaly.direction === expected.direction;
  if (hit) tally.tp++;
  else if (expected) tally.fn++;
  if (anomaly && !hit) tally.fp++;
  if (anomaly && !expected) tally.negativeAlarms++;
  if (!hit || !anomaly || !expected) return;
  const step = series.points.length > 1 ? series.points[1][0] - series.points[0][0] : 1;
  const onsetIndex = Math.round((anomaly.onset - series.points[0][0]) / step);
  const error = Math.abs(onsetIndex - expected.onset_index);
  // The test's tolerance: 15% of a trend's length, two samples otherwise.
  const tolerance = expected.shape === 'trend' ? 0.15 * expected.duration : 2;
  tally.onsetErrors.push(error);
  if (error <= tolerance) tally.withinTolerance++;
  if (anomaly.shape === expected.shape) tally.shapeRight++;
}

function emptyTally(): Tally {
  return {
    series: 0,
    positives: 0,
    tp: 0,
    fp: 0,
    fn: 0,
    negativeAlarms: 0,
    shapeRight: 0,
    onsetErrors: [],
    withinTolerance: 0,
  };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function summary(t: Tally) {
  const errors = [...t.onsetErrors].sort((a, b) => a - b);
  const at = (p: number) =>
    errors.length ? errors[Math.min(errors.length - 1, Math.ceil(p * errors.length) - 1)] : null;
  return {
    series: t.series,
    positives: t.positives,
    tp: t.tp,
    fp: t.fp,
    fn: t.fn,
    precision: ratio(t.tp, t.tp + t.fp),
    recall: ratio(t.tp, t.tp + t.fn),
    /** Detections on series that expect none, per such series. */
    false_alarm_rate: ratio(t.negativeAlarms, t.series - t.positives),
    shape_accuracy: ratio(t.shapeRight, t.tp),
    onset_error_median: at(0.5),
    onset_error_p90: at(0.9),
    onset_error_max: errors.length ? errors[errors.length - 1] : null,
    onset_within_tolerance: ratio(t.withinTolerance, t.tp),
  };
}

const seedAt = process.argv.indexOf('--seed');
const seed = seedAt > 0 ? Number(process.argv[seedAt + 1]) : undefined;
const set = buildLabelledSet(seed);
const families = new Map<string, Tally>();
const overall = emptyTally();
for (const series of set) {
  const family = familyOf(series.name);
  if (!families.has(family)) families.set(family, emptyTally());
  score(series, families.get(family)!);
  score(series, overall);
}
const rows = [...families].map(([family, tally]) => ({ family, ...summary(tally) }));
const total = { family: 'overall', ...summary(overall) };

if (process.argv.includes('--json')) {
  console.log(
    JSON.stringify({
      detector: 'detectSeriesAnomaly',
      seed: seed ?? 'default',
      families: rows,
      overall: total,
    }),
  );
} else {
  const show = (x: number | null, digits = 3) => (x === null ? '–' : x.toFixed(digits));
  const header = [
    'family',
    'series',
    'pos',
    'TP',
    'FP',
    'FN',
    'precision',
    'recall',
    'false alarms',
    'shape',
    'onset err med/p90/max',
    'onset ok',
  ];
  const lines = [...rows, total].map((r) => [
    r.family,
    String(r.series),
    String(r.positives),
    String(r.tp),
    String(r.fp),
    String(r.fn),
    show(r.precision),
    show(r.recall),
    show(r.false_alarm_rate, 2),
    show(r.shape_accuracy, 2),
    r.onset_error_median === null
      ? '–'
      : `${r.onset_error_median} / ${r.onset_error_p90} / ${r.onset_error_max}`,
    show(r.onset_within_tolerance, 2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(
    `detectSeriesAnomaly on the labelled synthetic set (${set.length} series, seed ${seed ?? 'default'})`,
  );
  console.log(
    'false alarms: detections per series that expects none; onset error in samples (15 s, 300 s for ' +
      'the seasonal families); "onset ok": within the test\'s tolerance (2 samples, 15% of a trend)',
  );
  console.log(format(header));
  for (const line of lines) console.log(format(line));
  console.log(
    `overall precision ${show(total.precision)}, recall ${show(total.recall)} (target ≥ ${TARGET} each): ` +
      `${(total.precision ?? 0) >= TARGET && (total.recall ?? 0) >= TARGET ? 'met' : 'NOT met'}`,
  );
}
if ((total.precision ?? 0) < TARGET || (total.recall ?? 0) < TARGET) process.exitCode = 1;
