/**
 * Predicted success of a strategy for a (cause, mechanism): the mean of a Beta posterior,
 * one per (strategy, cause, mechanism), updated with the outcomes afr observed.
 *
 * Default prior (before any history), documented here and in the README:
 *
 *   p0 = reliability(strategy) × fit(preference)      (clamped to 0.02..0.98)
 *   Beta(α0, β0) = Beta(PRIOR_STRENGTH × p0, PRIOR_STRENGTH × (1 − p0)),  PRIOR_STRENGTH = 10
 *
 * - `reliability` is the strategy's success rate as a first choice, from STRATEGY_SPECS
 *   (rollback 0.85, config_revert 0.85, circuit_breaker 0.80, scale_up 0.75, failover 0.75,
 *   shed_load 0.70, restart 0.60; `none` 0.5): conservative figures in line with the seed's
 *   example (rollback 0.85).
 * - `fit` discounts a fallback that treats the symptoms rather than the cause:
 *   preference 1 → 1.0, 2 → 0.5, 3 → 0.35; a strategy that does not treat the cause at
 *   all gets 0.05.
 * - PRIOR_STRENGTH = 10 pseudo-observations: ten real outcomes weigh as much as the prior,
 *   so history takes over quickly but one failure does not.
 *
 * Posterior mean after s successes and f failures: (α0 + s) / (α0 + β0 + s + f).
 */
import type { Cause, Strategy } from '../core/index.js';
import { STRATEGY_SPECS, treatmentOf } from './strategies.js';

export const PRIOR_STRENGTH = 10;
export const PREFERENCE_FIT: Record<1 | 2 | 3, number> = { 1: 1, 2: 0.5, 3: 0.35 };
const UNTREATED_FIT = 0.05;

export interface OutcomeCounts {
  successes: number;
  failures: number;
}

export interface BetaPosterior {
  alpha: number;
  beta: number;
  mean: number;
  /** Outcomes observed for this (strategy, cause, mechanism). */
  observations: number;
}

/** The documented default prior for (strategy, cause, mechanism). */
export function defaultPrior(
  strategy: Strategy,
  cause: Cause,
  mechanism: string,
): { alpha: number; beta: number } {
  const treatment = treatmentOf(strategy, cause, mechanism);
  const fit = treatment ? PREFERENCE_FIT[treatment.preference] : UNTREATED_FIT;
  const p0 = Math.min(0.98, Math.max(0.02, STRATEGY_SPECS[strategy].reliability * fit));
  return { alpha: PRIOR_STRENGTH * p0, beta: PRIOR_STRENGTH * (1 - p0) };
}

export class SuccessModel {
  private readonly counts = new Map<string, OutcomeCounts>();

  record(strategy: Strategy, cause: Cause, mechanism: string, success: boolean): void {
    const key = successKey(strategy, cause, mechanism);
    const current = this.counts.get(key) ?? { successes: 0, failures: 0 };
    if (success) current.successes++;
    else current.failures++;
    this.counts.set(key, current);
  }

  /** Counts keyed by `successKey`, e.g. from the store's history; copied. */
  load(entries: Iterable<[string, OutcomeCounts]>): void {
    for (const [key, counts] of entries) this.counts.set(key, { ...counts });
  }

  posterior(strategy: Strategy, cause: Cause, mechanism: string): BetaPosterior {
    const prior = defaultPrior(strategy, cause, mechanism);
    const c = this.counts.get(successKey(strategy, cause, mechanism)) ?? { successes: 0, failures: 0 };
    const alpha = prior.alpha + c.successes;
    const beta = prior.beta + c.failures;
    return { alpha, beta, mean: alpha / (alpha + beta), observations: c.successes + c.failures };
  }

  predict(strategy: Strategy, cause: Cause, mechanism: string): number {
    return this.posterior(strategy, cause, mechanism).mean;
  }
}

export function successKey(strategy: Strategy, cause: Cause, mechanism: string): string {
  return `${strategy}|${cause}|${mechanism}`;
}
