/**
 * Incident insights in the seed's structure: the success rate of afr's remediations, the
 * common root causes and the effective strategies — plus the MTTR trend, decisions by kind,
 * and a reliability diagram of confidence against correctness. They come from the learning
 * history (src/learning), so they count what was confirmed rather than what afr claimed:
 * a root cause a human corrected counts as the human's; a strategy succeeds when its
 * action was verified and the incident resolved, and fails when it was undone or given up
 * on; calibration compares afr's confidence with whether its root cause was confirmed.
 * Counts, MTTR and decisions cover every incident; the rest the learning window (the most
 * recent 1000 incidents).
 */
import type { LearningRecord } from '../learning/learning-record.js';
import type { Lessons } from '../learning/lessons.js';
import { learningFor } from '../learning/store-learning.js';
import type { Store } from '../store/store.js';

export interface IncidentInsights {
  incidents: number;
  /** Of incidents afr remediated, the share verified as resolved; null before any. */
  success_rate: number | null;
  /** [cause, share of incidents with a root cause], most common first. */
  common_root_causes: [string, number][];
  /** [strategy, success rate], by attempts. */
  effective_strategies: [string, number][];
  root_causes: { cause: string; count: number }[];
  strategies: { strategy: string; attempts: number; successes: number }[];
  decisions: Record<string, number>;
  mttr: { t: number; mttr_s: number }[];
  median_mttr_s: number | null;
  calibration: { bin_low: number; bin_high: number; predicted: number; observed: number; count: number }[];
  /** Root causes confirmed (verified, named by a human, or ground truth) and human corrections. */
  confirmed_root_causes: number;
  corrections: { root_cause_overrides: number; plan_overrides: number; rejections: number };
}

/** From the store's history; `lessons` defaults to the store's shared learning model. */
export async function generateIncidentInsights(store: Store, lessons?: Lessons): Promise<IncidentInsights> {
  const incidents = await store.listIncidents();
  const learned = lessons ?? (await learningFor(store).lessons());
  const decisions: Record<string, number> = {};
  const mttr: { t: number; mttr_s: number }[] = [];
  for (const incident of incidents) {
    if (incident.decision) decisions[incident.decision] = (decisions[incident.decision] ?? 0) + 1;
    if (incident.mttr_s !== null) mttr.push({ t: incident.created_at, mttr_s: incident.mttr_s });
  }
  const causes = rootCauseCounts(learned.records);
  const strategies = strategyCounts(learned.records);
  const withCause = [...causes.values()].reduce((a, b) => a + b, 0);
  const sortedMttr = mttr.map((m) => m.mttr_s).sort((a, b) => a - b);
  const remediated = learned.records.filter((r) => r.outcomes.some(executed));
  const resolved = remediated.filter((r) => r.outcomes.some((o) => executed(o) && o.succeeded));
  return {
    incidents: incidents.length,
    success_rate: remediated.length ? resolved.length / remediated.length : null,
    common_root_causes: [...causes]
      .sort((a, b) => b[1] - a[1])
      .map(([cause, count]): [string, number] => [cause, count / withCause]),
    root_causes: [...causes].map(([cause, count]) => ({ cause, count })).sort((a, b) => b.count - a.count),
    effective_strategies: strategies.map((s): [string, number] => [s.strategy, s.successes / s.attempts]),
    strategies,
    decisions,
    mttr: mttr.sort((a, b) => a.t - b.t),
    median_mttr_s: sortedMttr.length ? (sortedMttr[Math.floor((sortedMttr.length - 1) / 2)] ?? null) : null,
    calibration: reliabilityBins(learned.counts.calibration),
    confirmed_root_causes: learned.counts.confirmed,
    corrections: learned.counts.corrections,
  };
}

/** Outcomes of actions that were carried out (not a rejection, not a replay's ground truth). */
function executed(o: LearningRecord['outcomes'][number]): boolean {
  return o.by === 'afr' || o.by === 'human';
}

/** The confirmed cause where there is one, else afr's. */
function rootCauseCounts(records: readonly LearningRecord[]): Map<string, number> {
  const causes = new Map<string, number>();
  for (const r of records) {
    const confirmed = r.confirmed && r.confirmed !== 'false_alarm' ? r.confirmed.cause : null;
    const cause = r.confirmed === 'false_alarm' ? null : (confirmed ?? r.proposed?.cause ?? null);
    if (cause) causes.set(cause, (causes.get(cause) ?? 0) + 1);
  }
  return causes;
}

/** One attempt per strategy per incident, most attempted first. */
function strategyCounts(records: readonly LearningRecord[]): IncidentInsights['strategies'] {
  const strategies = new Map<string, { strategy: string; attempts: number; successes: number }>();
  for (const r of records) {
    const outcomes = new Map<string, boolean>();
    for (const o of r.outcomes.filter(executed))
      outcomes.set(o.strategy, (outcomes.get(o.strategy) ?? false) || o.succeeded);
    for (const [strategy, ok] of outcomes) {
      const entry = strategies.get(strategy) ?? { strategy, attempts: 0, successes: 0 };
      entry.attempts++;
      if (ok) entry.successes++;
      strategies.set(strategy, entry);
    }
  }
  return [...strategies.values()].sort((a, b) => b.attempts - a.attempts);
}

function reliabilityBins(points: readonly { confidence: number; correct: boolean }[]) {
  const bins = Array.from({ length: 10 }, (_, i) => ({
    bin_low: i / 10,
    bin_high: (i + 1) / 10,
    predicted: 0,
    observed: 0,
    count: 0,
  }));
  for (const p of points) {
    const bin = bins[Math.min(9, Math.max(0, Math.floor(p.confidence * 10)))];
    if (!bin) continue;
    bin.count++;
    bin.predicted += p.confidence;
    bin.observed += p.correct ? 1 : 0;
  }
  return bins
    .filter((b) => b.count > 0)
    .map((b) => ({ ...b, predicted: b.predicted / b.count, observed: b.observed / b.count }));
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The seed's layout, for `afr insights`. */
export function renderInsights(i: IncidentInsights): string {
  const lines = [
    `incidents: ${i.incidents}`,
    `success_rate: ${i.success_rate === null ? 'n/a (no remediation yet)' : i.success_rate.toFixed(2)}`,
    'common_root_causes:',
    ...(i.common_root_causes.length
      ? i.common_root_causes.map(([c, s]) => `  (${c.replace(/_/g, ' ')}, ${pct(s)})`)
      : ['  none yet']),
    'effective_strategies:',
    ...(i.strategies.length
      ? i.strategies.map(
          (s) => `  (${s.strategy}, ${pct(s.successes / s.attempts)} success over ${s.attempts})`,
        )
      : ['  none yet']),
    `decisions: ${
      Object.entries(i.decisions)
        .map(([d, n]) => `${d} ${n}`)
        .join(', ') || 'none'
    }`,
    `median MTTR: ${i.median_mttr_s === null ? 'n/a' : `${Math.round(i.median_mttr_s)} s`}`,
  ];
  return `${lines.join('\n')}\n`;
}
