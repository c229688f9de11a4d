/**
 * The remediation engine's planner. For the top hypothesis it weighs every strategy that
 * STRATEGY_SPECS says treats the cause and mechanism: preconditions against the evidence,
 * the topology and the actuator's view of the target; predicted success (Beta posterior);
 * risk (risk.ts). It picks the best score, chains the follow-ups the table declares, and
 * states steps, durations, verification, the rollback plan and why it chose what it chose.
 */
import type {
  Actuator,
  Finding,
  Hypothesis,
  PlanAlternative,
  PlanLink,
  PlanStep,
  QueryContext,
  RemediationPlan,
  Strategy,
  Topology,
  VerificationSpec,
} from '../core/index.js';
import { round } from '../util/stats.js';
import {
  activeFreeze,
  type FreezeWindow,
  freezeStartsWithin,
  type WeeklyFreezeWindow,
} from './freeze-windows.js';
import { checkPreconditions, type PlanningFacts } from './preconditions.js';
import { assessRisk, type RiskAssessment, scoreOf } from './risk.js';
import { candidateStrategies, type FollowUp, STRATEGY_SPECS, treatmentOf } from './strategies.js';
import { SuccessModel } from './success-model.js';

export interface PlanningInput {
  hypothesis: Hypothesis | null;
  confidence: number;
  blastRadius: readonly string[];
  topology: Topology | undefined;
  findings: readonly Finding[];
  incidentId: string;
  /** The actuator's `describe()` per service (see `planWith`). */
  targetStates?: Readonly<Record<string, Record<string, unknown>>>;
  /** Non-retryable `describe()` errors per service: the actuator cannot act on it. */
  describeErrors?: Readonly<Record<string, string>>;
  /** When the plan would run (for freeze windows); default: options.now(), else no freeze check. */
  now?: number;
}

export interface RemediationEngineOptions {
  freezeWindows?: readonly FreezeWindow[];
  weeklyFreezeWindows?: readonly WeeklyFreezeWindow[];
  now?: () => number;
}

/** Tiers that name a datastore, the target of a `datastore` follow-up. */
const DATASTORE_TIERS = new Set(['database', 'datastore', 'db', 'storage']);

interface Candidate {
  strategy: Strategy;
  target: string;
  feasible: boolean;
  reason: string;
  params: Record<string, unknown>;
  unverified: string[];
  predicted: number;
  risk: RiskAssessment;
  score: number;
}

export class RemediationEngine {
  constructor(
    readonly successModel: SuccessModel = new SuccessModel(),
    readonly options: RemediationEngineOptions = {},
  ) {}

  /** `plan`, after asking the actuator to describe the target and the datastores it uses. */
  async planWith(
    input: PlanningInput,
    actuator: Actuator | undefined,
    ctx: QueryContext,
  ): Promise<RemediationPlan> {
    const h = input.hypothesis;
    if (!actuator || !h) return this.plan(input);
    const services = [h.service, ...datastoresOf(h.service, input.topology)];
    const states: Record<string, Record<string, unknown>> = { ...input.targetStates };
    const errors: Record<string, string> = { ...input.describeErrors };
    await Promise.all(
      services.map(async (service) => {
        const outcome = await actuator.describe(service, ctx).catch((e: unknown) => ({
          kind: 'error' as const,
          message: e instanceof Error ? e.message : String(e),
          retryable: true,
        }));
        if (outcome.kind === 'ok') states[service] = outcome.data;
        else if (outcome.kind === 'error' && !outcome.retryable) errors[service] = outcome.message;
      }),
    );
    return this.plan({ ...input, targetStates: states, describeErrors: errors });
  }

  plan(input: PlanningInput): RemediationPlan {
    const h = input.hypothesis;
    if (!h) return nonePlan('no credible root cause', input.confidence);
    const strategies = candidateStrategies(h.cause, h.mechanism);
    if (strategies[0] === 'none') {
      return nonePlan(`no strategy treats ${h.cause} (${h.mechanism}) on ${h.service}`, input.confidence);
    }
    const now = input.now ?? this.options.now?.();
    const candidates = strategies.map((s) => this.evaluate(s, h.service, h, input, now));
    const feasible = candidates.filter((c) => c.feasible);
    const chosen = feasible.reduce<Candidate | undefined>(
      (best, c) => (!best || c.score > best.score ? c : best),
      undefined,
    );
    const alternatives = candidates.filter((c) => c !== chosen).map((c) => alternativeOf(c, chosen));
    if (!chosen) {
      return {
        ...nonePlan(
          `no strategy treats ${h.cause} (${h.mechanism}) on ${h.service}: ${candidates.map((c) => `${c.strategy} not possible: ${c.reason}`).join('; ')}`,
          input.confidence,
        ),
        alternatives,
      };
    }

    const links: { candidate: Candidate; when: PlanLink['when']; reason: string }[] = [
      { candidate: chosen, when: 'always', reason: 'primary' },
    ];
    const skippedFollowUps: string[] = [];
    for (const followUp of followUpsOf(chosen.strategy, h.mechanism)) {
      const target = followUp.target === 'self' ? h.service : datastoresOf(h.service, input.topology)[0];
      if (!target) {
        skippedFollowUps.push(`${followUp.strategy}: no datastore of ${h.service} in the topology`);
        continue;
      }
      const c = this.evaluate(followUp.strategy, target, h, input, now);
      if (c.feasible) links.push({ candidate: c, when: followUp.when, reason: followUp.reason });
      else skippedFollowUps.push(`${followUp.strategy} on ${target} not possible: ${c.reason}`);
    }

    let n = 0;
    const steps: PlanStep[] = [];
    const chain: PlanLink[] = [];
    const actions: string[] = [];
    const primarySignals = verificationSignals(chosen.strategy, h.service, input.blastRadius, input.findings);
    links.forEach(({ candidate: c, when, reason }, index) => {
      const spec = STRATEGY_SPECS[c.strategy];
      const replicas = replicasOf(c.target, input);
      const linkSteps = spec.steps.map((s): PlanStep => {
        const apply = s.kind === 'apply';
        const params: Record<string, unknown> = apply ? { ...c.params } : { check_only: true };
        if (apply && spec.progressive && replicas > 1) params.progressive = { canary: 1, watch_s: 120 };
        const namespace = input.topology?.services.find((x) => x.name === c.target)?.namespace;
        if (apply && namespace) params.namespace = namespace;
        return {
          id: `${input.incidentId}-s${++n}`,
          strategy: c.strategy,
          target: c.target,
          description: s.description.replaceAll('{target}', c.target),
          estimated_duration_s: s.duration_s,
          params,
          kind: s.kind,
          chain_index: index,
        };
      });
      steps.push(...linkSteps);
      const prefix = when === 'if_not_recovered' ? 'If not recovered: ' : '';
      actions.push(...linkSteps.map((s) => `${prefix}${s.description} (${s.estimated_duration_s}s)`));
      const duration = linkSteps.reduce((sum, s) => sum + s.estimated_duration_s, 0);
      const own =
        index === 0
          ? primarySignals
          : verificationSignals(c.strategy, c.target, input.blastRadius, input.findings);
      chain.push({
        strategy: c.strategy,
        target: c.target,
        when,
        predicted_success_rate: round(c.predicted, 3),
        risk_level: round(c.risk.risk, 3),
        estimated_duration_s: duration,
        verification: {
          signals: uniqueSignals([...primarySignals, ...own]),
          deadline_s: Math.max(spec.verification.deadline_s, duration + 120),
        },
        reason,
      });
    });

    const always = chain.filter((l) => l.when === 'always');
    const rollbackPlan = [...links]
      .reverse()
      .flatMap(({ candidate: c }) =>
        STRATEGY_SPECS[c.strategy].undo.map((u) => u.replaceAll('{target}', c.target)),
      );
    return {
      strategy: chosen.strategy,
      target: chosen.target,
      predicted_success_rate: round(chosen.predicted, 3),
      risk_level: round(Math.max(...always.map((l) => l.risk_level)), 3),
      estimated_duration_s: always.reduce((sum, l) => sum + l.estimated_duration_s, 0),
      actions,
      rollback_plan: rollbackPlan,
      steps,
      verification: chain[0].verification,
      rationale: rationaleOf(h, chosen, candidates, chain, skippedFollowUps),
      alternatives,
      confidence: round(input.confidence, 3),
      chain,
      risk_factors: chosen.risk.factors,
      score: round(chosen.score, 3),
    };
  }

  private evaluate(
    strategy: Strategy,
    target: string,
    h: Hypothesis,
    input: PlanningInput,
    now: number | undefined,
  ): Candidate {
    const spec = STRATEGY_SPECS[strategy];
    const facts: PlanningFacts = {
      service: target,
      findings: input.findings,
      topology: input.topology,
      state: input.targetStates?.[target],
    };
    const describeError = input.describeErrors?.[target];
    const check = describeError
      ? ({ ok: false, reason: `the actuator cannot describe ${target}: ${describeError}` } as const)
      : checkPreconditions(spec, facts);
    const predicted = this.successModel.predict(strategy, h.cause, h.mechanism);
    const duration = spec.steps.reduce((sum, s) => sum + s.duration_s, 0);
    const risk = assessRisk({
      strategy,
      criticality: input.topology?.services.find((s) => s.name === target)?.criticality,
      blastRadius: input.blastRadius.length,
      replicas: replicasOf(target, input),
      confidence: input.confidence,
      freeze: freezeState(this.options, now, duration),
      unverifiedPreconditions: check.ok ? check.unverified.length : 0,
    });
    const treatment = treatmentOf(strategy, h.cause, h.mechanism);
    return {
      strategy,
      target,
      feasible: check.ok,
      reason: check.ok
        ? `${treatment?.preference === 1 ? 'treats' : 'mitigates'} ${words(h.cause)}${check.unverified.length ? ` (unverified: ${check.unverified.join('; ')})` : ''}`
        : check.reason,
      params: check.ok ? check.params : {},
      unverified: check.ok ? check.unverified : [],
      predicted,
      risk,
      score: scoreOf(predicted, risk.risk),
    };
  }
}

/** Services the target calls whose tier is a datastore, sorted. */
export function datastoresOf(service: string, topology: Topology | undefined): string[] {
  if (!topology) return [];
  const tiers = new Map(topology.services.map((s) => [s.name, s.tier]));
  const out = topology.dependencies
    .filter((d) => d.from === service && DATASTORE_TIERS.has(tiers.get(d.to) ?? ''))
    .map((d) => d.to);
  return [...new Set(out)].sort();
}

function followUpsOf(strategy: Strategy, mechanism: string): readonly FollowUp[] {
  return (STRATEGY_SPECS[strategy].followUps ?? []).filter(
    (f) => !f.mechanisms || f.mechanisms.includes(mechanism),
  );
}

function replicasOf(service: string, input: PlanningInput): number {
  const described = input.targetStates?.[service]?.replicas;
  if (typeof described === 'number') return described;
  return input.topology?.services.find((s) => s.name === service)?.replicas ?? 1;
}

function freezeState(
  options: RemediationEngineOptions,
  now: number | undefined,
  duration: number,
): 'inside' | 'soon' | 'none' {
  if (now === undefined) return 'none';
  const windows = options.freezeWindows ?? [];
  const weekly = options.weeklyFreezeWindows ?? [];
  if (activeFreeze(now, windows, weekly)) return 'inside';
  return freezeStartsWithin(now, duration + 120, windows, weekly) ? 'soon' : 'none';
}

function alternativeOf(c: Candidate, chosen: Candidate | undefined): PlanAlternative {
  const base = {
    strategy: c.strategy,
    target: c.target,
    predicted_success_rate: round(c.predicted, 3),
    risk_level: round(c.risk.risk, 3),
    feasible: c.feasible,
  };
  if (!c.feasible) return { ...base, reason: c.reason };
  return {
    ...base,
    score: round(c.score, 3),
    reason: `ranked below ${chosen?.strategy ?? 'none'}: score ${c.score.toFixed(2)} < ${chosen?.score.toFixed(2) ?? '0'} (${c.reason})`,
  };
}

function rationaleOf(
  h: Hypothesis,
  chosen: Candidate,
  candidates: readonly Candidate[],
  chain: readonly PlanLink[],
  skippedFollowUps: readonly string[],
): string {
  const parts = [
    `${chosen.strategy} ${chosen.reason} (${words(h.mechanism)}) on ${h.service}: predicted success ${chosen.predicted.toFixed(2)}, risk ${chosen.risk.risk.toFixed(2)}, score ${chosen.score.toFixed(2)}`,
  ];
  const others = candidates.filter((c) => c !== chosen);
  const better = others.filter((c) => c.feasible).map((c) => `${c.strategy} ${c.score.toFixed(2)}`);
  if (better.length) parts.push(`chosen over ${better.join(', ')}`);
  for (const c of others.filter((c) => !c.feasible)) parts.push(`${c.strategy} not possible: ${c.reason}`);
  for (const link of chain.slice(1)) {
    parts.push(
      `${link.when === 'if_not_recovered' ? 'then, if not recovered' : 'then'}: ${link.strategy} on ${link.target} (${link.reason})`,
    );
  }
  for (const skipped of skippedFollowUps) parts.push(`no follow-up ${skipped}`);
  return parts.join('; ');
}

/** Signals that deviated upwards during the incident, on the target (or its callers) and the blast radius. */
function verificationSignals(
  strategy: Strategy,
  target: string,
  blastRadius: readonly string[],
  findings: readonly Finding[],
): VerificationSpec['signals'] {
  const spec = STRATEGY_SPECS[strategy];
  const anomalous = new Set(
    findings.flatMap((f) =>
      f.kind === 'metric_anomaly' && f.direction === 'up' ? [`${f.service}|${f.metric}`] : [],
    ),
  );
  const wanted = new Set<string>();
  const services =
    spec.verification.scope === 'callers'
      ? blastRadius.filter((s) => s !== target)
      : [target, ...blastRadius];
  for (const service of services) {
    for (const metric of [
      'error_rate',
      'latency_p99',
      ...(service === target ? spec.verification.metrics : []),
    ]) {
      if (anomalous.has(`${service}|${metric}`)) wanted.add(`${service}|${metric}`);
    }
  }
  return [...wanted].map((key) => {
    const [service, metric] = key.split('|');
    return { service, metric };
  });
}

function uniqueSignals(signals: VerificationSpec['signals']): VerificationSpec['signals'] {
  const seen = new Set<string>();
  return signals.filter((s) => {
    const key = `${s.service}|${s.metric}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function words(snake: string): string {
  return snake.replace(/_/g, ' ');
}

function nonePlan(reason: string, confidence: number): RemediationPlan {
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
    confidence: round(Math.min(1, Math.max(0, confidence)), 3),
  };
}
