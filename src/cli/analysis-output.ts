import type { IncidentReport } from '../core/index.js';
import { round } from '../util/stats.js';

/**
 * The `afr analyze --json` document (spec: "Analysis output"). Spec fields come first and
 * exactly as specified; a few extra fields follow, which readers ignore.
 */
export function toAnalysisOutput(report: IncidentReport): Record<string, unknown> {
  const plan = report.remediation_plan;
  return {
    incident_id: report.incident_id,
    decision: report.decision,
    root_cause: report.root_cause,
    hypotheses: report.hypotheses.map((h) => ({
      rank: h.rank,
      service: h.service,
      cause: h.cause,
      mechanism: h.mechanism,
      probability: h.probability,
      confidence: h.confidence,
      evidence: h.evidence.map((e) => ({
        agent: e.agent,
        supports: e.supports,
        weight: e.weight,
        summary: e.summary,
      })),
    })),
    blast_radius: report.blast_radius,
    remediation_plan: plan
      ? {
          strategy: plan.strategy,
          target: plan.target,
          predicted_success_rate: plan.predicted_success_rate,
          risk_level: plan.risk_level,
          estimated_duration_s: plan.estimated_duration_s,
          actions: plan.actions,
          rollback_plan: plan.rollback_plan,
          rationale: plan.rationale,
        }
      : null,
    timings_ms: Object.fromEntries(
      ['detect', 'plan', 'investigate', 'decide', 'act', 'report']
        .filter((p) => report.timings_ms[p] !== undefined)
        .map((p) => [p, round(report.timings_ms[p], 2)]),
    ),
    decision_reason: report.decision_reason,
    at_risk: report.at_risk,
    missing_data: report.missing_data,
  };
}
