/**
 * The risk of a remediation, in 0..1: the sum of named terms, clamped.
 *
 * - class: the strategy's action class (STRATEGY_CLASS_RISK: capacity 0.10 < reversible
 *   config 0.15 < redeploy 0.20 < isolation 0.25 < restart 0.30 < traffic 0.40 < failover 0.45);
 * - criticality of the target: critical 0.20, high 0.12, medium 0.05, low 0;
 * - blast_radius: 0.02 per impacted service beyond the first, at most 0.15;
 * - replicas: 0.01 per replica touched, at most 0.20, for strategies that replace pods;
 * - freeze: 0.30 inside a change freeze, 0.15 when one starts before the plan would end;
 * - confidence: 0.20 × (1 − confidence in the root cause);
 * - unverified: 0.03 per precondition that could not be verified.
 */
import type { Strategy } from '../core/index.js';
import { clamp } from '../util/stats.js';
import { baseRiskOf, STRATEGY_SPECS } from './strategies.js';

export const CRITICALITY_RISK: Record<string, number> = { critical: 0.2, high: 0.12, medium: 0.05, low: 0 };

export interface RiskInput {
  strategy: Strategy;
  criticality: string | undefined;
  /** Services impacted by the incident. */
  blastRadius: number;
  /** Replicas of the target. */
  replicas: number;
  confidence: number;
  freeze: 'inside' | 'soon' | 'none';
  unverifiedPreconditions: number;
}

export interface RiskAssessment {
  risk: number;
  factors: Record<string, number>;
}

export function assessRisk(input: RiskInput): RiskAssessment {
  const factors: Record<string, number> = {
    class: baseRiskOf(input.strategy),
    criticality: CRITICALITY_RISK[input.criticality ?? 'medium'] ?? CRITICALITY_RISK.medium,
    blast_radius: Math.min(0.15, 0.02 * Math.max(0, input.blastRadius - 1)),
    replicas: STRATEGY_SPECS[input.strategy].touchesReplicas
      ? Math.min(0.2, 0.01 * Math.max(0, input.replicas))
      : 0,
    freeze: input.freeze === 'inside' ? 0.3 : input.freeze === 'soon' ? 0.15 : 0,
    confidence: 0.2 * (1 - clamp(input.confidence)),
    unverified: 0.03 * input.unverifiedPreconditions,
  };
  const sum = Object.values(factors).reduce((a, b) => a + b, 0);
  return {
    risk: clamp(sum),
    factors: Object.fromEntries(Object.entries(factors).map(([k, v]) => [k, round3(v)])),
  };
}

/** How the planner ranks feasible strategies: predicted success, discounted by half the risk. */
export function scoreOf(predictedSuccess: number, risk: number): number {
  return predictedSuccess * (1 - risk / 2);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
