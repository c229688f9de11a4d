import { type PlanStep, STRATEGIES, type Strategy } from '../core/index.js';

export interface PolicyConfig {
  /** Nothing is applied; every step is only planned. */
  dryRun: boolean;
  killSwitch: boolean;
  allowedStrategies: readonly Strategy[];
  maxActionsPerHour: number;
  serviceCooldownSeconds: number;
  freezeWindows: readonly { start: number; end: number; reason?: string }[];
  maxBlastRadiusReplicas: number;
}

export const DEFAULT_POLICY: PolicyConfig = {
  dryRun: true,
  killSwitch: false,
  allowedStrategies: STRATEGIES.filter((s) => s !== 'none'),
  maxActionsPerHour: 10,
  serviceCooldownSeconds: 600,
  freezeWindows: [],
  maxBlastRadiusReplicas: 10,
};

export type GateVerdict = { allowed: true; dryRun: boolean } | { allowed: false; reason: string };

/**
 * The safety gate checked before every step: kill switch, allow-list, change freezes,
 * one remediation per service at a time, cool-downs and a global hourly rate limit.
 * Denials carry the reason, for the audit log.
 */
export class PolicyGate {
  private readonly locks = new Map<string, string>();
  private readonly applied: { at: number; service: string }[] = [];

  constructor(public config: PolicyConfig = { ...DEFAULT_POLICY }) {}

  check(step: PlanStep, incidentId: string, now: number, replicas = 1): GateVerdict {
    const c = this.config;
    if (c.killSwitch) return { allowed: false, reason: 'kill switch is on' };
    if (!c.allowedStrategies.includes(step.strategy)) {
      return { allowed: false, reason: `strategy ${step.strategy} is not allowed by policy` };
    }
    const freeze = c.freezeWindows.find((w) => now >= w.start && now < w.end);
    if (freeze)
      return { allowed: false, reason: `change freeze${freeze.reason ? `: ${freeze.reason}` : ''}` };
    const holder = this.locks.get(step.target);
    if (holder && holder !== incidentId) {
      return { allowed: false, reason: `${step.target} is locked by remediation of ${holder}` };
    }
    if (replicas > c.maxBlastRadiusReplicas) {
      return {
        allowed: false,
        reason: `touches ${replicas} replicas, above the limit of ${c.maxBlastRadiusReplicas}`,
      };
    }
    const hourAgo = now - 3600;
    const recent = this.applied.filter((a) => a.at > hourAgo);
    if (recent.length >= c.maxActionsPerHour) {
      return { allowed: false, reason: `rate limit: ${recent.length} actions in the last hour` };
    }
    const last = this.applied.filter((a) => a.service === step.target).at(-1);
    if (last && now - last.at < c.serviceCooldownSeconds && !holder) {
      return {
        allowed: false,
        reason: `${step.target} is cooling down after an action ${Math.round(now - last.at)}s ago`,
      };
    }
    return { allowed: true, dryRun: c.dryRun };
  }

  /** Takes the per-service lock; false when another incident holds it. */
  lock(service: string, incidentId: string): boolean {
    const holder = this.locks.get(service);
    if (holder && holder !== incidentId) return false;
    this.locks.set(service, incidentId);
    return true;
  }

  unlock(service: string, incidentId: string): void {
    if (this.locks.get(service) === incidentId) this.locks.delete(service);
  }

  recordApplied(service: string, at: number): void {
    this.applied.push({ at, service });
    const cutoff = at - 24 * 3600;
    while (this.applied.length && this.applied[0].at < cutoff) this.applied.shift();
  }
}
