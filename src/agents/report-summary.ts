import type { IncidentReport } from '../core/index.js';
import { formatDuration } from '../core/index.js';

/** One paragraph a human reads first. */
export function summarise(report: IncidentReport): string {
  const rc = report.root_cause;
  const head = rc
    ? `Root cause: ${rc.cause.replace(/_/g, ' ')} on ${rc.service} (${rc.mechanism.replace(/_/g, ' ')}), probability ${rc.probability.toFixed(2)}, confidence ${rc.confidence.toFixed(2)}.`
    : 'No credible root cause.';
  const plan = report.remediation_plan;
  const action = plan && plan.strategy !== 'none' ? ` Plan: ${plan.strategy} on ${plan.target}.` : '';
  const outcome = report.verification ? ` Verification: ${report.verification.outcome}.` : '';
  const mttr = report.mttr_s !== null ? ` MTTR ${formatDuration(report.mttr_s)}.` : '';
  return `${head} Decision: ${report.decision} (${report.decision_reason}).${action}${outcome}${mttr} State: ${report.state}.`;
}
