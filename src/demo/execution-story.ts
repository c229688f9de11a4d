/**
 * What was executed for an incident, read back from its audit trail: each attempt (one
 * strategy, decided by afr or by a human), its steps and their results, the verification
 * watch (every check, the signals against their baseline, a recovery that did not hold),
 * what was undone and how the attempt ended. Times are seconds after the alert.
 */
import type { Strategy, VerificationResult } from '../core/index.js';
import type { AuditEntry, StateHistoryEntry, Store } from '../store/store.js';

export interface StoryStep {
  t: number;
  step: string;
  strategy: Strategy;
  target: string;
  /** applied, canary_applied, denied, failed or dry_run. */
  result: string;
  detail: string;
}

export interface StoryCheck {
  t: number;
  outcome: VerificationResult['outcome'];
  detail: string;
  /** Signals back near baseline at this check, of those with data. */
  recovered: number;
  measured: number;
}

export interface StoryVerification {
  t: number;
  strategy: Strategy;
  target: string;
  outcome: VerificationResult['outcome'];
  resolution: string | null;
  detail: string;
  signals: VerificationResult['signals'];
  checks: StoryCheck[];
  /** A recovery that did not hold: when the signals had recovered and when that was found lost. */
  regression: { recovered_t: number; regressed_t: number; signals: string[] } | null;
}

export interface StoryUndo {
  t: number;
  step: string;
  ok: boolean;
  detail: string;
}

export interface StoryAttempt {
  strategy: Strategy | null;
  target: string | null;
  /** `afr` (autonomous) or the human who approved or overrode. */
  decided_by: string;
  /** approved, overridden, autonomous. */
  how: 'autonomous' | 'approved' | 'overridden';
  decided_t: number;
  comment: string;
  steps: StoryStep[];
  verifications: StoryVerification[];
  undone: StoryUndo[];
  /** The incident's state when the attempt ended (resolved, escalated, ...), null while open. */
  ended_as: string | null;
  ended_reason: string;
}

export interface ExecutionStory {
  attempts: StoryAttempt[];
}

/** The attempts of one incident, oldest first; none when nothing was executed. */
export async function executionStory(
  store: Store,
  incidentId: string,
  alertAt: number,
): Promise<ExecutionStory> {
  const [entries, history] = await Promise.all([
    store.listAudit({ incident_id: incidentId }),
    store.getStateHistory(incidentId),
  ]);
  const attempts = attemptsOf(entries, alertAt);
  endAttempts(attempts, history);
  return { attempts };
}

/**
 * Each attempt ends where the state history says: the n-th move to `remediating` started
 * the n-th attempt, and the next move to resolved, escalated or taken_over ended it.
 */
export function endAttempts(attempts: StoryAttempt[], history: readonly StateHistoryEntry[]): void {
  // A decision that never reached execution (a re-plan that found no action) has no steps.
  const executed = attempts.filter((a) => a.steps.length > 0);
  let n = 0;
  let open: StoryAttempt | undefined;
  for (const h of history) {
    if (h.to === 'remediating') open = executed[n++];
    else if (open && isEnd(h.to)) {
      open.ended_as = h.to;
      open.ended_reason = h.reason;
      open = undefined;
    }
  }
}

/** Folds audit entries into attempts: a human decision or an autonomous execution opens one. */
export function attemptsOf(entries: readonly AuditEntry[], alertAt: number): StoryAttempt[] {
  const attempts: StoryAttempt[] = [];
  let current: StoryAttempt | undefined;
  const t = (at: number) => at - alertAt;
  const open = (how: StoryAttempt['how'], e: AuditEntry, strategy: unknown, target: unknown) => {
    const attempt: StoryAttempt = {
      strategy: typeof strategy === 'string' ? (strategy as Strategy) : null,
      target: typeof target === 'string' ? target : null,
      decided_by: e.actor,
      how,
      decided_t: t(e.at),
      comment: text(e.detail.comment),
      steps: [],
      verifications: [],
      undone: [],
      ended_as: null,
      ended_reason: '',
    };
    attempts.push(attempt);
    return attempt;
  };
  for (const e of entries) {
    const d = e.detail;
    switch (e.action) {
      case 'approved':
        current = open('approved', e, d.strategy, d.target);
        break;
      case 'overridden': {
        const to = (d.to ?? {}) as { strategy?: unknown; target?: unknown };
        current = open('overridden', e, to.strategy, to.target);
        break;
      }
      case 'human_override_root_cause':
        current = open('overridden', e, d.strategy, d.target);
        break;
      case 'state_changed':
        // The Commander's own move to remediating: an autonomous execution.
        if (d.to === 'remediating') current = open('autonomous', e, null, null);
        break;
      case 'step_applied':
      case 'step_canary_applied':
      case 'step_denied':
      case 'step_failed':
      case 'step_dry_run': {
        current ??= open('autonomous', e, d.strategy, d.target);
        const attempt = current;
        const step: StoryStep = {
          t: t(e.at),
          step: text(d.step),
          strategy: (d.strategy ?? attempt.strategy ?? 'none') as Strategy,
          target: text(d.target) || attempt.target || '',
          result: e.action.replace(/^step_/, ''),
          detail: text(d.detail ?? d.reason ?? d.error ?? d.preview),
        };
        attempt.strategy ??= step.strategy;
        attempt.target ??= step.target;
        attempt.steps.push(step);
        break;
      }
      case 'verification':
        current?.verifications.push(verificationOf(e, t));
        break;
      case 'step_undone':
      case 'undo_failed':
        current?.undone.push({
          t: t(e.at),
          step: text(d.step),
          ok: e.action === 'step_undone',
          detail: text(d.detail ?? d.error),
        });
        break;
    }
  }
  return attempts;
}

function verificationOf(e: AuditEntry, t: (at: number) => number): StoryVerification {
  const d = e.detail;
  const checks = Array.isArray(d.checks)
    ? (d.checks as { at: number; outcome: string; detail: string; recovered?: number; measured?: number }[])
    : [];
  const regressed = Array.isArray(d.regressed) ? (d.regressed as { signal: string }[]) : [];
  return {
    t: t(e.at),
    strategy: d.strategy as Strategy,
    target: text(d.target),
    outcome: d.outcome as VerificationResult['outcome'],
    resolution: typeof d.resolution === 'string' ? d.resolution : null,
    detail: text(d.detail),
    signals: Array.isArray(d.signals) ? (d.signals as VerificationResult['signals']) : [],
    checks: checks.map((c) => ({
      t: t(c.at),
      outcome: c.outcome as VerificationResult['outcome'],
      detail: c.detail,
      recovered: c.recovered ?? 0,
      measured: c.measured ?? 0,
    })),
    regression:
      typeof d.recovered_at === 'number' && typeof d.regressed_at === 'number'
        ? {
            recovered_t: t(d.recovered_at),
            regressed_t: t(d.regressed_at),
            signals: regressed.map((r) => r.signal),
          }
        : null,
  };
}

function isEnd(state: unknown): boolean {
  return state === 'resolved' || state === 'escalated' || state === 'taken_over';
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}
