import type {
  Action,
  ActionReceipt,
  Actuator,
  Clock,
  Finding,
  MetricsSource,
  PlanStep,
  RemediationPlan,
  VerificationResult,
} from '../core/index.js';
import type { PolicyGate } from './policy-gate.js';
import { checkRecovery } from './verifier.js';

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
}

export interface ExecutionResult {
  actions: Action[];
  verification: VerificationResult | null;
  /** applied and verified; dry_run: nothing applied; denied/failed: stopped early; undone: verification failed. */
  outcome: 'resolved' | 'dry_run' | 'denied' | 'failed' | 'undone';
  resolvedAt: number | null;
  reason: string;
}

/**
 * Runs a plan's steps through the policy gate and the actuator, then watches the
 * verification signals until the deadline. A step that is denied or fails stops the plan;
 * anything already applied is undone when verification fails. Every step is audited.
 */
export async function executePlan(ctx: ExecutionContext): Promise<ExecutionResult> {
  const actions: Action[] = [];
  const applied: { step: PlanStep; receipt: ActionReceipt; action: Action }[] = [];
  const signal = new AbortController().signal;
  const target = ctx.plan.target;
  if (!target || ctx.plan.strategy === 'none') {
    return { actions, verification: null, outcome: 'denied', resolvedAt: null, reason: 'plan has no action' };
  }
  if (!ctx.actuator) {
    return {
      actions,
      verification: null,
      outcome: 'denied',
      resolvedAt: null,
      reason: 'no actuator configured',
    };
  }
  if (!ctx.policy.lock(target, ctx.incidentId)) {
    await ctx.audit.audit('step_denied', { target, reason: 'service locked by another remediation' });
    return {
      actions,
      verification: null,
      outcome: 'denied',
      resolvedAt: null,
      reason: `${target} is locked`,
    };
  }
  try {
    let dryRun = false;
    for (const step of ctx.plan.steps) {
      if (step.strategy === 'none') continue;
      const action = newAction(ctx, step);
      actions.push(action);
      const verdict = ctx.policy.check(step, ctx.incidentId, ctx.clock.now(), ctx.replicasOf(step.target));
      if (!verdict.allowed) {
        await finish(ctx, action, 'denied', verdict.reason);
        await ctx.audit.audit('step_denied', {
          step: step.id,
          strategy: step.strategy,
          target: step.target,
          reason: verdict.reason,
        });
        await undoAll(ctx, applied);
        return { actions, verification: null, outcome: 'denied', resolvedAt: null, reason: verdict.reason };
      }
      const preview = await ctx.actuator.plan(step, { signal });
      if (preview.kind === 'error') {
        await finish(ctx, action, 'failed', preview.message);
        await ctx.audit.audit('step_failed', { step: step.id, phase: 'plan', error: preview.message });
        await undoAll(ctx, applied);
        return { actions, verification: null, outcome: 'failed', resolvedAt: null, reason: preview.message };
      }
      const previewText = preview.kind === 'ok' ? preview.data.summary : '';
      if (verdict.dryRun) {
        dryRun = true;
        action.detail = `dry run: ${previewText}`;
        await finish(ctx, action, 'dry_run');
        await ctx.audit.audit('step_dry_run', {
          step: step.id,
          strategy: step.strategy,
          target: step.target,
          preview: previewText,
        });
        continue;
      }
      const result = await ctx.actuator.apply(step, { signal });
      if (result.kind !== 'ok') {
        const message = result.kind === 'error' ? result.message : 'actuator returned no receipt';
        await finish(ctx, action, 'failed', message);
        await ctx.audit.audit('step_failed', { step: step.id, phase: 'apply', error: message });
        await undoAll(ctx, applied);
        return { actions, verification: null, outcome: 'failed', resolvedAt: null, reason: message };
      }
      ctx.policy.recordApplied(step.target, ctx.clock.now());
      action.detail = result.data.detail;
      action.undo_token = result.data.undo_token;
      await finish(ctx, action, 'applied');
      applied.push({ step, receipt: result.data, action });
      await ctx.audit.audit('step_applied', {
        step: step.id,
        strategy: step.strategy,
        target: step.target,
        detail: result.data.detail,
      });
    }
    if (dryRun) {
      return {
        actions,
        verification: null,
        outcome: 'dry_run',
        resolvedAt: null,
        reason: 'dry-run mode: nothing applied',
      };
    }
    const verification = await watch(ctx);
    await ctx.audit.audit('verification', {
      outcome: verification.result.outcome,
      detail: verification.result.detail,
    });
    if (verification.result.outcome === 'recovered') {
      for (const { action } of applied) await finish(ctx, action, 'verified');
      return {
        actions,
        verification: verification.result,
        outcome: 'resolved',
        resolvedAt: verification.recoveredAt,
        reason: verification.result.detail,
      };
    }
    await undoAll(ctx, applied);
    return {
      actions,
      verification: verification.result,
      outcome: 'undone',
      resolvedAt: null,
      reason: verification.result.detail,
    };
  } finally {
    ctx.policy.unlock(target, ctx.incidentId);
  }
}

/** Watches until the deadline; a recovery that does not hold is a regression. */
async function watch(
  ctx: ExecutionContext,
): Promise<{ result: VerificationResult; recoveredAt: number | null }> {
  const spec = ctx.plan.verification ?? { signals: [], deadline_s: 300 };
  const interval = ctx.checkIntervalSeconds ?? 60;
  const signal = new AbortController().signal;
  let elapsed = 0;
  let recoveredAt: number | null = null;
  let everRecovered = false;
  let last: VerificationResult | undefined;
  while (elapsed < spec.deadline_s) {
    const wait = Math.min(interval, spec.deadline_s - elapsed);
    await ctx.clock.sleep(wait);
    elapsed += wait;
    last = await checkRecovery(spec, ctx.findings, ctx.metrics, ctx.clock.now(), { signal });
    if (last.outcome === 'recovered') {
      everRecovered = true;
      recoveredAt ??= ctx.clock.now();
    } else {
      recoveredAt = null;
    }
  }
  const result = last ?? (await checkRecovery(spec, ctx.findings, ctx.metrics, ctx.clock.now(), { signal }));
  if (result.outcome !== 'recovered' && everRecovered) {
    return {
      result: { ...result, outcome: 'regressed', detail: `recovered, then regressed: ${result.detail}` },
      recoveredAt: null,
    };
  }
  return { result, recoveredAt };
}

async function undoAll(
  ctx: ExecutionContext,
  applied: { step: PlanStep; receipt: ActionReceipt; action: Action }[],
): Promise<void> {
  const signal = new AbortController().signal;
  for (const { step, receipt, action } of [...applied].reverse()) {
    const result = await ctx.actuator!.undo(step, receipt, { signal });
    if (result.kind === 'ok') {
      await finish(ctx, action, 'undone', result.data.detail);
      await ctx.audit.audit('step_undone', { step: step.id, detail: result.data.detail });
    } else {
      const message = result.kind === 'error' ? result.message : 'no receipt';
      await ctx.audit.audit('undo_failed', { step: step.id, error: message });
    }
  }
}

function newAction(ctx: ExecutionContext, step: PlanStep): Action {
  return {
    id: `${step.id}-a`,
    incident_id: ctx.incidentId,
    step_id: step.id,
    strategy: step.strategy,
    target: step.target,
    status: 'planned',
    started_at: ctx.clock.now(),
    finished_at: null,
    detail: '',
  };
}

async function finish(
  ctx: ExecutionContext,
  action: Action,
  status: Action['status'],
  reason?: string,
): Promise<void> {
  action.status = status;
  action.finished_at = ctx.clock.now();
  if (reason) action.reason = reason;
  await ctx.onAction?.(action);
}
