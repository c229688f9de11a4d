import { WallClock } from '../connectors/memory/clocks.js';
import type {
  Action,
  Actuator,
  Alert,
  Cause,
  Clock,
  DataPorts,
  Decision,
  Finding,
  IncidentReport,
  IncidentState,
  InvestigationPlan,
  NotificationEvent,
  Notifier,
  Phase,
  PhaseRecord,
  RemediationPlan,
  StateChange,
  Strategy,
  Topology,
  VerificationResult,
} from '../core/index.js';
import { AlertSchema, alertHeadline, priorityOf, transition } from '../core/index.js';
import type { Lessons } from '../learning/lessons.js';
import type { StoreLearning } from '../learning/store-learning.js';
import { CausalReasoningEngine, type ReasoningResult } from '../reasoning/index.js';
import { executePlan } from '../remediation/executor.js';
import { RemediationEngine } from '../remediation/planner.js';
import { DEFAULT_POLICY, type PolicyConfig, PolicyGate } from '../remediation/policy-gate.js';
import type { ServiceLock } from '../remediation/service-lock.js';
import { generateIncidentInsights, type IncidentInsights } from '../reports/insights.js';
import { MemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/store.js';
import { StaleStateError } from '../store/store-errors.js';
import type { AgentResult, InvestigationAgent } from './agent.js';
import { applyExecutionOutcome, type OnExecutionOutcome } from './apply-execution-outcome.js';
import { type ExpiredApproval, expireApprovals } from './approval-expiry.js';
import {
  type ReconcileOptions,
  type Reconciliation,
  reconcileIncident,
  reconcileInterrupted,
} from './crash-reconciliation.js';
import { DeployIntelligenceAgent } from './deploy-agent.js';
import { withExecutionLease } from './execution-lease.js';
import { type DecisionResult, HumanDecisions } from './human-decisions.js';
import { planInvestigation } from './investigation-planner.js';
import { LogsAgent } from './logs-agent.js';
import { MetricsAgent } from './metrics-agent.js';
import { summarise } from './report-summary.js';
import type { RootCauseChoice } from './root-cause-choice.js';
import { runAgents } from './run-agents.js';
import { notifyAll } from './sync-report.js';
import { stopWhenTakenOver } from './takeover.js';
import { TracesAgent } from './traces-agent.js';

export interface CommanderOptions {
  /** Where the agents read telemetry. Missing ports lower confidence; nothing crashes. */
  ports?: DataPorts;
  /** Carries out remediation steps. Without one, plans are made but never executed. */
  actuator?: Actuator;
  notifiers?: Notifier[];
  store?: Store;
  /** The incident's clock (wall time live; simulated time in the simulator). */
  clock?: Clock;
  logsAgent?: InvestigationAgent;
  metricsAgent?: InvestigationAgent;
  deployAgent?: InvestigationAgent;
  tracesAgent?: InvestigationAgent;
  reasoning?: CausalReasoningEngine;
  remediation?: RemediationEngine;
  /** Act autonomously above this calibrated confidence (default 0.80). */
  confidenceThreshold?: number;
  /** Ask a human from this confidence up to the act threshold (default 0.50); escalate below. */
  approvalThreshold?: number;
  /** Really execute actions (the seed's `commander.auto_remediate`). Default false: dry-run. */
  autoRemediate?: boolean;
  /** Plan only, never call the actuator (what `afr analyze` does). Default false. */
  planOnly?: boolean;
  investigationDeadlineMs?: number;
  windowMinutes?: number;
  /**
   * A young deviation that nothing but "no other explanation" blames is re-checked after
   * this many seconds of the incident's clock (default 120), at most `maxRechecks` times
   * (default 2). `planOnly` never waits.
   */
  recheckSeconds?: number;
  maxRechecks?: number;
  policy?: Partial<PolicyConfig>;
  /**
   * The per-service remediation lock (one active remediation per service). Replicas of
   * `afr serve` share one held in the database; default: in memory.
   */
  serviceLock?: ServiceLock;
  /**
   * An approval request escalates after this many seconds without a decision (the seed's
   * `commander.escalation_timeout_seconds`; default 300). See `expireApprovals()`.
   */
  escalationTimeoutSeconds?: number;
  /** Told the outcome of every execution, autonomous or decided by a human (learning's seam). */
  onExecutionOutcome?: OnExecutionOutcome;
  /**
   * What the history teaches (src/learning): learned base rates as DECIDE's priors, similar
   * past incidents as evidence, learned success rates for the planner. Default: none, the
   * documented defaults. `afr serve` and IntegratedFirstResponder learn from their store.
   */
  learning?: Pick<StoreLearning, 'lessons'>;
}

export interface HandleAlertOptions {
  /** Read data up to this time (default: the clock's now). */
  dataEnd?: number;
  /** Read data from this time (default: `windowMinutes` before the alert). */
  dataStart?: number;
  /**
   * The incident's id (default: the alert's id). An incident that already exists in state
   * `detected` or `investigating` (a replica died while investigating it) is resumed.
   */
  incidentId?: string;
}

/**
 * The Commander: runs DETECT, PLAN, INVESTIGATE, DECIDE, ACT and REPORT for each alert,
 * times and persists every phase, and returns the full incident report.
 *
 * @example
 * const commander = new CommanderAgent({ ports, actuator, autoRemediate: true });
 * const report = await commander.handleAlert(alert);
 * console.log(report.decision, report.root_cause, report.remediation_plan?.strategy);
 */
export class CommanderAgent {
  readonly store: Store;
  readonly policy: PolicyGate;
  private readonly ports: DataPorts;
  private readonly clock: Clock;
  private readonly agents: InvestigationAgent[];
  private readonly reasoning: CausalReasoningEngine;
  private readonly remediation: RemediationEngine;
  private readonly options: CommanderOptions;

  constructor(options: CommanderOptions = {}) {
    this.options = options;
    this.ports = options.ports ?? {};
    this.clock = options.clock ?? new WallClock();
    this.store = options.store ?? new MemoryStore();
    this.agents = [
      options.metricsAgent ?? new MetricsAgent(),
      options.logsAgent ?? new LogsAgent(),
      options.deployAgent ?? new DeployIntelligenceAgent(),
      options.tracesAgent ?? new TracesAgent(),
    ];
    this.reasoning = options.reasoning ?? new CausalReasoningEngine();
    // The planner weighs the configured freeze windows into each plan's risk.
    this.remediation =
      options.remediation ??
      new RemediationEngine(undefined, {
        freezeWindows: options.policy?.freezeWindows,
        weeklyFreezeWindows: options.policy?.weeklyFreezeWindows,
        now: () => this.clock.now(),
      });
    this.policy = new PolicyGate(
      {
        ...DEFAULT_POLICY,
        // The gate re-checks the Commander's own thresholds before every step.
        minConfidenceToAct: options.confidenceThreshold ?? DEFAULT_POLICY.minConfidenceToAct,
        minConfidenceWithApproval: options.approvalThreshold ?? DEFAULT_POLICY.minConfidenceWithApproval,
        ...options.policy,
        dryRun: options.policy?.dryRun ?? !options.autoRemediate,
      },
      { lock: options.serviceLock },
    );
  }

  /** Success rate, common root causes and effective strategies, from this store's history. */
  generateIncidentInsights(): Promise<IncidentInsights> {
    return generateIncidentInsights(this.store);
  }

  /** Approve the plan of an incident awaiting approval, and carry it out. */
  approve(incidentId: string, actor: string, comment?: string): Promise<DecisionResult> {
    return this.afterDecision(this.humanDecisions().approve(incidentId, actor, comment));
  }

  /** Reject the plan of an incident awaiting approval: it escalates. */
  reject(incidentId: string, actor: string, reason: string): Promise<DecisionResult> {
    return this.afterDecision(this.humanDecisions().reject(incidentId, actor, reason));
  }

  /** Replace the plan with a human's strategy and target (default: the plan's), and carry it out. */
  override(
    incidentId: string,
    actor: string,
    choice: { strategy: Strategy; target?: string; comment?: string },
  ): Promise<DecisionResult> {
    return this.afterDecision(this.humanDecisions().override(incidentId, actor, choice));
  }

  /**
   * A human names the root cause (`SERVICE[:cause]`): afr re-plans for it, audits the
   * correction (`human_override_root_cause`) and carries out the new plan like an approval.
   */
  overrideRootCause(
    incidentId: string,
    actor: string,
    choice: RootCauseChoice & { comment?: string },
  ): Promise<DecisionResult> {
    return this.afterDecision(this.humanDecisions().overrideRootCause(incidentId, actor, choice));
  }

  /**
   * A human takes the incident over: afr stops acting on it. A running execution stops at
   * its next step, leaving what it applied (policy `undoOnTakeover` undoes it); later
   * approvals, overrides and autonomous actions are refused and audited.
   */
  takeover(incidentId: string, actor: string, reason?: string): Promise<DecisionResult> {
    return this.humanDecisions().takeover(incidentId, actor, reason);
  }

  /** Escalates approval requests older than `escalationTimeoutSeconds` (run periodically by `afr serve`). */
  expireApprovals(actor = 'afr'): Promise<ExpiredApproval[]> {
    return expireApprovals({
      store: this.store,
      clock: this.clock,
      timeoutSeconds: this.options.escalationTimeoutSeconds ?? 300,
      notifiers: this.options.notifiers,
      actor,
    });
  }

  /**
   * Finds executions a crash interrupted (incidents left remediating that nobody runs), marks
   * their unfinished actions `interrupted`, describes the targets again, audits and escalates.
   * Never re-applies. `afr serve` runs it at start and periodically.
   */
  reconcileInterrupted(actor = 'afr'): Promise<Reconciliation[]> {
    return reconcileInterrupted(this.reconcileDeps(actor));
  }

  /** `reconcileInterrupted` for one incident; `force` when the caller knows its executor died. */
  reconcileIncident(
    incidentId: string,
    options: ReconcileOptions & { actor?: string } = {},
  ): Promise<Reconciliation | null> {
    return reconcileIncident(this.reconcileDeps(options.actor ?? 'afr'), incidentId, options);
  }

  private reconcileDeps(actor: string) {
    return {
      store: this.store,
      lock: this.policy.lock,
      clock: this.clock,
      actuator: this.options.actuator,
      notifiers: this.options.notifiers,
      actor,
    };
  }

  /** After a human decision: tells the notifiers how it ended (resolved, with the postmortem, or escalated). */
  private async afterDecision(decision: Promise<DecisionResult>): Promise<DecisionResult> {
    const result = await decision;
    const report = await this.store.getReport(result.incident.id);
    if (report && (report.state === 'resolved' || report.state === 'escalated')) await this.notify(report);
    return result;
  }

  private humanDecisions(): HumanDecisions {
    return new HumanDecisions({
      store: this.store,
      policy: this.policy,
      clock: this.clock,
      actuator: this.options.actuator,
      metrics: this.ports.metrics,
      topology: this.ports.topology,
      remediation: this.remediation,
      onOutcome: this.options.onExecutionOutcome,
    });
  }

  async handleAlert(input: Alert | unknown, handling: HandleAlertOptions = {}): Promise<IncidentReport> {
    const received = performance.now();
    const run = new IncidentRun(this.store, this.clock);

    // DETECT
    const alert = await run.phase('detect', async () => {
      const parsed = AlertSchema.parse(input);
      await run.open(parsed, handling.incidentId);
      return { value: parsed, detail: `${parsed.severity} alert on ${parsed.service}: ${parsed.message}` };
    });

    // PLAN
    const { plan, topology } = await run.phase('plan', async () => {
      const topo = await this.fetchTopology();
      const p = planInvestigation(alert, topo.topology, this.ports, {
        windowMinutes: this.options.windowMinutes ?? 60,
        deadlineMs: this.options.investigationDeadlineMs ?? 5000,
        dataEnd: handling.dataEnd ?? this.clock.now(),
        dataStart: handling.dataStart,
      });
      return { value: { plan: p, topology: topo.topology, topologyError: topo.error }, detail: p.rationale };
    });

    // INVESTIGATE + DECIDE, re-checked after a short wait when the deviation is young and
    // nothing but "no other explanation" points at a cause: blips clear, faults persist.
    if (run.state === 'detected') await run.move('investigating', `investigation plan: ${plan.mode}`);
    let window = plan.window;
    let round = 0;
    const lessons = await this.lessons(run);
    let investigation = await this.investigateAndDecide(
      run,
      alert,
      { ...plan, window },
      topology,
      round,
      lessons,
    );
    const maxRechecks = this.options.planOnly ? 0 : (this.options.maxRechecks ?? 2);
    while (
      round < maxRechecks &&
      investigation.decision !== 'observe' &&
      investigation.reasoning.young &&
      !investigation.reasoning.explained
    ) {
      round++;
      await this.clock.sleep(this.options.recheckSeconds ?? 120);
      window = { start: window.start, end: this.clock.now() };
      investigation = await this.investigateAndDecide(
        run,
        alert,
        { ...plan, window },
        topology,
        round,
        lessons,
      );
    }
    const { findings, missing, reasoning, decision, reason } = investigation;
    const alertToDecisionMs = performance.now() - received;
    await run.move('decided', `${decision}: ${reason}`);

    // ACT
    const act = await run.phase('act', async () => {
      const top = reasoning.root_cause ? reasoning.hypotheses[0] : null;
      const remediationPlan =
        decision === 'observe'
          ? null
          : this.plannerFor(lessons).plan({
              hypothesis: top,
              confidence: reasoning.confidence,
              blastRadius: reasoning.blast_radius,
              topology,
              findings,
              incidentId: run.id,
            });
      await this.store.savePlan(run.id, remediationPlan);
      const outcome = await this.carryOut(run, decision, remediationPlan, findings, topology, {
        confidence: reasoning.confidence,
        rootCause: top ? { cause: top.cause, mechanism: top.mechanism } : null,
      });
      return { value: { remediationPlan, ...outcome }, detail: outcome.detail };
    });

    // REPORT
    return run.phase('report', async () => {
      const report: IncidentReport = {
        incident_id: run.id,
        alert: alertHeadline(alert),
        priority: priorityOf(alert.severity),
        state: run.state,
        decision,
        decision_reason: reason,
        root_cause: reasoning.root_cause,
        hypotheses: reasoning.hypotheses,
        blast_radius: reasoning.blast_radius,
        at_risk: reasoning.at_risk,
        remediation_plan: act.remediationPlan,
        actions: act.actions,
        verification: act.verification,
        findings,
        investigation_plan: plan,
        missing_data: missing,
        phases: run.phases,
        timings_ms: {},
        state_history: run.history,
        alert_to_decision_ms: alertToDecisionMs,
        mttr_s: act.resolvedAt !== null ? Math.max(0, act.resolvedAt - alert.timestamp) : null,
        summary: '',
        reasoning_diagnostics: {
          raw_confidence: reasoning.raw_confidence,
          none_probability: reasoning.none_probability,
        },
      };
      report.summary = summarise(report);
      report.timings_ms = Object.fromEntries(run.phases.map((p) => [p.phase, p.duration_ms]));
      await this.notify(report);
      return {
        value: report,
        detail: report.summary,
        finalize: async (r: PhaseRecord) => {
          report.phases = run.phases;
          report.timings_ms[r.phase] = r.duration_ms;
          await this.store.saveReport(report);
        },
      };
    });
  }

  private async investigateAndDecide(
    run: IncidentRun,
    alert: Alert,
    plan: InvestigationPlan,
    topology: Topology | undefined,
    round: number,
    lessons: Lessons | null,
  ) {
    const again = round > 0 ? ` (re-check ${round})` : '';
    const results = await run.phase('investigate', async () => {
      const r = await runAgents(this.agents, { alert, plan, ports: this.ports, topology });
      const all = r.flatMap((x) => x.findings);
      await this.store.saveFindings(run.id, all);
      const failed = r
        .flatMap((x) => x.sources)
        .filter((s) => s.status === 'error' || s.status === 'timeout');
      return {
        value: r,
        status: failed.length ? 'degraded' : 'ok',
        detail: `${r
          .map((x) => `${x.agent}: ${x.findings.length} findings in ${Math.round(x.duration_ms)} ms`)
          .join('; ')}${again}`,
      };
    });
    const findings = results.flatMap((r) => r.findings);
    const missing = missingData(results, topology);
    const decided = await run.phase('decide', async () => {
      const observed = new Set(results.find((r) => r.agent === 'metrics')?.observed_services ?? []);
      const coverage = coverageOf(results, topology);
      const result = this.reasoning.analyse({
        alert,
        findings,
        topology,
        observedServices: observed,
        coverage,
        windowEnd: plan.window.end,
        ...(lessons && {
          priors: lessons.priors,
          precedents: lessons.precedentsFor(alert.service, findings, run.id),
        }),
      });
      const d = this.decide(result, coverage.metrics);
      await this.store.saveHypotheses(run.id, result.hypotheses);
      return { value: { reasoning: result, ...d }, detail: `${d.decision}: ${d.reason}${again}` };
    });
    return { results, findings, missing, ...decided };
  }

  /** The history's lessons for this incident; null without learning or when the store cannot say. */
  private async lessons(run: IncidentRun): Promise<Lessons | null> {
    if (!this.options.learning) return null;
    try {
      return await this.options.learning.lessons();
    } catch (error) {
      await run.audit('learning_unavailable', {
        error: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
  }

  /** The planner, with the success rates learned from history when there are lessons. */
  private plannerFor(lessons: Lessons | null): RemediationEngine {
    return lessons ? new RemediationEngine(lessons.successModel, this.remediation.options) : this.remediation;
  }

  private decide(result: ReasoningResult, haveMetrics: boolean): { decision: Decision; reason: string } {
    const act = this.options.confidenceThreshold ?? 0.8;
    const approve = this.options.approvalThreshold ?? 0.5;
    if (!result.root_cause && !haveMetrics) {
      // Without metrics nobody can tell whether the impact has cleared: a human must look.
      return { decision: 'escalate', reason: 'no credible root cause, and no metrics to judge the impact' };
    }
    if (!result.root_cause) {
      return result.impact_ongoing
        ? { decision: 'escalate', reason: 'no credible root cause while the impact goes on' }
        : { decision: 'observe', reason: 'no credible root cause and the symptoms have cleared' };
    }
    const c = result.confidence;
    const rc = result.root_cause;
    const what = `${rc.cause} on ${rc.service} (confidence ${c.toFixed(2)})`;
    if (c > act) return { decision: 'act', reason: `${what} is above the autonomous threshold ${act}` };
    if (c >= approve) return { decision: 'approve', reason: `${what} needs a human's approval` };
    return { decision: 'escalate', reason: `${what} is below ${approve}` };
  }

  private async carryOut(
    run: IncidentRun,
    decision: Decision,
    plan: RemediationPlan | null,
    findings: Finding[],
    topology: Topology | undefined,
    treated: { confidence: number; rootCause: { cause: Cause; mechanism: string } | null },
  ): Promise<{
    actions: Action[];
    verification: VerificationResult | null;
    resolvedAt: number | null;
    detail: string;
  }> {
    const none = { actions: [], verification: null, resolvedAt: null };
    if (this.options.planOnly)
      return { ...none, detail: `plan only: ${plan?.strategy ?? 'none'} not executed` };
    if (run.state === 'taken_over') return { ...none, detail: 'taken over by a human: afr does not act' };
    if (decision === 'observe') {
      await run.move('resolved', 'observed: a false alarm, nothing to do');
      return { ...none, resolvedAt: null, detail: 'observed, no action' };
    }
    if (decision === 'escalate' || !plan || plan.strategy === 'none') {
      await run.move('escalated', 'escalated to a human');
      return { ...none, detail: 'escalated' };
    }
    if (decision === 'approve') {
      await run.move('awaiting_approval', `approval requested for ${plan.strategy} on ${plan.target}`);
      return { ...none, detail: `awaiting approval of ${plan.strategy}` };
    }
    // The execution lease is taken before `remediating`: crash reconciliation leaves it alone.
    return withExecutionLease(this.policy.lock, run.id, async () => {
      await run.move('remediating', `${plan.strategy} on ${plan.target}`);
      if (run.state === 'taken_over') return { ...none, detail: 'taken over by a human: afr does not act' };
      const replicas = new Map((topology?.services ?? []).map((s) => [s.name, s.replicas]));
      const result = await executePlan({
        incidentId: run.id,
        // The unrounded confidence the decision used, for the gate's autonomous threshold.
        plan: { ...plan, confidence: treated.confidence },
        findings,
        actuator: this.options.actuator,
        metrics: this.ports.metrics,
        clock: this.clock,
        policy: this.policy,
        audit: { audit: (action, detail) => run.audit(action, detail) },
        replicasOf: (s) => replicas.get(s) ?? 1,
        onAction: (action) => this.store.saveAction(action),
        authorization: { mode: 'autonomous' },
        stopRequested: stopWhenTakenOver(this.store, run.id),
      });
      await applyExecutionOutcome(result, {
        incidentId: run.id,
        plan,
        rootCause: treated.rootCause,
        decidedBy: 'autonomous',
        actor: 'afr',
        now: () => this.clock.now(),
        currentState: () => run.current(),
        move: (to, reason) => run.move(to, reason),
        audit: (action, detail) => run.audit(action, detail),
        onOutcome: this.options.onExecutionOutcome,
      });
      return {
        actions: result.actions,
        verification: result.verification,
        resolvedAt: result.resolvedAt,
        detail: `${result.outcome}: ${result.reason}`,
      };
    });
  }

  private async fetchTopology(): Promise<{ topology: Topology | undefined; error?: string }> {
    const source = this.ports.topology;
    if (!source) return { topology: undefined };
    const outcome = await source.topology({ signal: AbortSignal.timeout(2000) });
    if (outcome.kind === 'ok') return { topology: outcome.data };
    return { topology: undefined, error: outcome.kind === 'error' ? outcome.message : 'no topology' };
  }

  private async notify(report: IncidentReport): Promise<void> {
    const kind: NotificationEvent['kind'] =
      report.decision === 'observe'
        ? 'observed'
        : report.state === 'resolved'
          ? 'resolved'
          : report.state === 'awaiting_approval'
            ? 'approval_requested'
            : report.state === 'escalated'
              ? 'escalated'
              : 'incident_opened';
    const event: NotificationEvent = {
      kind,
      incident_id: report.incident_id,
      severity: report.alert.severity,
      service: report.alert.service,
      title: `[${report.alert.severity}] ${report.alert.service}: ${report.decision}`,
      text: report.summary,
      report,
    };
    await notifyAll(this.options.notifiers ?? [], event);
  }
}

/** Bookkeeping of one incident: state machine, phase timings, persistence and audit. */
class IncidentRun {
  id = '';
  state: IncidentState = 'detected';
  readonly phases: PhaseRecord[] = [];
  readonly history: StateChange[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async open(alert: Alert, incidentId?: string): Promise<void> {
    if (incidentId) {
      const existing = await this.store.getIncident(incidentId);
      if (existing) {
        if (existing.state !== 'detected' && existing.state !== 'investigating') {
          throw new Error(
            `incident ${incidentId} is already ${existing.state}; it cannot be investigated again`,
          );
        }
        this.id = incidentId;
        this.state = existing.state;
        this.history.push(...(await this.store.getStateHistory(incidentId)));
        await this.audit('investigation_resumed', { alert_id: alert.id, state: existing.state });
        return;
      }
    }
    const wanted = incidentId ?? alert.id;
    this.id = (await this.store.getIncident(wanted)) ? `${wanted}-${Date.now().toString(36)}` : wanted;
    const now = this.clock.now();
    await this.store.createIncident({
      id: this.id,
      alert,
      service: alert.service,
      severity: alert.severity,
      priority: priorityOf(alert.severity),
      state: 'detected',
      created_at: now,
      updated_at: now,
    });
    this.history.push({ from: null, to: 'detected', at: now, reason: `alert ${alert.id}` });
    await this.audit('incident_opened', {
      alert_id: alert.id,
      service: alert.service,
      severity: alert.severity,
    });
  }

  async move(to: IncidentState, reason: string): Promise<void> {
    if (this.state === 'taken_over') return this.refuse(to, reason);
    const from = this.state;
    transition(from, to);
    const at = this.clock.now();
    try {
      await this.store.transitionIncident(this.id, from, to, reason, at);
    } catch (error) {
      if (error instanceof StaleStateError && (await this.current()) === 'taken_over')
        return this.refuse(to, reason);
      throw error;
    }
    this.state = to;
    this.history.push({ from, to, at, reason });
    await this.audit('state_changed', { from, to, reason });
  }

  /** The state the store holds; a human's takeover is adopted, with its history. */
  async current(): Promise<IncidentState> {
    const state = (await this.store.getIncident(this.id))?.state ?? this.state;
    if (state === 'taken_over' && this.state !== 'taken_over') {
      this.state = state;
      this.history.splice(0, this.history.length, ...(await this.store.getStateHistory(this.id)));
    }
    return state;
  }

  /** A human took the incident over: afr's own move is refused and audited. */
  private async refuse(to: IncidentState, reason: string): Promise<void> {
    await this.audit('refused_after_takeover', { attempted: `move to ${to}`, reason });
  }

  async audit(action: string, detail: Record<string, unknown>): Promise<void> {
    await this.store.appendAudit({
      incident_id: this.id || null,
      actor: 'afr',
      action,
      detail,
      at: this.clock.now(),
    });
  }

  async phase<T>(
    phase: Phase,
    work: () => Promise<{
      value: T;
      detail?: string;
      status?: PhaseRecord['status'];
      finalize?: (record: PhaseRecord) => Promise<void>;
    }>,
  ): Promise<T> {
    const startedAt = Date.now() / 1000;
    const t0 = performance.now();
    const result = await work();
    const record: PhaseRecord = {
      phase,
      started_at: startedAt,
      duration_ms: performance.now() - t0,
      status: result.status ?? 'ok',
      detail: result.detail ?? '',
    };
    this.phases.push(record);
    if (this.id) await this.store.recordPhase(this.id, record);
    await result.finalize?.(record);
    return result.value;
  }
}

function missingData(results: AgentResult[], topology: Topology | undefined): string[] {
  const missing: string[] = [];
  for (const r of results) {
    for (const s of r.sources) {
      if (s.status !== 'ok')
        missing.push(`${r.agent}: ${s.source} ${s.status}${s.detail ? ` (${s.detail})` : ''}`);
    }
  }
  if (!topology) missing.push('topology: none available; dependencies inferred from evidence only');
  return missing;
}

function coverageOf(results: AgentResult[], topology: Topology | undefined) {
  const ok = (agent: string) =>
    results.some((r) => r.agent === agent && r.sources.some((s) => s.status === 'ok'));
  return {
    metrics: ok('metrics'),
    logs: ok('logs'),
    changes: ok('deploy'),
    topology: topology !== undefined,
  };
}
