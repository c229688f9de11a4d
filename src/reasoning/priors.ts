import type { Cause } from '../core/index.js';

/**
 * Prior beliefs: the base rate of each cause among real incidents, and how often an alert
 * is a false alarm. Defaults follow published incident studies loosely (changes cause most
 * outages); `fromHistory` smooths observed counts with a Dirichlet prior so a handful of
 * incidents cannot swing them to extremes.
 */
export interface CausePriors {
  cause: Record<Cause, number>;
  /** Prior probability that an alert has no root cause worth acting on. */
  none: number;
}

export const DEFAULT_PRIORS: CausePriors = {
  cause: {
    deployment_regression: 0.3,
    config_change: 0.15,
    traffic_surge: 0.1,
    resource_exhaustion: 0.15,
    dependency_failure: 0.15,
    infrastructure_failure: 0.1,
    unknown: 0.05,
  },
  none: 0.2,
};

/** Dirichlet-smoothed base rates: (count + alpha * default) / (total + alpha). */
export function priorsFromHistory(
  counts: Partial<Record<Cause, number>>,
  falseAlarms: number,
  total: number,
  alpha = 20,
  defaults: CausePriors = DEFAULT_PRIORS,
): CausePriors {
  const faults = Math.max(0, total - falseAlarms);
  const cause = { ...defaults.cause };
  for (const key of Object.keys(cause) as Cause[]) {
    cause[key] = ((counts[key] ?? 0) + alpha * defaults.cause[key]) / (faults + alpha);
  }
  return { cause, none: (falseAlarms + alpha * defaults.none) / (total + alpha) };
}
