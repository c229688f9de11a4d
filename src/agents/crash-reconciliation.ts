/**
 * Crash reconciliation: an incident left `remediating` or `verifying` (or `decided`, by the
 * work queue's takeover) by a process that died. For each such incident nobody is still
 * executing (its execution lease is free):
 *
 * - actions saved as started with no result (`finished_at` null: the actuator call was
 *   under way) are marked `interrupted`, since nobody knows whether they took effect;
 * - actions applied but neither verified nor undone are left in place and listed;
 * - each of their targets is described again through the actuator, so that the human sees
 *   what the target looks like now;
 * - the whole is audited (`reconciled_after_crash`), the incident escalates, and an
 *   `escalated` notification goes out.
 *
 * Nothing is applied, re-applied or undone: after a crash afr does not know the world well
 * enough to act on it.
 */
import type { Action, Actuator, Clock, IncidentState, Notifier } from '../core/index.js';
import { callActuator } from '../remediation/actuator-call.js';
import type { ServiceLock } from '../remediation/service-lock.js';
import type { Store } from '../store/store.js';
import { StaleStateError } from '../store/store-errors.js';
import { claimForReconciliation, releaseForReconciliation } from './execution-lease.js';
import { notifyAll, syncSavedReport } from './sync-report.js';

export interface ReconcileDeps {
  store: Store;
  lock: ServiceLock;
  clock: Pick<Clock, 'now'>;
  actuator?: Actuator;
  notifiers?: readonly Notifier[];
  /** Who the audit names (default `afr`). */
  actor?: string;
  /** Wall-clock limit of each describe call (default 10 000 ms). */
  describeTimeoutMs?: number;
}

export interface ReconcileOptions {
  /**
   * Skip the execution-lease check: the caller knows the execution died (the work queue
   * gave the incident to another replica after its owner's lease ran out).
   */
  force?: boolean;
}

export interface Reconciliation {
  incident_id: string;
  state: IncidentState;
  /** Actions whose actuator call was under way, now `interrupted`. */
  interrupted: string[];
  /** Applied, not verified or undone: left in place. */
  left_applied: string[];
  /** Each touched target as the actuator describes it now, or why it could not. */
  targets: Record<string, { described: Record<string, unknown> } | { error: string }>;
}

/** States an execution may be caught in by a crash. */
const RECONCILABLE: readonly IncidentState[] = ['decided', 'remediating', 'verifying'];

/** Reconciles every interrupted execution (incidents `remediating`/`verifying` that nobody runs). */
export async function reconcileInterrupted(deps: ReconcileDeps): Promise<Reconciliation[]> {
  const found: Reconciliation[] = [];
  for (const state of ['remediating', 'verifying'] as const) {
    for (const incident of await deps.store.listIncidents({ state })) {
      const done = await reconcileIncident(deps, incident.id);
      if (done) found.push(done);
    }
  }
  return found;
}

/** Reconciles one incident; null when there is nothing to do (another state, or still running). */
export async function reconcileIncident(
  deps: ReconcileDeps,
  incidentId: string,
  options: ReconcileOptions = {},
): Promise<Reconciliation | null> {
  const { store, lock } = deps;
  const actor = deps.actor ?? 'afr';
  const reconciler = `reconciler:${actor}`;
  const incident = await store.getIncident(incidentId);
  if (!incident || !RECONCILABLE.includes(incident.state)) return null;
  const claimed = options.force ? false : await claimForReconciliation(lock, incidentId, reconciler);
  if (!options.force && !claimed) return null;
  try {
    const actions = await store.getActions(incidentId);
    const now = deps.clock.now();
    const unfinished = actions.filter((a) => a.finished_at === null);
    const leftApplied = actions.filter((a) => a.status === 'applied' && a.finished_at !== null);
    const targets = await describeTargets(deps, [...unfinished, ...leftApplied]);
    for (const action of unfinished) {
      action.status = 'interrupted';
      action.finished_at = now;
      action.reason = `afr stopped during this action (crash or restart); whether it took effect is unknown; ${action.target} now: ${brief(targets[action.target])}`;
      await store.saveAction(action);
    }
    const reconciliation: Reconciliation = {
      incident_id: incidentId,
      state: incident.state,
      interrupted: unfinished.map((a) => a.id),
      left_applied: leftApplied.map((a) => a.id),
      targets,
    };
    const reason =
      `afr stopped while the incident was ${incident.state}: ${unfinished.length} action(s) interrupted, ` +
      `${leftApplied.length} applied change(s) left in place; nothing repeated or undone` +
      (Object.keys(targets).length ? `; check ${Object.keys(targets).join(', ')}` : '');
    try {
      await store.transitionIncident(incidentId, incident.state, 'escalated', reason, now);
    } catch (error) {
      if (error instanceof StaleStateError) return null; // someone else moved it first
      throw error;
    }
    await store.appendAudit({
      incident_id: incidentId,
      actor,
      action: 'reconciled_after_crash',
      detail: { ...reconciliation },
      at: now,
    });
    await syncSavedReport(store, incidentId, { actions: unfinished });
    await notifyAll(deps.notifiers ?? [], {
      kind: 'escalated',
      incident_id: incidentId,
      severity: incident.severity,
      service: incident.service,
      title: `[${incident.severity}] ${incident.service}: remediation interrupted, escalated`,
      text: reason,
      report: await store.getReport(incidentId),
    });
    return reconciliation;
  } finally {
    if (claimed) await releaseForReconciliation(lock, incidentId, reconciler);
  }
}

async function describeTargets(
  deps: ReconcileDeps,
  actions: readonly Action[],
): Promise<Reconciliation['targets']> {
  const out: Reconciliation['targets'] = {};
  for (const target of [...new Set(actions.map((a) => a.target))].sort()) {
    if (!deps.actuator) {
      out[target] = { error: 'no actuator configured' };
      continue;
    }
    const actuator = deps.actuator;
    const outcome = await callActuator(
      actuator,
      `describe ${target}`,
      deps.describeTimeoutMs ?? 10_000,
      undefined,
      (signal) => actuator.describe(target, { signal }),
    );
    out[target] =
      outcome.kind === 'ok'
        ? { described: outcome.data }
        : { error: outcome.kind === 'error' ? outcome.message : 'the actuator knows nothing of it' };
  }
  return out;
}

function brief(entry: Reconciliation['targets'][string] | undefined): string {
  if (!entry) return 'not described';
  if ('error' in entry) return `cannot describe (${entry.error})`;
  const text = JSON.stringify(entry.described);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
