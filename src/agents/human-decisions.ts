/**
 * What humans decide after afr asked: approve the proposed plan, reject it, or override it
 * with another strategy or target. Each decision is checked against the incident's state,
 * audited with the human's name, and (for approve/override) carried out through the same
 * policy gate, executor, verification and automatic undo as an autonomous action.
 */
import type {
  Action,
  Actuator,
  Clock,
  IncidentState,
  MetricsSource,
  RemediationPlan,
  Strategy,
  TopologySource,
  VerificationResult,
} from '../core/index.js';
import { transition } from '../core/index.js';
import { executePlan } from '../remediation/executor.js';
import type { PolicyGate } from '../remediation/policy-gate.js';
import type { IncidentRecord, Store } from '../store/store.js';

export interface HumanDecisionDeps {
  store: Store;
  policy: PolicyGate;
  clock: Clock;
  actuator?: Actuator;
  metrics?: MetricsSource;
  topology?: TopologySource;
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

export interface DecisionResult {
  incident: IncidentRecord;
  actions: Action[];
  verification: VerificationResult | null;
  outcome: string;
}

export class HumanDecisions {
  constructor(private readonly deps: HumanDecisionDeps) {}

  async approve(incidentId: string, actor: string, comment = ''): Promise<DecisionResult> {
    const incident = await this.require(incidentId, ['awaiting_approval']);
    const plan = await this.deps.store.getPlan(incidentId);
    if (!plan?.target || plan.strategy === 'none')
      throw new DecisionConflictError(`incident ${incidentId} has no plan to approve`);
    await this.audit(incidentId, actor, 'approved', {
      strategy: plan.strategy,
      target: plan.target,
      comment,
    });
    return this.execute(incident, plan, actor, `approved by ${actor}`);
  }

  async reject(incidentId: string, actor: string, reason: string): Promise<DecisionResult> {
    const incident = await this.require(incidentId, ['awaiting_approval']);
    await this.audit(incidentId, actor, 'rejected', { reason });
    await this.move(incident, 'escalated', `rejected by ${actor}: ${reason || 'no reason given'}`);
    return { incident: await this.reload(incidentId), actions: [], verification: null, outcome: 'rejected' };
  }

  /** Replaces the plan with the human's strategy and target, then carries it out. */
  async override(
    incidentId: string,
    actor: string,
    choice: { strategy: Strategy; target: string; comment?: string },
  ): Promise<DecisionResult> {
    if (choice.strategy === 'none')
      throw new DecisionConflictError('override: strategy none is not an action');
    const incident = await this.require(incidentId, ['awaiting_approval', 'escalated']);
    const previous = await this.deps.store.getPlan(incidentId);
    const plan = overridePlan(previous ?? null, choice.strategy, choice.target, actor);
    await this.deps.store.savePlan(incidentId, plan);
    await this.audit(incidentId, actor, 'overridden', {
      from: previous ? { strategy: previous.strategy, target: previous.target } : null,
      to: { strategy: choice.strategy, target: choice.target },
      comment: choice.comment ?? '',
    });
    return this.execute(incident, plan, actor, `override by ${actor}`);
  }

  private async execute(
    incident: IncidentRecord,
    plan: RemediationPlan,
    actor: string,
    reason: string,
  ): Promise<DecisionResult> {
    const id = incident.id;
    await this.move(incident, 'remediating', `${reason}: ${plan.strategy} on ${plan.target}`);
    const findings = await this.deps.store.getFindings(id);
    const topology = this.deps.topology
      ? await this.deps.topology.topology({ signal: AbortSignal.timeout(2000) })
      : undefined;
    const replicas = new Map(
      (topology?.kind === 'ok' ? topology.data.services : []).map((s) => [s.name, s.replicas]),
    );
    const result = await executePlan({
      incidentId: id,
      plan,
      findings,
      actuator: this.deps.actuator,
      metrics: this.deps.metrics,
      clock: this.deps.clock,
      policy: this.deps.policy,
      audit: { audit: (action, detail) => this.audit(id, actor, action, detail) },
      replicasOf: (s) => replicas.get(s) ?? 1,
      onAction: (action) => this.deps.store.saveAction(action),
    });
    let state = (await this.reload(id)).state;
    const step = async (to: IncidentState, why: string) => {
      await this.deps.store.transitionIncident(id, state, to, why, this.deps.clock.now());
      state = to;
    };
    if (result.outcome === 'resolved') {
      await step('verifying', 'actions applied; verifying');
      await step('resolved', `verified: ${result.reason}`);
    } else if (result.outcome === 'undone') {
      await step('verifying', 'actions applied; verifying');
      await step('escalated', `verification failed, actions undone: ${result.reason}`);
    } else {
      await step('escalated', `${result.outcome}: ${result.reason}`);
    }
    await this.syncReport(id, result.actions, result.verification, result.resolvedAt);
    return {
      incident: await this.reload(id),
      actions: result.actions,
      verification: result.verification,
      outcome: result.outcome,
    };
  }

  /** Keeps the saved report's state, actions and verification in step with what happened. */
  private async syncReport(
    id: string,
    actions: Action[],
    verification: VerificationResult | null,
    resolvedAt: number | null,
  ): Promise<void> {
    const report = await this.deps.store.getReport(id);
    if (!report) return;
    const incident = await this.reload(id);
    report.state = incident.state;
    report.actions = [...report.actions, ...actions];
    report.verification = verification ?? report.verification;
    report.remediation_plan = (await this.deps.store.getPlan(id)) ?? report.remediation_plan;
    report.state_history = await this.deps.store.getStateHistory(id);
    if (resolvedAt !== null) report.mttr_s = Math.max(0, resolvedAt - report.alert.timestamp);
    await this.deps.store.saveReport(report);
  }

  private async require(id: string, states: IncidentState[]): Promise<IncidentRecord> {
    const incident = await this.deps.store.getIncident(id);
    if (!incident) throw new IncidentNotFoundError(id);
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
