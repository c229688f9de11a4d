/**
 * The safety gate checked before every step: kill switch, allow-lists (global and per
 * environment/namespace), confidence thresholds, change freezes, one remediation per
 * service (a ServiceLock), blast radius, rate limits (global and per service) and
 * cool-downs. Denials carry their reason, for the audit log.
 */
import { type PlanStep, STRATEGIES, type Strategy } from '../core/index.js';
import { activeFreeze, type FreezeWindow, type WeeklyFreezeWindow } from './freeze-windows.js';
import { InMemoryServiceLock, type ServiceLock } from './service-lock.js';

/** Strategies allowed where the environment and/or namespace match; the most specific match wins. */
export interface StrategyScope {
  environment?: string;
  namespace?: string;
  strategies: readonly Strategy[];
}

export interface PolicyConfig {
  /** Nothing is applied; every step is only planned. */
  dryRun: boolean;
  killSwitch: boolean;
  allowedStrategies: readonly Strategy[];
  /** Global: applied steps per rolling hour, all services together. */
  maxActionsPerHour: number;
  /** After another incident's action on a service, none for this long. */
  serviceCooldownSeconds: number;
  freezeWindows: readonly FreezeWindow[];
  /** A step may touch at most this many replicas at once. */
  maxBlastRadiusReplicas: number;
  // Added with issue #6; optional so older configs keep working (defaults in DEFAULT_POLICY).
  /** Per service: applied steps per rolling hour. */
  maxActionsPerServicePerHour?: number;
  /** A step may touch at most this share (0-100) of a service's replicas at once. */
  maxBlastRadiusPercent?: number;
  weeklyFreezeWindows?: readonly WeeklyFreezeWindow[];
  /** Narrower allow-lists per environment / namespace (intersected with `allowedStrategies`). */
  strategyScopes?: readonly StrategyScope[];
  /** The environment this afr acts in (matched against `strategyScopes`). */
  environment?: string;
  /** Autonomous steps need a confidence above this. */
  minConfidenceToAct?: number;
  /** Human-approved steps need at least this confidence. */
  minConfidenceWithApproval?: number;
  /** Time to live of the per-service remediation lock; renewed before each step. */
  lockTtlSeconds?: number;
  /** A partial recovery at the deadline: undo (default, as for no recovery) or keep and escalate. */
  partialRecovery?: 'undo' | 'keep';
  /** The kill switch flipped mid-plan: undo what the plan applied (default) or leave it, audited. */
  undoOnKillSwitch?: boolean;
  /** A human took the incident over mid-plan: leave what was applied (default) or undo it. */
  undoOnTakeover?: boolean;
}

export const DEFAULT_POLICY: PolicyConfig = {
  dryRun: true,
  killSwitch: false,
  allowedStrategies: STRATEGIES.filter((s) => s !== 'none'),
  maxActionsPerHour: 10,
  serviceCooldownSeconds: 600,
  freezeWindows: [],
  maxBlastRadiusReplicas: 10,
  maxActionsPerServicePerHour: 6,
  maxBlastRadiusPercent: 100,
  weeklyFreezeWindows: [],
  strategyScopes: [],
  environment: '',
  minConfidenceToAct: 0.8,
  minConfidenceWithApproval: 0.5,
  lockTtlSeconds: 3600,
  partialRecovery: 'undo',
  undoOnKillSwitch: true,
  undoOnTakeover: false,
};

/** Who decided that the step runs; without one, the confidence thresholds are not checked. */
export type Authorization =
  | { mode: 'autonomous' }
  | { mode: 'approved'; by: string }
  | { mode: 'override'; by: string };

export interface GateRequest {
  step: PlanStep;
  incidentId: string;
  /** Epoch seconds on the incident's clock. */
  now: number;
  /** Replicas of the target (default 1). */
  replicas?: number;
  /** Replicas the step changes at once (a canary: 1); default all of them. */
  replicasTouched?: number;
  /** The plan's confidence in its root cause. */
  confidence?: number;
  authorization?: Authorization;
  environment?: string;
  namespace?: string;
}

export type GateVerdict = { allowed: true; dryRun: boolean } | { allowed: false; reason: string };

export interface PolicyGateDeps {
  /** Default: an in-memory lock (one process). */
  lock?: ServiceLock;
}

export class PolicyGate {
  readonly lock: ServiceLock;
  private readonly applied: { at: number; service: string; incidentId: string }[] = [];

  constructor(
    public config: PolicyConfig = { ...DEFAULT_POLICY },
    deps: PolicyGateDeps = {},
  ) {
    this.lock = deps.lock ?? new InMemoryServiceLock();
  }

  /** Flips the global kill switch; every later step is denied. */
  setKillSwitch(on: boolean): void {
    this.config = { ...this.config, killSwitch: on };
  }

  get lockTtlMs(): number {
    return (this.config.lockTtlSeconds ?? DEFAULT_POLICY.lockTtlSeconds ?? 3600) * 1000;
  }

  async check(r: GateRequest): Promise<GateVerdict> {
    const c = { ...DEFAULT_POLICY, ...this.config };
    const deny = (reason: string): GateVerdict => ({ allowed: false, reason });
    const { step } = r;
    if (c.killSwitch) return deny('kill switch is on');
    if (!c.allowedStrategies.includes(step.strategy)) {
      return deny(`strategy ${step.strategy} is not allowed by policy`);
    }
    const environment = r.environment ?? c.environment ?? '';
    const namespace = r.namespace ?? stringParam(step.params.namespace);
    const scope = scopeFor(c.strategyScopes ?? [], environment, namespace);
    if (scope && !scope.strategies.includes(step.strategy)) {
      return deny(`strategy ${step.strategy} is not allowed in ${describeScope(scope)}`);
    }
    const confidence = confidenceVerdict(c, r);
    if (confidence) return deny(confidence);
    const freeze = activeFreeze(r.now, c.freezeWindows, c.weeklyFreezeWindows ?? []);
    if (freeze) return deny(`change freeze${freeze.reason ? `: ${freeze.reason}` : ''}`);
    if (!(await this.lock.acquire(step.target, r.incidentId, this.lockTtlMs))) {
      return deny(`${step.target} is locked by another remediation`);
    }
    const replicas = Math.max(1, r.replicas ?? 1);
    const touched = Math.min(replicas, r.replicasTouched ?? replicas);
    if (touched > c.maxBlastRadiusReplicas) {
      return deny(`touches ${touched} replicas, above the limit of ${c.maxBlastRadiusReplicas}`);
    }
    const percent = (100 * touched) / replicas;
    const maxPercent = c.maxBlastRadiusPercent ?? 100;
    if (percent > maxPercent) {
      return deny(
        `touches ${Math.round(percent)}% of ${step.target}'s replicas, above the limit of ${maxPercent}%`,
      );
    }
    const hourAgo = r.now - 3600;
    const recent = this.applied.filter((a) => a.at > hourAgo);
    if (recent.length >= c.maxActionsPerHour) {
      return deny(`rate limit: ${recent.length} actions in the last hour`);
    }
    const onService = recent.filter((a) => a.service === step.target);
    const perService = c.maxActionsPerServicePerHour ?? Number.POSITIVE_INFINITY;
    if (onService.length >= perService) {
      return deny(`rate limit: ${onService.length} actions on ${step.target} in the last hour`);
    }
    const other = this.applied
      .filter((a) => a.service === step.target && a.incidentId !== r.incidentId)
      .at(-1);
    if (other && r.now - other.at < c.serviceCooldownSeconds) {
      return deny(
        `${step.target} is cooling down after an action ${Math.round(r.now - other.at)}s ago (${other.incidentId})`,
      );
    }
    return { allowed: true, dryRun: c.dryRun };
  }

  /** Counts an applied step towards rate limits and cool-downs. */
  recordApplied(service: string, at: number, incidentId = ''): void {
    this.applied.push({ at, service, incidentId });
    const cutoff = at - 24 * 3600;
    while (this.applied.length && this.applied[0].at < cutoff) this.applied.shift();
  }
}

function confidenceVerdict(c: PolicyConfig, r: GateRequest): string | null {
  if (!r.authorization || r.confidence === undefined || r.authorization.mode === 'override') return null;
  if (r.authorization.mode === 'autonomous') {
    const min = c.minConfidenceToAct ?? 0.8;
    return r.confidence > min
      ? null
      : `confidence ${r.confidence.toFixed(2)} is not above ${min} for autonomous action`;
  }
  const min = c.minConfidenceWithApproval ?? 0.5;
  return r.confidence >= min
    ? null
    : `confidence ${r.confidence.toFixed(2)} is below ${min}, even with approval`;
}

function scopeFor(
  scopes: readonly StrategyScope[],
  environment: string,
  namespace: string | undefined,
): StrategyScope | undefined {
  const matching = scopes.filter(
    (s) =>
      (s.environment === undefined || s.environment === environment) &&
      (s.namespace === undefined || s.namespace === namespace),
  );
  const specificity = (s: StrategyScope) =>
    (s.namespace !== undefined ? 2 : 0) + (s.environment !== undefined ? 1 : 0);
  return matching.sort((a, b) => specificity(b) - specificity(a))[0];
}

function describeScope(s: StrategyScope): string {
  return [s.environment && `environment ${s.environment}`, s.namespace && `namespace ${s.namespace}`]
    .filter(Boolean)
    .join(', ');
}

function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
