/**
 * One mapping from an execution's outcome to the incident's state, shared by the
 * Commander's autonomous ACT phase and by human decisions (approve, override):
 *
 * - resolved → verifying → resolved
 * - undone (verification failed or signals degraded) → verifying → escalated
 * - denied, failed, dry_run, partial (kept) → escalated
 * - stopped, or any outcome once a human took the incident over → no move: the incident
 *   stays `taken_over`, and the late result is audited.
 *
 * It also hands the outcome to an optional `onOutcome` callback: the seam where learning
 * (success counts per strategy, cause and mechanism) reads what happened.
 */
import type { Cause, IncidentState, RemediationPlan } from '../core/index.js';
import type { ExecutionResult } from '../remediation/executor.js';

/** Who decided that the plan runs. */
export type DecidedBy = 'autonomous' | 'approved' | 'override' | 'root_cause_override';

/** What learning needs of an execution: the strategy, what it treated, and whether it worked. */
export interface ExecutionOutcomeReport {
  incident_id: string;
  strategy: RemediationPlan['strategy'];
  target: string | null;
  /** The root cause the plan treated (null when unknown, e.g. a strategy override without one). */
  cause: Cause | null;
  mechanism: string | null;
  outcome: ExecutionResult['outcome'];
  resolution: ExecutionResult['resolution'] | null;
  /**
   * true: applied and verified; false: applied and did not resolve it (undone, or a partial
   * recovery kept); null: nothing tells about the strategy (denied, dry run, actuator
   * failure, stopped by a human).
   */
  success: boolean | null;
  decided_by: DecidedBy;
  actor: string;
  at: number;
}

export type OnExecutionOutcome = (report: ExecutionOutcomeReport) => void | Promise<void>;

export interface OutcomeTarget {
  incidentId: string;
  plan: RemediationPlan;
  rootCause: { cause: Cause; mechanism: string } | null;
  decidedBy: DecidedBy;
  actor: string;
  now: () => number;
  /** The incident's state as the store has it now. */
  currentState: () => Promise<IncidentState>;
  move: (to: IncidentState, reason: string) => Promise<void>;
  audit: (action: string, detail: Record<string, unknown>) => Promise<void>;
  onOutcome?: OnExecutionOutcome;
}

/** The moves an outcome makes from `remediating`, in order. */
export function transitionsFor(result: ExecutionResult): { to: IncidentState; reason: string }[] {
  switch (result.outcome) {
    case 'resolved':
      return [
        { to: 'verifying', reason: 'actions applied; verifying' },
        { to: 'resolved', reason: `verified: ${result.reason}` },
      ];
    case 'undone':
      return [
        { to: 'verifying', reason: 'actions applied; verifying' },
        { to: 'escalated', reason: `verification failed, actions undone: ${result.reason}` },
      ];
    default:
      return [{ to: 'escalated', reason: `${result.outcome}: ${result.reason}` }];
  }
}

export function successOf(result: ExecutionResult): boolean | null {
  if (result.outcome === 'resolved') return true;
  if (result.outcome === 'undone' || result.outcome === 'partial') return false;
  return null;
}

/** Moves the incident as the outcome says (unless a human took it over); returns its final state. */
export async function applyExecutionOutcome(
  result: ExecutionResult,
  target: OutcomeTarget,
): Promise<IncidentState> {
  let state = await target.currentState();
  if (state === 'taken_over') {
    await target.audit('execution_finished_after_takeover', {
      outcome: result.outcome,
      reason: result.reason,
      actions: result.actions.map((a) => ({ id: a.id, status: a.status })),
    });
  } else {
    for (const move of transitionsFor(result)) {
      await target.move(move.to, move.reason);
      state = move.to;
    }
  }
  const report: ExecutionOutcomeReport = {
    incident_id: target.incidentId,
    strategy: target.plan.strategy,
    target: target.plan.target,
    cause: target.rootCause?.cause ?? null,
    mechanism: target.rootCause?.mechanism ?? null,
    outcome: result.outcome,
    resolution: result.resolution ?? null,
    success: successOf(result),
    decided_by: target.decidedBy,
    actor: target.actor,
    at: target.now(),
  };
  try {
    await target.onOutcome?.(report);
  } catch (error) {
    // Learning is best effort: the incident's outcome stands whatever the callback does.
    await target.audit('outcome_hook_failed', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
  return state;
}
