import type { IncidentReport } from '../../core/index.js';
import { formatDuration, toIso } from '../../core/index.js';

const PHASE_LABELS: Record<string, string> = {
  detect: 'DETECT',
  plan: 'PLAN',
  investigate: 'INVESTIGATE',
  decide: 'DECIDE',
  act: 'ACT',
  report: 'REPORT',
};

function pct(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** A human-readable account of one incident, as `afr demo` and `afr analyze` print it. */
export function renderReport(report: IncidentReport, options: { maxHypotheses?: number } = {}): string {
  const lines: string[] = [];
  const a = report.alert;
  lines.push(`━━ ${report.incident_id} ━━ [${a.severity}] ${a.service}: ${a.message}`);
  lines.push(`   alert at ${toIso(a.timestamp)}  (priority P${report.priority})`);
  lines.push('   phases:');
  for (const p of report.phases) {
    lines.push(
      `     ${PHASE_LABELS[p.phase].padEnd(12)} ${p.duration_ms.toFixed(1).padStart(8)} ms  ${p.status === 'ok' ? '' : `[${p.status}] `}${p.detail}`,
    );
  }
  lines.push('   hypotheses:');
  for (const h of report.hypotheses.slice(0, options.maxHypotheses ?? 3)) {
    lines.push(
      `     #${h.rank} ${h.service} — ${h.cause} (${h.mechanism})  probability ${pct(h.probability)}  confidence ${pct(h.confidence)}`,
    );
    for (const e of h.evidence.slice(0, 4)) {
      lines.push(`        ${e.supports ? '+' : '-'} [${e.agent}] ${e.summary} (${e.weight.toFixed(2)})`);
    }
  }
  if (report.missing_data.length) lines.push(`   missing data: ${report.missing_data.join('; ')}`);
  lines.push(`   decision: ${report.decision.toUpperCase()} — ${report.decision_reason}`);
  const plan = report.remediation_plan;
  if (plan && plan.strategy !== 'none') {
    lines.push(
      `   plan: ${plan.strategy} on ${plan.target}  predicted success ${pct(plan.predicted_success_rate)}  risk ${plan.risk_level.toFixed(2)}  ~${formatDuration(plan.estimated_duration_s)}`,
    );
    lines.push(`     why: ${plan.rationale}`);
    for (const step of plan.actions) lines.push(`     • ${step}`);
    for (const step of plan.rollback_plan) lines.push(`     ↩ ${step}`);
  }
  for (const action of report.actions) {
    lines.push(
      `   action: ${action.strategy} ${action.target} → ${action.status}${action.detail ? `: ${action.detail}` : ''}${action.reason ? ` (${action.reason})` : ''}`,
    );
  }
  if (report.verification) {
    lines.push(`   verification: ${report.verification.outcome} — ${report.verification.detail}`);
  }
  lines.push(
    `   state: ${report.state}   MTTR: ${report.mttr_s !== null ? formatDuration(report.mttr_s) : '—'}   alert→decision: ${report.alert_to_decision_ms.toFixed(1)} ms (wall clock)`,
  );
  lines.push('');
  return `${lines.join('\n')}\n`;
}
