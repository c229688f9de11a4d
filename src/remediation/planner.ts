import type {
  Cause,
  ChangeFinding,
  Finding,
  Hypothesis,
  PlanStep,
  RemediationPlan,
  Strategy,
  Topology,
} from '../core/index.js';
import { clamp, round } from '../util/stats.js';
import { STRATEGY_SPECS, strategiesFor } from './strategies.js';
import { SuccessModel } from './success-model.js';

export interface PlanningInput {
  hypothesis: Hypothesis | null;
  confidence: number;
  blastRadius: readonly string[];
  topology: Topology | undefined;
  findings: readonly Finding[];
  incidentId: string;
}

const CRITICALITY_RISK: Record<string, number> = { critical: 0.2, high: 0.12, medium: 0.05, low: 0 };

/**
 * The remediation engine's planner: for the top hypothesis it picks the strategy that
 * treats its cause and mechanism, checks preconditions against the evidence, and states
 * predicted success, risk, duration, steps, verification and the rollback plan.
 */
export class RemediationEngine {
  constructor(readonly successModel: SuccessModel = new SuccessModel()) {}

  plan(input: PlanningInput): RemediationPlan {
    const h = input.hypothesis;
    if (!h) return nonePlan('no credible root cause');
    const options = strategiesFor(h.cause as Cause, h.mechanism);
    const rejected: { strategy: Strategy; target: string | null; reason: string }[] = [];
    let chosen: Strategy | undefined;
    let params: Record<string, unknown> = {};
    for (const strategy of options) {
      const check = preconditions(strategy, h, input.findings);
      if (check.ok) {
        chosen = strategy;
        params = check.params;
        break;
      }
      rejected.push({ strategy, target: h.service, reason: check.reason });
    }
    if (!chosen || chosen === 'none') {
      return {
        ...nonePlan(`no strategy treats ${h.cause} (${h.mechanism}) on ${h.service}`),
        alternatives: rejected,
      };
    }
    const spec = STRATEGY_SPECS[chosen];
    const node = input.topology?.services.find((s) => s.name === h.service);
    const steps: PlanStep[] = spec.steps.map((step, index) => ({
      id: `${input.incidentId}-s${index + 1}`,
      strategy: step.apply ? chosen! : 'none',
      target: h.service,
      description: step.description.replaceAll('{target}', h.service),
      estimated_duration_s: step.duration_s,
      params: step.apply ? params : { check_only: true },
    }));
    const duration = steps.reduce((sum, s) => sum + s.estimated_duration_s, 0);
    const predicted = this.successModel.predict(chosen, h.cause as Cause, h.mechanism);
    const replicas = node?.replicas ?? 1;
    const risk = clamp(
      spec.baseRisk +
        (CRITICALITY_RISK[node?.criticality ?? 'medium'] ?? 0.05) +
        0.02 * Math.max(0, input.blastRadius.length - 1) +
        (chosen === 'restart' ? 0.01 * replicas : 0) +
        0.2 * (1 - input.confidence),
    );
    const others = options.filter((s) => s !== chosen);
    const alternatives = [
      ...rejected,
      ...others.map((s) => ({
        strategy: s,
        target: h.service,
        reason: `ranked below ${chosen} for ${h.cause}`,
      })),
    ];
    return {
      strategy: chosen,
      target: h.service,
      predicted_success_rate: round(predicted, 3),
      risk_level: round(risk, 3),
      estimated_duration_s: duration,
      actions: steps.map((s) => `${s.description} (${s.estimated_duration_s}s)`),
      rollback_plan: spec.undo.map((u) => u.replaceAll('{target}', h.service)),
      steps,
      verification: {
        signals: verificationSignals(
          h.service,
          chosen,
          input.blastRadius,
          spec.verifyMetrics,
          input.findings,
        ),
        deadline_s: Math.max(180, duration + 120),
      },
      rationale: `${chosen} treats ${h.cause.replace(/_/g, ' ')} (${h.mechanism.replace(/_/g, ' ')}) on ${h.service}${rejected.length ? `; ${rejected.map((r) => `${r.strategy} not possible: ${r.reason}`).join('; ')}` : ''}`,
      alternatives,
    };
  }
}

function preconditions(
  strategy: Strategy,
  h: Hypothesis,
  findings: readonly Finding[],
): { ok: true; params: Record<string, unknown> } | { ok: false; reason: string } {
  const latest = (kinds: readonly string[]): ChangeFinding | undefined => {
    let best: ChangeFinding | undefined;
    for (const f of findings) {
      if (f.kind !== 'change' || f.service !== h.service || !kinds.includes(f.change_kind)) continue;
      if (!best || f.timestamp > best.timestamp) best = f;
    }
    return best;
  };
  if (strategy === 'rollback') {
    const deploy = latest(['deploy']);
    if (!deploy) return { ok: false, reason: 'no deploy of the service in the change history' };
    return {
      ok: true,
      params: { to_version: deploy.previous_version ?? null, from_version: deploy.version ?? null },
    };
  }
  if (strategy === 'config_revert') {
    const config = latest(['config', 'feature_flag']);
    if (!config) return { ok: false, reason: 'no config history for the service' };
    return {
      ok: true,
      params: {
        to_version: config.previous_version ?? null,
        from_version: config.version ?? null,
        change: config.description ?? null,
      },
    };
  }
  return { ok: true, params: {} };
}

function verificationSignals(
  target: string,
  strategy: Strategy,
  blastRadius: readonly string[],
  extraMetrics: readonly string[],
  findings: readonly Finding[],
): { service: string; metric: string }[] {
  const anomalous = new Set(
    findings
      .filter((f) => f.kind === 'metric_anomaly' && f.direction === 'up')
      .map((f) => `${f.service}|${f.kind === 'metric_anomaly' ? f.metric : ''}`),
  );
  const wanted = new Set<string>();
  const services =
    strategy === 'circuit_breaker' ? blastRadius.filter((s) => s !== target) : [target, ...blastRadius];
  for (const service of services) {
    for (const metric of ['error_rate', 'latency_p99', ...(service === target ? extraMetrics : [])]) {
      if (anomalous.has(`${service}|${metric}`)) wanted.add(`${service}|${metric}`);
    }
  }
  return [...wanted].map((key) => {
    const [service, metric] = key.split('|');
    return { service, metric };
  });
}

function nonePlan(reason: string): RemediationPlan {
  return {
    strategy: 'none',
    target: null,
    predicted_success_rate: 0,
    risk_level: 0,
    estimated_duration_s: 0,
    actions: ['No automated action: escalate to a human'],
    rollback_plan: [],
    steps: [],
    rationale: reason,
    alternatives: [],
  };
}
