/**
 * Approval requests expire: an incident left `awaiting_approval` for longer than
 * `commander.escalation_timeout_seconds` (counted from when it entered that state, on the
 * incident's clock) escalates, with an `approval_expired` audit entry and an `escalated`
 * notification. `afr serve` runs this on its periodic tick; with several replicas, the
 * store's optimistic transition lets exactly one of them escalate each incident.
 */
import type { Clock, Notifier } from '../core/index.js';
import type { Store } from '../store/store.js';
import { StaleStateError } from '../store/store-errors.js';
import { notifyAll, syncSavedReport } from './sync-report.js';

export interface ApprovalExpiryDeps {
  store: Store;
  clock: Pick<Clock, 'now'>;
  timeoutSeconds: number;
  notifiers?: readonly Notifier[];
  /** Who the audit names (default `afr`). */
  actor?: string;
}

export interface ExpiredApproval {
  incident_id: string;
  requested_at: number;
  waited_s: number;
}

/** Escalates every approval request older than the timeout; returns those it escalated. */
export async function expireApprovals(deps: ApprovalExpiryDeps): Promise<ExpiredApproval[]> {
  const { store, timeoutSeconds } = deps;
  if (!(timeoutSeconds > 0))
    throw new Error(`escalation_timeout_seconds: expected a number > 0, got ${timeoutSeconds}`);
  const expired: ExpiredApproval[] = [];
  for (const incident of await store.listIncidents({ state: 'awaiting_approval' })) {
    const history = await store.getStateHistory(incident.id);
    const requestedAt = history.findLast((h) => h.to === 'awaiting_approval')?.at ?? incident.updated_at;
    const now = deps.clock.now();
    const waited = now - requestedAt;
    if (waited < timeoutSeconds) continue;
    const reason = `approval request expired: no decision within ${timeoutSeconds} s`;
    try {
      await store.transitionIncident(incident.id, 'awaiting_approval', 'escalated', reason, now);
    } catch (error) {
      if (error instanceof StaleStateError) continue; // decided meanwhile, or another replica expired it
      throw error;
    }
    await store.appendAudit({
      incident_id: incident.id,
      actor: deps.actor ?? 'afr',
      action: 'approval_expired',
      detail: { requested_at: requestedAt, timeout_s: timeoutSeconds, waited_s: Math.round(waited) },
      at: now,
    });
    await syncSavedReport(store, incident.id);
    const plan = await store.getPlan(incident.id);
    const proposal = plan?.target ? `${plan.strategy} on ${plan.target}` : 'the proposed plan';
    await notifyAll(deps.notifiers ?? [], {
      kind: 'escalated',
      incident_id: incident.id,
      severity: incident.severity,
      service: incident.service,
      title: `[${incident.severity}] ${incident.service}: approval expired, escalated`,
      text: `Nobody approved or rejected ${proposal} within ${timeoutSeconds} s; afr did not act. A human must decide.`,
      report: await store.getReport(incident.id),
    });
    expired.push({ incident_id: incident.id, requested_at: requestedAt, waited_s: waited });
  }
  return expired;
}
