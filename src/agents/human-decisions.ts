/**
 * What humans decide after afr asked: approve the proposed plan, reject it, override it
 * with another strategy or target, correct the root cause (afr re-plans for it), or take
 * the incident over (afr stops acting on it). Each decision is checked against the
 * incident's state, audited with the human's name, and (approve and overrides) carried
 * out through the same policy gate, executor, verification and automatic undo as an
 * autonomous action.
 */
import type {
  Action,
  Actuator,
  Cause,
  Clock,
  IncidentState,
  MetricsSource,
  RemediationPlan,
  Strategy,
  TopologySource,
  VerificationResult,
} from '../core/index.js';
import { canTransition, transition } from '../core/index.js';
import { executePlan } from '../remediation/executor.js';
import type { RemediationEngine } from '../remediation/planner.js';
import type { Authorization, PolicyGate } from '../remediation/policy-gate.js';
import type { IncidentRecord, Store } from '../store/store.js';
import { StaleStateError } from '../store/store-errors.js';
import { applyExecutionOutcome, type DecidedBy, type OnExecutionOutcome } from './apply-execution-outcome.js';
import { withExecutionLease } from './execution-lease.js';
import { checkRootCauseChoice, correctedHypothesis, type RootCauseChoice } from './root-cause-choice.js';
import { syncSavedReport } from './sync-report.js';
import { stopWhenTakenOver } from './takeover.js';

export interface HumanDecisionDeps {
  store: Store;
  policy: PolicyGate;
  clock: Clock;
  actuator?: Actuator;
  metrics?: MetricsSource;
  topology?: TopologySource;
  /** The planner, for root-cause corrections (without one they are refused). */
  remediation?: RemediationEngine;
  /** Told the outcome of every execution (learning's seam). */
  onOutcome?: OnExecutionOutcome;
}

/** A decision that the incident's state does not allow (HTTP 409). */
export class DecisionConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecisionConflictError';
  }
}

export class IncidentNotFoundError extends Error {
  constructor(id: string) {
    super(`no incident ${id}`);
    this.name = 'IncidentNotFoundError';
  }
}

/** A decision whose input is malformed (HTTP 400); the message names the field. */
export class DecisionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecisionInputError';
  }
}

export interface DecisionResult {
  incident: IncidentRecord;
  actions: Action[];
  verification: VerificationResult | null;
  outcome: string;
}

interface ExecutionRequest {
  reason: string;
  decidedBy: DecidedBy;
  authorization: Authorization;
  rootCause: { cause: Cause; mechanism: string } | null;
}

export class HumanDecisions {
  constructor(private readonly deps: HumanDecisionDeps) {}

  async approve(incidentId: string, actor: string, comment = ''): Promise<DecisionResult> {
    const incident = await this.require(incidentId, ['awaiting_approval'], 'approve', actor);
    const plan = await this.deps.store.getPlan(incidentId);
    if (!plan?.target || plan.strategy === 'none')
      throw new DecisionConflictError(`incident ${incidentId} has no plan to approve`);
    await this.audit(incidentId, actor, 'approved', {
      strategy: plan.strategy,
      target: plan.target,
      comment,
    });
    return this.execute(incident, plan, actor, {
      reason: `approved by ${actor}`,
      decidedBy: 'approved',
      authorization: { mode: 'approved', by: actor },
      rootCause: await this.rootCauseOf(incidentId),
    });
  }

  async reject(incidentId: string, actor: string, reason: string): Promise<DecisionResult> {
    const incident = await this.require(incidentId, ['awaiting_approval'], 'reject', actor);
    await this.audit(incidentId, actor, 'rejected', { reason });
    await this.move(incident, 'escalated', `rejected by ${actor}: ${reason || 'no reason given'}`);
    await syncSavedReport(this.deps.store, incidentId);
    return { incident: await this.reload(incidentId), actions: [], verification: null, outcome: 'rejected' };
  }

  /**
   * Replaces the plan with the human's strategy and target (default: the proposed plan's
   * target, else the alerting service), then carries it out.
   */
  async override(
    incidentId: string,
    actor: string,
    choice: { strategy: Strategy; target?: string; comment?: string },
  ): Promise<DecisionResult> {
    if (choice.strategy === 'none')
      throw new DecisionConflictError('override: strategy none is not an action');
    const incident = await this.require(incidentId, ['awaiting_approval', 'escalated'], 'override', actor);
    const previous = await this.deps.store.getPlan(incidentId);
    const target = choice.target || previous?.target || incident.service;
    const plan = overridePlan(previous ?? null, choice.strategy, target, actor);
    await this.deps.store.savePlan(incidentId, plan);
    await this.audit(incidentId, actor, 'overridden', {
      from: previous ? { strategy: previous.strategy, target: previous.target } : null,
      to: { strategy: choice.strategy, target },
      comment: choice.comment ?? '',
    });
    const rootCause = await this.rootCauseOf(incidentId);
    return this.execute(incident, plan, actor, {
      reason: `override by ${actor}`,
      decidedBy: 'override',
      authorization: { mode: 'override', by: actor },
      // What the strategy treated is known only when it targets afr's root-cause service.
      rootCause: rootCause && rootCause.service === target ? rootCause : null,
    });
  }

  /**
   * The human names the root cause: afr re-plans for it with the planner, records the
   * correction (`human_override_root_cause`, read by learning), and carries out the new
   * plan like an approved one. When no strategy treats it, the incident escalates.
   */
  async overrideRootCause(
    incidentId: string,
    actor: string,
    choice: RootCauseChoice & { comment?: string },
  ): Promise<DecisionResult> {
    const problem = checkRootCauseChoice(choice);
    if (problem) throw new DecisionInputError(`root cause ${problem}`);
    const { store, remediation } = this.deps;
    if (!remediation) throw new DecisionConflictError('root-cause override: no planner configured');
    const incident = await this.require(
      incidentId,
      ['awaiting_approval', 'escalated'],
      'override_root_cause',
      actor,
    );
    const [report, hypotheses, findings, actions] = await Promise.all([
      store.getReport(incidentId),
      store.getHypotheses(incidentId),
      store.getFindings(incidentId),
      store.getActions(incidentId),
    ]);
    const previous = report?.root_cause ?? hypotheses[0] ?? null;
    const hypothesis = correctedHypothesis(choice, hypotheses, previous, actor);
    const topology = await this.topology();
    const blastRadius = report?.blast_radius?.length ? report.blast_radius : [hypothesis.service];
    const plan = await remediation.planWith(
      {
        hypothesis,
        confidence: 1,
        blastRadius,
        topology,
        findings,
        // Step and action ids of a new plan must not collide with earlier actions.
        incidentId: `${incidentId}-rc${actions.length + 1}`,
        now: this.deps.clock.now(),
      },
      this.deps.actuator,
      { signal: AbortSignal.timeout(10_000) },
    );
    plan.rationale = `root cause named by ${actor}: ${hypothesis.statement}. ${plan.rationale}`;
    await store.savePlan(incidentId, plan);
    await this.audit(incidentId, actor, 'human_override_root_cause', {
      service: hypothesis.service,
      cause: hypothesis.cause,
      previous_service: previous?.service ?? null,
      previous_cause: previous?.cause ?? null,
      mechanism: hypothesis.mechanism,
      previous_mechanism: previous?.mechanism ?? null,
      strategy: plan.strategy,
      target: plan.target,
      comment: choice.comment ?? '',
    });
    const named = `${hypothesis.cause} on ${hypothesis.service}`;
    if (plan.strategy === 'none' || !plan.target) {
      if (incident.state !== 'escalated')
        await this.move(
          incident,
          'escalated',
          `root cause corrected by ${actor} to ${named}; ${plan.rationale}`,
        );
      await syncSavedReport(store, incidentId);
      return {
        incident: await this.reload(incidentId),
        actions: [],
        verification: null,
        outcome: 'no_action',
      };
    }
    return this.execute(incident, plan, actor, {
      reason: `root cause corrected by ${actor} to ${named}`,
      decidedBy: 'root_cause_override',
      authorization: { mode: 'override', by: actor },
      rootCause: { cause: hypothesis.cause, mechanism: hypothesis.mechanism },
    });
  }

  /**
   * A human takes the incident over: it moves to `taken_over` from any state but resolved,
   * and afr no longer acts on it. An execution in flight stops at its next step boundary;
   * what it applied stays in place unless policy `undoOnTakeover`.
   */
  async takeover(incidentId: string, actor: string, reason = ''): Promise<DecisionResult> {
    const { store } = this.deps;
    for (let attempt = 0; ; attempt++) {
      const incident = await this.reload(incidentId);
      if (incident.state === 'taken_over')
        throw new DecisionConflictError(`incident ${incidentId} is already taken over`);
      if (!canTransition(incident.state, 'taken_over'))
        throw new DecisionConflictError(`incident ${incidentId} is ${incident.state}; nothing to take over`);
      try {
        await this.move(incident, 'taken_over', `taken over by ${actor}${reason ? `: ${reason}` : ''}`);
      } catch (error) {
        // The incident moved meanwhile (an execution went on to verifying, say): try again.
        if (error instanceof StaleStateError && attempt < 5) continue;
        throw error;
      }
      const actions = await store.getActions(incidentId);
      await this.audit(incidentId, actor, 'human_takeover', {
        previous_state: incident.state,
        reason,
        execution_in_flight: incident.state === 'remediating' || incident.state === 'verifying',
        applied: actions.filter((a) => a.status === 'applied').map((a) => a.id),
      });
      await syncSavedReport(store, incidentId);
      return {
        incident: await this.reload(incidentId),
        actions: [],
        verification: null,
        outcome: 'taken_over',
      };
    }
  }

  private async execute(
    incident: IncidentRecord,
    plan: RemediationPlan,
    actor: string,
    request: ExecutionRequest,
  ): Promise<DecisionResult> {
    const id = incident.id;
    const { store, clock } = this.deps;
    return withExecutionLease(this.deps.policy.lock, id, async () => {
      await this.move(incident, 'remediating', `${request.reason}: ${plan.strategy} on ${plan.target}`);
      const findings = await store.getFindings(id);
      const topology = await this.topology();
      const replicas = new Map((topology?.services ?? []).map((s) => [s.name, s.replicas]));
      const result = await executePlan({
        incidentId: id,
        plan,
        findings,
        actuator: this.deps.actuator,
        metrics: this.deps.metrics,
        clock,
        policy: this.deps.policy,
        audit: { audit: (action, detail) => this.audit(id, actor, action, detail) },
        replicasOf: (s) => replicas.get(s) ?? 1,
        onAction: (action) => store.saveAction(action),
        authorization: request.authorization,
        stopRequested: stopWhenTakenOver(store, id),
      });
      let state: IncidentState = 'remediating';
      await applyExecutionOutcome(result, {
        incidentId: id,
        plan,
        rootCause: request.rootCause,
        decidedBy: request.decidedBy,
        actor,
        now: () => clock.now(),
        currentState: async () => (await this.reload(id)).state,
        move: async (to, why) => {
          await store.transitionIncident(id, state, to, why, clock.now());
          state = to;
        },
        audit: (action, detail) => this.audit(id, actor, action, detail),
        onOutcome: this.deps.onOutcome,
      });
      await syncSavedReport(store, id, {
        actions: result.actions,
        verification: result.verification,
        resolvedAt: result.resolvedAt,
      });
      return {
        incident: await this.reload(id),
        actions: result.actions,
        verification: result.verification,
        outcome: result.outcome,
      };
    });
  }

  private async topology() {
    const outcome = this.deps.topology
      ? await this.deps.topology.topology({ signal: AbortSignal.timeout(2000) })
      : undefined;
    return outcome?.kind === 'ok' ? outcome.data : undefined;
  }

  private async rootCauseOf(id: string) {
    const rc = (await this.deps.store.getReport(id))?.root_cause;
    return rc ? { service: rc.service, cause: rc.cause, mechanism: rc.mechanism } : null;
  }

  /** The incident, if its state allows `attempted`; a refusal after a takeover is audited. */
  private async require(
    id: string,
    states: IncidentState[],
    attempted: string,
    actor: string,
  ): Promise<IncidentRecord> {
    const incident = await this.deps.store.getIncident(id);
    if (!incident) throw new IncidentNotFoundError(id);
    if (incident.state === 'taken_over') {
      await this.audit(id, actor, 'refused_after_takeover', { attempted });
      throw new DecisionConflictError(`incident ${id} was taken over by a human; afr no longer acts on it`);
    }
    if (!states.includes(incident.state)) {
      throw new DecisionConflictError(`incident ${id} is ${incident.state}; expected ${states.join(' or ')}`);
    }
    return incident;
  }

  private async reload(id: string): Promise<IncidentRecord> {
    const incident = await this.deps.store.getIncident(id);
    if (!incident) throw new IncidentNotFoundError(id);
    return incident;
  }

  private async move(incident: IncidentRecord, to: IncidentState, reason: string): Promise<void> {
    transition(incident.state, to);
    await this.deps.store.transitionIncident(incident.id, incident.state, to, reason, this.deps.clock.now());
  }

  private async audit(
    id: string,
    actor: string,
    action: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.store.appendAudit({ incident_id: id, actor, action, detail, at: this.deps.clock.now() });
  }
}

/** A single-step plan for the human's choice, keeping the proposed plan's verification. */
export function overridePlan(
  previous: RemediationPlan | null,
  strategy: Strategy,
  target: string,
  actor: string,
): RemediationPlan {
  const verification = previous?.verification ?? {
    signals: [
      { service: target, metric: 'error_rate' },
      { service: target, metric: 'latency_p99' },
    ],
    deadline_s: 600,
  };
  return {
    strategy,
    target,
    predicted_success_rate: previous?.strategy === strategy ? previous.predicted_success_rate : 0.5,
    risk_level: previous?.risk_level ?? 0.5,
    estimated_duration_s: previous?.estimated_duration_s ?? 120,
    actions: [`${strategy} ${target} (chosen by ${actor})`],
    rollback_plan: [`undo ${strategy} on ${target}`],
    steps: [
      {
        id: `override-${strategy}-${target}`,
        strategy,
        target,
        description: `${strategy} ${target}, chosen by ${actor}`,
        estimated_duration_s: previous?.estimated_duration_s ?? 120,
        params: {},
      },
    ],
    verification,
    rationale: `overridden by ${actor}${previous ? ` (afr proposed ${previous.strategy} on ${previous.target})` : ''}`,
    alternatives: previous
      ? [{ strategy: previous.strategy, target: previous.target, reason: 'afr proposal, overridden' }]
      : [],
  };
}
