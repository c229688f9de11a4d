/**
 * Keeps an incident's saved report in step with what happened after the Commander wrote it
 * (a human decision, an expired approval, a crash reconciliation): its state, state
 * history, plan, actions (by id) and verification.
 */
import type { Action, NotificationEvent, Notifier, VerificationResult } from '../core/index.js';
import type { Store } from '../store/store.js';

export interface ReportChange {
  actions?: readonly Action[];
  verification?: VerificationResult | null;
  /** When the incident resolved, on its clock: sets the MTTR. */
  resolvedAt?: number | null;
}

export async function syncSavedReport(store: Store, id: string, change: ReportChange = {}): Promise<void> {
  const report = await store.getReport(id);
  if (!report) return;
  const incident = await store.getIncident(id);
  if (!incident) return;
  report.state = incident.state;
  const byId = new Map(report.actions.map((a) => [a.id, a]));
  for (const action of change.actions ?? []) byId.set(action.id, action);
  report.actions = [...byId.values()];
  report.verification = change.verification ?? report.verification;
  report.remediation_plan = (await store.getPlan(id)) ?? report.remediation_plan;
  report.state_history = await store.getStateHistory(id);
  if (change.resolvedAt !== undefined && change.resolvedAt !== null)
    report.mttr_s = Math.max(0, change.resolvedAt - report.alert.timestamp);
  await store.saveReport(report);
}

/** Sends an event to every notifier; a notifier that fails or hangs (5 s) is skipped. */
export async function notifyAll(notifiers: readonly Notifier[], event: NotificationEvent): Promise<void> {
  await Promise.all(
    notifiers.map((n) => n.notify(event, { signal: AbortSignal.timeout(5000) }).catch(() => undefined)),
  );
}
