/**
 * What afr learns from one incident, derived from what the store keeps about it (the
 * summary, the report, the actions and the audit entries), so that every replica and every
 * restart sees the same history, and a human decision taken later is learned too.
 *
 * What counts as confirmed:
 * - a human override of the root cause, or a replay's ground truth: that root cause is the
 *   truth (and afr's, when different, was wrong);
 * - otherwise, an action on afr's root-cause service that was verified and resolved the
 *   incident: afr's root cause is confirmed;
 * - an action undone after verification failed, or given up on (escalated) after it was
 *   applied: its strategy failed for that cause;
 * - a rejected plan: a failure of the proposed strategy for afr's cause (and a correction).
 */
import type { Action, Cause, Decision, IncidentReport, Strategy } from '../core/index.js';
import type { AuditEntry, IncidentSummary } from '../store/store.js';
import { type Corrections, correctionsOf } from './corrections.js';
import { fingerprintOf, type IncidentFingerprint } from './fingerprint.js';

export interface ConfirmedRootCause {
  service: string;
  cause: Cause;
  mechanism: string;
  by: 'verified_action' | 'human_override' | 'ground_truth';
}

/** One observed outcome of a strategy for a (cause, mechanism). */
export interface StrategyOutcome {
  strategy: Strategy;
  cause: Cause;
  mechanism: string;
  succeeded: boolean;
  /** afr's plan (autonomous or approved), a human's plan, a replay's truth, or a rejection. */
  by: 'afr' | 'human' | 'ground_truth' | 'rejection';
}

export interface LearningRecord {
  incident_id: string;
  created_at: number;
  alert_service: string;
  fingerprint: IncidentFingerprint;
  decision: Decision | null;
  /** afr's root cause, as reported. */
  proposed: { service: string; cause: Cause; mechanism: string; confidence: number } | null;
  /** The confirmed root cause; `false_alarm`: confirmed to have none; null: not confirmed. */
  confirmed: ConfirmedRootCause | 'false_alarm' | null;
  outcomes: StrategyOutcome[];
  corrections: { root_cause_overridden: boolean; plan_overridden: boolean; rejected: boolean };
  /** The strategy that fixed the incident, when known. */
  fixed_by: Strategy | null;
  mttr_s: number | null;
}

export interface IncidentEvidence {
  summary: IncidentSummary;
  report: IncidentReport;
  actions: readonly Action[];
  audit: readonly AuditEntry[];
}

/** One strategy carried out on one target, and how it ended (null: not over yet). */
interface Attempt {
  strategy: Strategy;
  target: string;
  succeeded: boolean | null;
}

const EXECUTED = new Set<Action['status']>(['applied', 'verified', 'undone', 'regressed']);

export function learningRecordOf(evidence: IncidentEvidence): LearningRecord {
  const { summary, report } = evidence;
  const corrections = correctionsOf(evidence.audit);
  const rc = report.root_cause;
  const proposed = rc
    ? { service: rc.service, cause: rc.cause, mechanism: rc.mechanism, confidence: rc.confidence }
    : null;
  const attempts = attemptsOf(summary.state, evidence.actions);
  const fixed = attempts.find((a) => a.succeeded);
  const confirmed = confirmedRootCause(corrections, report, proposed, fixed);
  const basis = confirmed && confirmed !== 'false_alarm' ? confirmed : proposed;

  const outcomes: StrategyOutcome[] = [];
  const human = corrections.planOverride?.to;
  for (const a of attempts) {
    if (a.succeeded === null || !basis) continue;
    const byHuman = human?.strategy === a.strategy && human.target === a.target;
    outcomes.push({
      ...causeOf(basis),
      strategy: a.strategy,
      succeeded: a.succeeded,
      by: byHuman ? 'human' : 'afr',
    });
  }
  const rejectedStrategy = corrections.planOverride?.from?.strategy ?? report.remediation_plan?.strategy;
  if (corrections.rejected && proposed && rejectedStrategy && rejectedStrategy !== 'none') {
    outcomes.push({ ...causeOf(proposed), strategy: rejectedStrategy, succeeded: false, by: 'rejection' });
  }
  const truth = corrections.truth;
  const truthFix = truth?.by === 'ground_truth' ? truth.remediation : null;
  if (truthFix && truthFix !== 'none' && confirmed && confirmed !== 'false_alarm') {
    outcomes.push({ ...causeOf(confirmed), strategy: truthFix, succeeded: true, by: 'ground_truth' });
  }
  return {
    incident_id: summary.id,
    created_at: summary.created_at,
    alert_service: summary.service,
    fingerprint: fingerprintOf(report.alert.service, report.findings),
    decision: report.decision,
    proposed,
    confirmed,
    outcomes,
    corrections: {
      root_cause_overridden: corrections.rootCauseOverridden,
      plan_overridden: corrections.planOverride !== null,
      rejected: corrections.rejected,
    },
    fixed_by: fixed?.strategy ?? (truthFix && truthFix !== 'none' ? truthFix : null),
    mttr_s: summary.mttr_s ?? report.mttr_s,
  };
}

/**
 * Each strategy applied (in the order first applied), with its outcome, as the executor left
 * its actions: undone or regressed is a failure; verified a success; merely applied counts
 * as the incident ended (resolved: success; escalated or failed: failure, e.g. a partial
 * recovery kept; otherwise still open). An actuator error says nothing about the strategy,
 * and neither does a policy denial that undid nothing: no outcome. (The same reading as
 * the Commander's `successOf`, from what the store keeps.)
 */
function attemptsOf(state: IncidentSummary['state'], actions: readonly Action[]): Attempt[] {
  const byStrategy = new Map<string, { strategy: Strategy; target: string; statuses: Set<string> }>();
  for (const a of actions) {
    const key = `${a.strategy}|${a.target}`;
    const entry = byStrategy.get(key) ?? { strategy: a.strategy, target: a.target, statuses: new Set() };
    entry.statuses.add(a.status);
    byStrategy.set(key, entry);
  }
  const attempts: Attempt[] = [];
  for (const { strategy, target, statuses } of byStrategy.values()) {
    if (![...statuses].some((s) => EXECUTED.has(s as Action['status']))) continue;
    const undone = statuses.has('undone') || statuses.has('regressed');
    let succeeded: boolean | null = null;
    if (statuses.has('failed') || (statuses.has('denied') && !undone)) succeeded = null;
    else if (undone) succeeded = false;
    else if (statuses.has('verified') || state === 'resolved') succeeded = true;
    else if (state === 'escalated' || state === 'failed') succeeded = false;
    attempts.push({ strategy, target, succeeded });
  }
  return attempts;
}

function confirmedRootCause(
  corrections: Corrections,
  report: IncidentReport,
  proposed: LearningRecord['proposed'],
  fixed: Attempt | undefined,
): LearningRecord['confirmed'] {
  const truth = corrections.truth;
  if (truth) {
    if (truth.service === null) return 'false_alarm';
    const sameService = proposed?.service === truth.service;
    const cause = truth.cause ?? (sameService ? proposed?.cause : undefined) ?? 'unknown';
    // A human names the service and cause; what went wrong inside it is what afr inferred there.
    const mechanism =
      truth.mechanism ??
      report.hypotheses.find((h) => h.service === truth.service)?.mechanism ??
      (sameService ? proposed?.mechanism : undefined) ??
      'unknown';
    return { service: truth.service, cause, mechanism, by: truth.by };
  }
  if (proposed && fixed?.target === proposed.service) {
    return { ...causeOf(proposed), service: proposed.service, by: 'verified_action' };
  }
  return null;
}

function causeOf(x: { cause: Cause; mechanism: string }): { cause: Cause; mechanism: string } {
  return { cause: x.cause, mechanism: x.mechanism };
}
