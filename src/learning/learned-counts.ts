/**
 * The counts afr learns from its history: confirmed root causes per cause (the base rates
 * that become the reasoning engine's priors), outcomes per (strategy, cause, mechanism)
 * (the planner's predicted success rates), calibration points (afr's confidence against
 * whether it was right) and the corrections humans made.
 */
import type { Cause } from '../core/index.js';
import { type CausePriors, DEFAULT_PRIORS, priorsFromHistory } from '../reasoning/priors.js';
import { type OutcomeCounts, SuccessModel, successKey } from '../remediation/success-model.js';
import type { LearningRecord } from './learning-record.js';

export interface CalibrationPoint {
  incident_id: string;
  confidence: number;
  /** afr named the confirmed root-cause service (what `afr eval`'s ECE counts as right). */
  correct: boolean;
  /** ... and its cause. */
  cause_correct: boolean;
}

export interface LearnedCounts {
  /** Incidents whose root cause (or its absence) is confirmed. */
  confirmed: number;
  falseAlarms: number;
  causes: Partial<Record<Cause, number>>;
  /** By `successKey(strategy, cause, mechanism)`. */
  outcomes: Map<string, OutcomeCounts>;
  calibration: CalibrationPoint[];
  corrections: { root_cause_overrides: number; plan_overrides: number; rejections: number };
}

export function countLessons(records: Iterable<LearningRecord>): LearnedCounts {
  const counts: LearnedCounts = {
    confirmed: 0,
    falseAlarms: 0,
    causes: {},
    outcomes: new Map(),
    calibration: [],
    corrections: { root_cause_overrides: 0, plan_overrides: 0, rejections: 0 },
  };
  for (const r of records) {
    if (r.confirmed) {
      counts.confirmed++;
      if (r.confirmed === 'false_alarm') counts.falseAlarms++;
      else counts.causes[r.confirmed.cause] = (counts.causes[r.confirmed.cause] ?? 0) + 1;
      if (r.proposed) {
        const truth = r.confirmed === 'false_alarm' ? null : r.confirmed;
        const correct = truth?.service === r.proposed.service;
        counts.calibration.push({
          incident_id: r.incident_id,
          confidence: r.proposed.confidence,
          correct,
          cause_correct: correct && truth?.cause === r.proposed.cause,
        });
      }
    }
    for (const o of r.outcomes) {
      const key = successKey(o.strategy, o.cause, o.mechanism);
      const c = counts.outcomes.get(key) ?? { successes: 0, failures: 0 };
      if (o.succeeded) c.successes++;
      else c.failures++;
      counts.outcomes.set(key, c);
    }
    if (r.corrections.root_cause_overridden) counts.corrections.root_cause_overrides++;
    if (r.corrections.plan_overridden) counts.corrections.plan_overrides++;
    if (r.corrections.rejected) counts.corrections.rejections++;
  }
  return counts;
}

/** Dirichlet-smoothed base rates; exactly the defaults while nothing is confirmed. */
export function learnedPriors(counts: LearnedCounts, alpha?: number): CausePriors {
  if (counts.confirmed === 0) return DEFAULT_PRIORS;
  return priorsFromHistory(counts.causes, counts.falseAlarms, counts.confirmed, alpha);
}

/** The planner's Beta posteriors, updated with the observed outcomes. */
export function learnedSuccessModel(counts: LearnedCounts): SuccessModel {
  const model = new SuccessModel();
  model.load(counts.outcomes);
  return model;
}
