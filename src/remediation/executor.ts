/**
 * Runs a plan: link by link of its chain, each step through the policy gate, a dry-run
 * preview and the actuator (a canary first where the actuator supports it), watching the
 * verification signals during and after. Signals that degrade further abort and undo
 * everything, last first. A follow-up link (`if_not_recovered`) runs only when the
 * previous link did not resolve the incident. At the end: resolved; partially resolved
 * (kept or undone, per policy) or not resolved → undone and escalated. Every step,
 * result and decision goes to the audit sink.
 *
 * Stopping: `stopRequested` (a human took the incident over) is asked before every link,
 * step, canary promotion and undo, and between verification checks. A stop leaves what was
 * applied in place (the human now owns the system as it is; policy `undoOnTakeover` undoes
 * it instead) and says so in the audit. A kill switch flipped mid-plan denies the next step
 * at the gate; what this plan applied is undone (policy `undoOnKillSwitch`, default true),
 * since undoing afr's own half-applied change is the safe outcome, or left and audited.
 * An action is saved before its actuator call (`finished_at` null), so a crash mid-call
 * leaves a trace that `reconcileInterrupted` finds on restart.
 */
import type {
  Action,
  ActionReceipt,
  Actuator,
  Clock,
  Finding,
  MetricsSource,
  PlanStep,
  RemediationPlan,
  Strategy,
  VerificationResult,
  VerificationSpec,
} from '../core/index.js';
import { callActuator, supportsProgressive, TIMED_OUT } from './actuator-call.js';
import type { Authorization, PolicyGate } from './policy-gate.js';
import type { Resolution } from './progress.js';
import { measure, watchSignals } from './watch.js';

export interface AuditSink {
  audit(action: string, detail: Record<string, unknown>): Promise<void>;
}

export interface ExecutionContext {
  incidentId: string;
  plan: RemediationPlan;
  findings: readonly Finding[];
  actuator: Actuator | undefined;
  metrics: MetricsSource | undefined;
  clock: Clock;
  policy: PolicyGate;
  audit: AuditSink;
  replicasOf: (service: string) => number;
  onAction?: (action: Action) => Promise<void>;
  /** How often verification looks at the signals, in seconds of the incident's clock. */
  checkIntervalSeconds?: number;
  /** Who decided to act: enables the gate's confidence thresholds (absent: not checked). */
  authorization?: Authorization;
  /** The environment, for the gate's per-environment allow-lists (default: the policy's). */
  environment?: string;
  /** Aborts actuator calls and waits. */
  signal?: AbortSignal;
  /** Wall-clock limit of each actuator call (default 60 000 ms). */
  actuatorTimeoutMs?: number;
  /**
   * Asked at every step boundary: a reason to stop (a human took the incident over), or
   * null to go on. Applied changes are then left in place unless policy `undoOnTakeover`.
   */
  stopRequested?: () => Promise<string | null>;
}

export interface LinkReport {
  strategy: Strategy;
  target: string;
  status: 'executed' | 'skipped' | 'dry_run';
  resolution?: Resolution;
}

export interface ExecutionResult {
  actions: Action[];
  verification: VerificationResult | null;
  /**
   * resolved: applied and verified; dry_run: nothing applied; denied/failed: stopped early
   * (anything applied undone); undone: verification failed or signals degraded; partial:
   * partially resolved and kept (policy `partialRecovery: keep`), escalate; stopped:
   * `stopRequested` said stop (a human took over); applied changes left in place (or
   * undone, policy `undoOnTakeover`).
   */
  outcome: 'resolved' | 'dry_run' | 'denied' | 'failed' | 'undone' | 'partial' | 'stopped';
  resolvedAt: number | null;
  reason: string;
  resolution?: Resolution;
  links?: LinkReport[];
}

interface Applied {
  step: PlanStep;
  receipt: ActionReceipt;
  action: Action;
}

interface Link {
  index: number;
  strategy: Strategy;
  target: string;
  when: 'always' | 'if_not_recovered';
  verification: VerificationSpec;
  applySteps: PlanStep[];
}

type StepOutcome =
  | { kind: 'applied' }
  | { kind: 'dry_run' }
  | { kind: 'stop'; outcome: 'denied' | 'failed' | 'undone' | 'stopped'; reason: string };

const DEFAULT_VERIFICATION: VerificationSpec = { signals: [], deadline_s: 300 };

/** True for steps that change something (older plans: anything but `none` and `check_only`). */
export function isApplyStep(step: PlanStep): boolean {
  if (step.kind) return step.kind === 'apply';
  return step.strategy !== 'none' && step.params?.check_only !== true;
}

export async function executePlan(ctx: ExecutionContext): Promise<ExecutionResult> {
  const run = new Execution(ctx);
  const plan = ctx.plan;
  if (!plan.target || plan.strategy === 'none') return run.result('denied', 'plan has no action');
  if (!ctx.actuator) return run.result('denied', 'no actuator configured');
  const links = linksOf(plan);
  if (links.every((l) => l.applySteps.length === 0)) return run.result('denied', 'plan has no action');

  const targets = [...new Set(links.flatMap((l) => l.applySteps.map((s) => s.target)))].sort();
  const held: string[] = [];
  try {
    for (const target of targets) {
      if (!(await ctx.policy.lock.acquire(target, ctx.incidentId, ctx.policy.lockTtlMs))) {
        const reason = `${target} is locked by another remediation`;
        await ctx.audit.audit('step_denied', { target, reason });
        return run.result('denied', reason);
      }
      held.push(target);
    }
    return await run.execute(ctx.actuator, links);
  } finally {
    for (const target of held) await ctx.policy.lock.release(target, ctx.incidentId);
  }
}

class Execution {
  readonly actions: Action[] = [];
  readonly applied: Applied[] = [];
  readonly links: LinkReport[] = [];
  private readonly signal: AbortSignal;

  constructor(private readonly ctx: ExecutionContext) {
    this.signal = ctx.signal ?? new AbortController().signal;
  }

  result(
    outcome: ExecutionResult['outcome'],
    reason: string,
    extra: Partial<ExecutionResult> = {},
  ): ExecutionResult {
    return {
      actions: this.actions,
      verification: null,
      outcome,
      resolvedAt: null,
      reason,
      ...(this.links.length ? { links: this.links } : {}),
      ...extra,
    };
  }

  async execute(actuator: Actuator, links: Link[]): Promise<ExecutionResult> {
    const ctx = this.ctx;
    let dryRun = false;
    let last: Awaited<ReturnType<typeof watchSignals>> | null = null;
    for (const link of links) {
      if (link.index > 0 && link.when === 'if_not_recovered' && last?.resolution === 'resolved') {
        this.links.push({ strategy: link.strategy, target: link.target, status: 'skipped' });
        await ctx.audit.audit('link_skipped', {
          link: link.index,
          strategy: link.strategy,
          target: link.target,
          reason: 'the previous strategy resolved the incident',
        });
        continue;
      }
      if (link.applySteps.length === 0) continue;
      const stopBeforeLink = await this.stopRequested();
      if (stopBeforeLink) return this.stop(actuator, stopBeforeLink, { link: link.index });
      const before = dryRun ? null : await this.measure(link.verification);
      for (const step of link.applySteps) {
        const outcome = await this.runStep(actuator, step, link, before);
        if (outcome.kind === 'dry_run') dryRun = true;
        if (outcome.kind === 'stop') {
          // A human who took over owns what was applied, whatever stopped this step.
          const stopped = outcome.outcome === 'stopped' ? outcome.reason : await this.stopRequested();
          if (stopped) return this.stop(actuator, stopped, { step: step.id });
          await this.undoAfterStop(actuator, outcome.reason);
          return this.result(outcome.outcome, outcome.reason);
        }
      }
      if (dryRun) {
        this.links.push({ strategy: link.strategy, target: link.target, status: 'dry_run' });
        continue;
      }
      last = await watchSignals({
        spec: link.verification,
        findings: ctx.findings,
        metrics: ctx.metrics,
        clock: ctx.clock,
        intervalSeconds: ctx.checkIntervalSeconds ?? 60,
        before,
        signal: this.signal,
        shouldStop: this.ctx.stopRequested,
      });
      if (last.stopped) return this.stop(actuator, last.stopped, { link: link.index, watching: true });
      this.links.push({
        strategy: link.strategy,
        target: link.target,
        status: 'executed',
        resolution: last.resolution,
      });
      await ctx.audit.audit('verification', {
        link: link.index,
        strategy: link.strategy,
        target: link.target,
        outcome: last.result.outcome,
        resolution: last.resolution,
        detail: last.result.detail,
        ...(last.regression && {
          recovered_at: last.regression.recovered_at,
          regressed_at: last.regression.regressed_at,
          regressed: last.regression.signals,
        }),
        signals: last.result.signals,
        checks: last.checks,
      });
      if (last.degraded.length) {
        const stopped = await this.stopRequested();
        if (stopped) return this.stop(actuator, stopped, { link: link.index });
        await this.undoAll(actuator);
        return this.result('undone', last.result.detail, {
          verification: last.result,
          resolution: 'not_resolved',
        });
      }
    }
    if (dryRun) return this.result('dry_run', 'dry-run mode: nothing applied');
    if (!last) return this.result('denied', 'plan has no action');
    const extra = { verification: last.result, resolution: last.resolution };
    if (last.resolution === 'resolved') {
      for (const { action } of this.applied) await this.finish(action, 'verified');
      return this.result('resolved', last.result.detail, { ...extra, resolvedAt: last.recoveredAt });
    }
    const keepPartial = (ctx.policy.config.partialRecovery ?? 'undo') === 'keep';
    if (last.resolution === 'partially_resolved' && keepPartial) {
      await ctx.audit.audit('partial_recovery_kept', { detail: last.result.detail });
      return this.result('partial', `partially resolved, changes kept: ${last.result.detail}`, extra);
    }
    const stopped = await this.stopRequested();
    if (stopped) return this.stop(actuator, stopped, { verification: last.result.outcome }, extra);
    await this.undoAll(actuator);
    const prefix = last.resolution === 'partially_resolved' ? 'partially resolved, undone: ' : '';
    return this.result('undone', `${prefix}${last.result.detail}`, extra);
  }

  private async runStep(
    actuator: Actuator,
    step: PlanStep,
    link: Link,
    before: VerificationResult | null,
  ): Promise<StepOutcome> {
    const ctx = this.ctx;
    const stopped = await this.stopRequested();
    if (stopped) return { kind: 'stop', outcome: 'stopped', reason: stopped };
    const action = this.newAction(step);
    const replicas = Math.max(1, ctx.replicasOf(step.target));
    const canary = canaryOf(step, replicas);
    const progressive = canary !== null && supportsProgressive(actuator, step);
    const verdict = await this.gate(step, replicas, progressive ? canary.replicas : replicas);
    if (!verdict.allowed) return this.deny(action, step, verdict.reason);

    const preview = await this.call(actuator, `plan ${step.id}`, (signal) => actuator.plan(step, { signal }));
    if (preview.kind === 'error') {
      await this.finish(action, 'failed', preview.message);
      await ctx.audit.audit('step_failed', { step: step.id, phase: 'plan', error: preview.message });
      return { kind: 'stop', outcome: 'failed', reason: preview.message };
    }
    const previewText = preview.kind === 'ok' ? preview.data.summary : '';
    if (verdict.dryRun) {
      action.detail = `dry run: ${previewText}`;
      await this.finish(action, 'dry_run');
      await ctx.audit.audit('step_dry_run', {
        step: step.id,
        strategy: step.strategy,
        target: step.target,
        link: link.index,
        preview: previewText,
        ...(canary && progressive ? { canary: canary.replicas } : {}),
      });
      return { kind: 'dry_run' };
    }

    if (canary && progressive) {
      const canaryStep: PlanStep = {
        ...step,
        id: `${step.id}-canary`,
        description: `${step.description} (canary: ${canary.replicas} of ${replicas})`,
        params: { ...step.params, canary: canary.replicas },
      };
      const canaryAction = this.newAction(canaryStep);
      const applied = await this.apply(actuator, canaryStep, canaryAction, 'step_canary_applied');
      if (applied.kind === 'stop') {
        await this.finish(action, 'failed', applied.reason);
        return applied;
      }
      const watched = await watchSignals({
        spec: link.verification,
        findings: ctx.findings,
        metrics: ctx.metrics,
        clock: ctx.clock,
        intervalSeconds: Math.min(ctx.checkIntervalSeconds ?? 60, canary.watchSeconds / 2),
        before,
        signal: this.signal,
        forSeconds: canary.watchSeconds,
        degradeChecks: 1,
        shouldStop: ctx.stopRequested,
      });
      await ctx.audit.audit('canary_verification', {
        step: step.id,
        outcome: watched.result.outcome,
        degraded: watched.degraded,
        detail: watched.result.detail,
      });
      if (watched.degraded.length) {
        const reason = `canary of ${step.strategy} on ${step.target} degraded ${watched.degraded.join(', ')}`;
        await this.finish(action, 'denied', reason);
        return { kind: 'stop', outcome: 'undone', reason };
      }
      const stoppedAfterCanary = await this.stopRequested();
      if (stoppedAfterCanary) {
        await this.finish(action, 'denied', `not promoted past the canary: ${stoppedAfterCanary}`);
        return { kind: 'stop', outcome: 'stopped', reason: stoppedAfterCanary };
      }
      const again = await this.gate(step, replicas, replicas);
      if (!again.allowed) return this.deny(action, step, again.reason);
    }
    return this.apply(actuator, step, action, 'step_applied');
  }

  private async apply(
    actuator: Actuator,
    step: PlanStep,
    action: Action,
    event: string,
  ): Promise<StepOutcome> {
    const ctx = this.ctx;
    // Saved before the call (finished_at null): a crash during it leaves a trace to reconcile.
    await ctx.onAction?.(action);
    const result = await this.call(actuator, `apply ${step.id}`, (signal) =>
      actuator.apply(step, { signal }),
    );
    if (result.kind !== 'ok') {
      let message = result.kind === 'error' ? result.message : 'actuator returned no receipt';
      if (message.startsWith(TIMED_OUT)) message = `${message}; whether the change was applied is unknown`;
      await this.finish(action, 'failed', message);
      await ctx.audit.audit('step_failed', { step: step.id, phase: 'apply', error: message });
      return { kind: 'stop', outcome: 'failed', reason: message };
    }
    ctx.policy.recordApplied(step.target, ctx.clock.now(), ctx.incidentId);
    action.detail = result.data.detail;
    action.undo_token = result.data.undo_token;
    await this.finish(action, 'applied');
    this.applied.push({ step, receipt: result.data, action });
    await ctx.audit.audit(event, {
      step: step.id,
      strategy: step.strategy,
      target: step.target,
      detail: result.data.detail,
    });
    return { kind: 'applied' };
  }

  private gate(step: PlanStep, replicas: number, touched: number) {
    const ctx = this.ctx;
    return ctx.policy.check({
      step,
      incidentId: ctx.incidentId,
      now: ctx.clock.now(),
      replicas,
      replicasTouched: touched,
      confidence: ctx.plan.confidence,
      authorization: ctx.authorization,
      environment: ctx.environment,
    });
  }

  private async deny(action: Action, step: PlanStep, reason: string): Promise<StepOutcome> {
    await this.finish(action, 'denied', reason);
    await this.ctx.audit.audit('step_denied', {
      step: step.id,
      strategy: step.strategy,
      target: step.target,
      reason,
    });
    return { kind: 'stop', outcome: 'denied', reason };
  }

  private async stopRequested(): Promise<string | null> {
    return (await this.ctx.stopRequested?.()) ?? null;
  }

  /**
   * Ends the execution on a stop request: applied changes stay in place, each marked with
   * why, unless policy `undoOnTakeover` asks to undo them.
   */
  private async stop(
    actuator: Actuator,
    reason: string,
    where: Record<string, unknown>,
    extra: Partial<ExecutionResult> = {},
  ): Promise<ExecutionResult> {
    const undo = this.ctx.policy.config.undoOnTakeover === true;
    const applied = this.applied.map(({ step }) => ({
      step: step.id,
      strategy: step.strategy,
      target: step.target,
    }));
    await this.ctx.audit.audit('execution_stopped', { reason, ...where, applied, undo });
    if (undo) await this.undoAll(actuator);
    else await this.leaveApplied(reason);
    return this.result('stopped', reason, extra);
  }

  /** After a denial, failure or degraded canary: undo, except a kill switch with `undoOnKillSwitch: false`. */
  private async undoAfterStop(actuator: Actuator, reason: string): Promise<void> {
    const config = this.ctx.policy.config;
    if (config.killSwitch && config.undoOnKillSwitch === false && this.applied.length) {
      await this.ctx.audit.audit('changes_left_in_place', {
        reason,
        policy: 'undoOnKillSwitch is false',
        applied: this.applied.map(({ step }) => ({
          step: step.id,
          strategy: step.strategy,
          target: step.target,
        })),
      });
      await this.leaveApplied(reason);
      return;
    }
    await this.undoAll(actuator);
  }

  private async leaveApplied(reason: string): Promise<void> {
    for (const { action } of this.applied) {
      action.reason = `left in place: ${reason}`;
      await this.ctx.onAction?.(action);
    }
    this.applied.length = 0;
  }

  private measure(spec: VerificationSpec): Promise<VerificationResult> {
    const ctx = this.ctx;
    return measure(spec, ctx.findings, ctx.metrics, ctx.clock.now(), this.signal);
  }

  private call<T>(actuator: Actuator, what: string, work: Parameters<typeof callActuator<T>>[4]) {
    return callActuator(actuator, what, this.ctx.actuatorTimeoutMs ?? 60_000, this.ctx.signal, work);
  }

  /** Undoes every applied change, last first; a failed undo is audited and does not stop the rest. */
  private async undoAll(actuator: Actuator): Promise<void> {
    for (const { step, receipt, action } of [...this.applied].reverse()) {
      const result = await this.call(actuator, `undo ${step.id}`, (signal) =>
        actuator.undo(step, receipt, { signal }),
      );
      if (result.kind === 'ok') {
        await this.finish(action, 'undone', result.data.detail);
        await this.ctx.audit.audit('step_undone', { step: step.id, detail: result.data.detail });
      } else {
        const message = result.kind === 'error' ? result.message : 'no receipt';
        action.reason = `undo failed: ${message}`;
        await this.ctx.onAction?.(action);
        await this.ctx.audit.audit('undo_failed', { step: step.id, error: message });
      }
    }
    this.applied.length = 0;
  }

  private newAction(step: PlanStep): Action {
    const action: Action = {
      id: `${step.id}-a`,
      incident_id: this.ctx.incidentId,
      step_id: step.id,
      strategy: step.strategy,
      target: step.target,
      status: 'planned',
      started_at: this.ctx.clock.now(),
      finished_at: null,
      detail: '',
    };
    this.actions.push(action);
    return action;
  }

  private async finish(action: Action, status: Action['status'], reason?: string): Promise<void> {
    action.status = status;
    action.finished_at = this.ctx.clock.now();
    if (reason) action.reason = reason;
    await this.ctx.onAction?.(action);
  }
}

/** The canary of a progressive step: `params.progressive = {canary, watch_s}`, when there is more than one replica. */
function canaryOf(step: PlanStep, replicas: number): { replicas: number; watchSeconds: number } | null {
  const p = step.params?.progressive;
  if (!p || typeof p !== 'object' || replicas <= 1) return null;
  const { canary, watch_s } = p as { canary?: unknown; watch_s?: unknown };
  const n = typeof canary === 'number' && canary >= 1 ? Math.floor(canary) : 1;
  if (n >= replicas) return null;
  return { replicas: n, watchSeconds: typeof watch_s === 'number' && watch_s > 0 ? watch_s : 120 };
}

/** The plan's links: steps grouped by `chain_index` (absent: 0), with their chain entry's verification. */
function linksOf(plan: RemediationPlan): Link[] {
  const indices = [...new Set(plan.steps.map((s) => s.chain_index ?? 0))].sort((a, b) => a - b);
  if (indices.length === 0) indices.push(0);
  return indices.map((index) => {
    const entry = plan.chain?.[index];
    return {
      index,
      strategy: entry?.strategy ?? plan.strategy,
      target: entry?.target ?? plan.target ?? '',
      when: index === 0 ? 'always' : (entry?.when ?? 'always'),
      verification: entry?.verification ?? plan.verification ?? DEFAULT_VERIFICATION,
      applySteps: plan.steps.filter((s) => (s.chain_index ?? 0) === index && isApplyStep(s)),
    };
  });
}
