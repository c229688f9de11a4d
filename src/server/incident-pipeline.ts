/**
 * The path from a journaled alert to a finished incident, safe with several replicas:
 *
 * 1. **Grouping** (one replica at a time, under the `intake-grouper` lock): journaled alerts
 *    go through the incident manager (dedup, grouping, storm correlation, inhibition,
 *    silences). An `open` creates the incident (state `detected`) and queues it; every
 *    alert is marked grouped (or suppressed) so none is handled twice.
 * 2. **Investigation** (every replica, bounded concurrency): incidents are claimed with a
 *    lease that is renewed while the Commander works. A replica that dies stops renewing,
 *    and another takes the incident over: an investigation resumes; an incident caught
 *    between deciding and verifying is escalated rather than acted on twice.
 * 3. **Resolve sync**: when every alert of an incident resolved, an escalated, failed or
 *    awaiting-approval incident resolves (an autonomous remediation resolves itself through
 *    verification; an incident a human took over is theirs to close).
 * 4. **Housekeeping** (every `housekeepingSeconds`, and at the first pass): approval
 *    requests past `commander.escalation_timeout_seconds` escalate, and executions a crash
 *    interrupted (approved through the API or CLI, outside the work queue) are reconciled.
 */
import type { CommanderAgent } from '../agents/commander.js';
import { type Alert, type IncidentState, priorityOf } from '../core/index.js';
import type { Decision } from '../incidents/decisions.js';
import type { IncidentManager } from '../incidents/incident-manager.js';
import type { Coordination, IntakeAlert } from '../store/coordination/coordination.js';
import type { Store } from '../store/store.js';
import type { ServerMetrics } from './server-metrics.js';

export interface PipelineOptions {
  store: Store;
  coordination: Coordination;
  commander: CommanderAgent;
  manager: IncidentManager;
  metrics: ServerMetrics;
  replicaId: string;
  workers: number;
  leaseSeconds: number;
  /** How often grouping and claiming run, ms (default 200). */
  pollMs?: number;
  /** How often approval expiry and crash reconciliation run, seconds (default 5). */
  housekeepingSeconds?: number;
  /** Grows when this replica journals new alerts (so grouping reads the journal at once). */
  intakeVersion?: () => number;
  log: {
    info(obj: object, msg?: string): void;
    warn(obj: object, msg?: string): void;
    error(obj: object, msg?: string): void;
  };
  now?: () => number;
}

/** Named apart from service names, which share the lock table. */
const GROUPER_LOCK = 'afr:intake-grouper';
/** New journaled alerts read per grouping pass, and the most read at once. */
const BATCH = 1000;
const MAX_PENDING_READ = 50_000;
/** Without news from this replica's intake, the journal is read this often (s). */
const JOURNAL_POLL_S = 2;
const SUPPRESSED = 'suppressed';

export class IncidentPipeline {
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private pass: Promise<void> | undefined;
  private readonly now: () => number;
  /** When the first alert of each open incident arrived (for alert-to-decision latency). */
  private readonly receivedAt = new Map<string, number>();
  /** Group incident id → its latest follow-up incident, and how many follow-ups it had. */
  private readonly followUps = new Map<string, string>();
  private readonly reopened = new Map<string, number>();
  /** Journal keys handed to the incident manager and not yet marked grouped. */
  private readonly handed = new Set<string>();
  private readVersion = -1;
  private lastRead = Number.NEGATIVE_INFINITY;
  private lastHousekeeping = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: PipelineOptions) {
    this.now = options.now ?? (() => Date.now() / 1000);
  }

  start(): void {
    const loop = () => {
      if (this.stopping) return;
      this.pass = this.runOnce()
        .catch((error) => this.options.log.error({ err: error }, 'incident pipeline pass failed'))
        .finally(() => {
          if (!this.stopping) this.timer = setTimeout(loop, this.options.pollMs ?? 200);
        });
    };
    loop();
  }

  /** Stops taking work; in-flight incidents finish (or, past the deadline, are released). */
  async stop(deadlineMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
    const all = Promise.allSettled([...this.inFlight.values()]);
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), deadlineMs).unref(),
    );
    if ((await Promise.race([all, timeout])) === 'timeout') {
      for (const id of this.inFlight.keys()) {
        await this.options.coordination.releaseIncident(id, this.options.replicaId).catch(() => false);
      }
    }
    await this.options.coordination
      .releaseServiceLock(GROUPER_LOCK, this.options.replicaId)
      .catch(() => false);
  }

  get busy(): number {
    return this.inFlight.size;
  }

  /** One grouping pass and one claiming pass, and housekeeping when it is due. */
  async runOnce(): Promise<void> {
    await this.group();
    await this.claim();
    await this.housekeeping();
  }

  /** Expires approval requests and reconciles interrupted executions (each replica; idempotent). */
  private async housekeeping(): Promise<void> {
    const now = this.now();
    if (now - this.lastHousekeeping < (this.options.housekeepingSeconds ?? 5)) return;
    this.lastHousekeeping = now;
    const actor = `afr:${this.options.replicaId}`;
    const { commander, log } = this.options;
    try {
      for (const e of await commander.expireApprovals(actor))
        log.info({ incident: e.incident_id, waited_s: Math.round(e.waited_s) }, 'approval request expired');
      for (const r of await commander.reconcileInterrupted(actor))
        log.warn({ incident: r.incident_id, interrupted: r.interrupted }, 'interrupted execution reconciled');
    } catch (error) {
      log.warn({ err: error }, 'housekeeping failed');
    }
  }

  private async group(): Promise<void> {
    const { coordination, manager, replicaId } = this.options;
    const leaseMs = this.options.leaseSeconds * 1000;
    if (!(await coordination.acquireServiceLock(GROUPER_LOCK, replicaId, leaseMs, this.now()))) return;
    // Read the journal when this replica took new alerts, and at least every few seconds
    // (other replicas' intake): re-reading waiting alerts on every pass costs memory in storms.
    const now = this.now();
    const version = this.options.intakeVersion?.() ?? 0;
    const stale = now - this.lastRead >= JOURNAL_POLL_S;
    if (version === this.readVersion && !stale && this.options.intakeVersion) {
      for (const decision of manager.tick(now)) await this.apply(decision);
      return;
    }
    this.readVersion = version;
    this.lastRead = now;
    // Alerts already handed to the manager wait in their group (group_wait) while still
    // pending in the journal: hand each over once. A replica that takes the grouper lock
    // over starts with an empty set and re-reads them all, so none is lost.
    const limit = Math.min(MAX_PENDING_READ, BATCH + this.handed.size);
    const pending = (await coordination.pendingAlerts(limit)).filter((a) => !this.handed.has(a.key));
    for (const alert of pending) this.handed.add(alert.key);
    this.options.metrics.pendingAlerts.set(this.handed.size);
    // ingest() ends with a tick() of its own.
    for (const decision of manager.ingest(pending, now)) await this.apply(decision);
  }

  private async apply(decision: Decision): Promise<void> {
    const { coordination, store, metrics } = this.options;
    switch (decision.kind) {
      case 'open': {
        metrics.groupingDecisions.inc({ kind: 'open', reason: '' });
        const keys = decision.members.map((m) => m.key);
        const primary = decision.primary.alert;
        if (!(await store.getIncident(decision.incident_id))) {
          const now = this.now();
          await store.createIncident({
            id: decision.incident_id,
            alert: primary,
            service: primary.service,
            severity: decision.severity,
            priority: priorityOf(decision.severity),
            state: 'detected',
            created_at: now,
            updated_at: now,
          });
          await this.audit(decision.incident_id, 'incident_grouped', {
            alerts: keys.length,
            services: decision.services,
            group_keys: decision.group_keys,
          });
        }
        await this.markGrouped(keys, decision.incident_id);
        this.receivedAt.set(decision.incident_id, Math.min(...decision.members.map((m) => m.received_at)));
        await coordination.enqueueIncident(decision.incident_id, decision.priority, this.now());
        return;
      }
      case 'attach': {
        metrics.groupingDecisions.inc({ kind: 'attach', reason: '' });
        const keys = decision.alerts.map((a) => a.key);
        const current = this.followUps.get(decision.incident_id) ?? decision.incident_id;
        const incident = await store.getIncident(current);
        const firing = decision.alerts.filter((a) => a.alert.status === 'firing');
        if (incident && (incident.state === 'resolved' || incident.state === 'failed') && firing.length) {
          await this.reopen(decision.incident_id, current, firing, keys);
          return;
        }
        await this.markGrouped(keys, current);
        await this.audit(current, 'alerts_attached', {
          alerts: decision.alerts.map((a) => ({
            service: a.alert.service,
            status: a.alert.status,
            key: a.key,
          })),
        });
        return;
      }
      case 'suppress':
        metrics.groupingDecisions.inc({ kind: 'suppress', reason: decision.reason });
        await this.markGrouped([decision.alert.key], `${SUPPRESSED}:${decision.reason}`);
        return;
      case 'resolve_candidate': {
        metrics.groupingDecisions.inc({ kind: 'resolve_candidate', reason: '' });
        await this.resolveIfQuiet(this.followUps.get(decision.incident_id) ?? decision.incident_id);
        this.followUps.delete(decision.incident_id);
        const closed = this.options.manager.close(decision.incident_id, this.now());
        for (const next of closed.decisions) await this.apply(next);
        return;
      }
    }
  }

  /**
   * New firing alerts for a group whose incident already finished (a false alarm that
   * turned real, or a fault that came back): a follow-up incident investigates them.
   */
  private async reopen(
    groupId: string,
    previous: string,
    firing: IntakeAlert[],
    keys: string[],
  ): Promise<void> {
    const { store, coordination } = this.options;
    const count = (this.reopened.get(groupId) ?? 0) + 1;
    this.reopened.set(groupId, count);
    const id = `${groupId}-r${count}`;
    const primary = [...firing].sort(
      (a, b) => priorityOf(a.alert.severity) - priorityOf(b.alert.severity),
    )[0] as IntakeAlert;
    const now = this.now();
    await store.createIncident({
      id,
      alert: primary.alert,
      service: primary.alert.service,
      severity: primary.alert.severity,
      priority: priorityOf(primary.alert.severity),
      state: 'detected',
      created_at: now,
      updated_at: now,
    });
    await this.audit(previous, 'reopened_as', { incident: id, alerts: firing.length });
    await this.audit(id, 'incident_grouped', { alerts: keys.length, follow_up_of: previous });
    this.followUps.set(groupId, id);
    await this.markGrouped(keys, id);
    this.receivedAt.set(id, Math.min(...firing.map((a) => a.received_at)));
    await coordination.enqueueIncident(id, priorityOf(primary.alert.severity), now);
  }

  private async markGrouped(keys: string[], incidentId: string): Promise<void> {
    await this.options.coordination.markAlertsGrouped(keys, incidentId);
    for (const key of keys) this.handed.delete(key);
  }

  private async resolveIfQuiet(id: string): Promise<void> {
    const incident = await this.options.store.getIncident(id);
    if (!incident) return;
    const closable: IncidentState[] = ['escalated', 'failed', 'awaiting_approval'];
    if (!closable.includes(incident.state)) {
      await this.audit(id, 'alerts_resolved', {
        state: incident.state,
        note:
          incident.state === 'taken_over'
            ? 'a human took the incident over; they close it'
            : 'the incident resolves through its own verification',
      });
      return;
    }
    await this.options.store.transitionIncident(
      id,
      incident.state,
      'resolved',
      'every alert of the incident resolved',
      this.now(),
    );
    await this.audit(id, 'alerts_resolved', { from: incident.state });
  }

  private async claim(): Promise<void> {
    const { coordination, replicaId, workers, leaseSeconds } = this.options;
    const free = workers - this.inFlight.size;
    if (free <= 0 || this.stopping) return;
    const claimed = await coordination.claimIncidents(replicaId, leaseSeconds * 1000, free, this.now());
    for (const claim of claimed) {
      // Our own lease lapsed and we re-claimed it: the run in flight goes on, never a second one.
      if (this.inFlight.has(claim.incident_id)) continue;
      const work = this.work(claim.incident_id, claim.attempts).finally(() => {
        this.inFlight.delete(claim.incident_id);
        this.options.metrics.incidentsInFlight.set(this.inFlight.size);
      });
      this.inFlight.set(claim.incident_id, work);
      this.options.metrics.incidentsInFlight.set(this.inFlight.size);
    }
  }

  private async work(id: string, attempts: number): Promise<void> {
    const { coordination, replicaId, leaseSeconds, store, commander, log } = this.options;
    let lost = false;
    const renew = setInterval(
      () => {
        coordination
          .renewLease(id, replicaId, leaseSeconds * 1000, this.now())
          .then((ok) => {
            if (!ok) lost = true;
          })
          .catch(() => undefined);
      },
      Math.max(250, (leaseSeconds * 1000) / 3),
    );
    try {
      const incident = await store.getIncident(id);
      if (!incident) {
        log.warn({ incident: id }, 'claimed an incident that does not exist');
      } else if (incident.state === 'detected' || incident.state === 'investigating') {
        if (attempts > 1) await this.audit(id, 'taken_over', { replica: replicaId, attempts });
        const claimedAt = this.now();
        const report = await commander.handleAlert(incident.alert as Alert, { incidentId: id });
        const received = this.receivedAt.get(id) ?? incident.created_at;
        this.receivedAt.delete(id);
        this.observe(
          report.decision,
          report.phases,
          claimedAt - received + report.alert_to_decision_ms / 1000,
        );
      } else if (
        incident.state === 'decided' ||
        incident.state === 'remediating' ||
        incident.state === 'verifying'
      ) {
        // A replica died between deciding and verifying: its actions may have run. Never act twice.
        await this.escalateInterrupted(id, incident.state);
      } else if (incident.state === 'taken_over') {
        await this.audit(id, 'refused_after_takeover', { attempted: 'investigate' });
      }
      if (lost) log.warn({ incident: id }, 'lease lost while working; another replica may have taken over');
      await coordination.completeIncident(id, replicaId);
    } catch (error) {
      log.error({ err: error, incident: id }, 'incident failed');
      await this.failIncident(id, error).catch(() => undefined);
      await coordination.completeIncident(id, replicaId).catch(() => false);
    } finally {
      clearInterval(renew);
    }
  }

  private observe(
    decision: string,
    phases: { phase: string; duration_ms: number }[],
    alertToDecisionS: number,
  ): void {
    const { metrics } = this.options;
    metrics.decisions.inc({ decision });
    for (const p of phases) metrics.phaseDuration.observe({ phase: p.phase }, p.duration_ms / 1000);
    metrics.alertToDecision.observe(Math.max(0, alertToDecisionS));
  }

  /**
   * The owner's lease ran out, so its execution is dead: reconcile (unfinished actions
   * marked interrupted, targets described again, escalate; nothing repeated).
   */
  private async escalateInterrupted(id: string, state: IncidentState): Promise<void> {
    const actor = `afr:${this.options.replicaId}`;
    await this.options.commander.reconcileIncident(id, { force: true, actor });
    const actions = await this.options.store.getActions(id);
    await this.audit(id, 'escalated_after_takeover', { state, actions: actions.map((a) => a.id) });
  }

  private async failIncident(id: string, error: unknown): Promise<void> {
    const incident = await this.options.store.getIncident(id);
    if (
      !incident ||
      incident.state === 'resolved' ||
      incident.state === 'escalated' ||
      incident.state === 'failed' ||
      incident.state === 'taken_over'
    )
      return;
    await this.options.store.transitionIncident(
      id,
      incident.state,
      incident.state === 'awaiting_approval' ? 'escalated' : 'failed',
      `error: ${error instanceof Error ? error.message : String(error)}`,
      this.now(),
    );
  }

  private async audit(id: string, action: string, detail: Record<string, unknown>): Promise<void> {
    await this.options.store.appendAudit({
      incident_id: id,
      actor: `afr:${this.options.replicaId}`,
      action,
      detail,
      at: this.now(),
    });
  }
}
