/**
 * A postmortem-style report of one incident, as Markdown, HTML or JSON: summary and
 * timeline, root cause with its evidence, impact and blast radius, actions and
 * verification, MTTR against the historical median, and follow-ups. Built from the stored
 * report and audit trail only, so it can be rendered long after the incident.
 */
import type { IncidentReport } from '../core/index.js';
import type { AuditEntry } from '../store/store.js';

export interface Postmortem {
  incident_id: string;
  title: string;
  summary: string;
  state: string;
  decision: string;
  timeline: { at: number; what: string }[];
  root_cause: {
    service: string;
    cause: string;
    mechanism: string;
    confidence: number;
    supporting: string[];
    contradicting: string[];
  } | null;
  alternatives: { service: string; cause: string; probability: number }[];
  impact: { alerting_service: string; blast_radius: string[]; at_risk: string[] };
  actions: { strategy: string; target: string; status: string; detail: string }[];
  verification: string | null;
  mttr_s: number | null;
  median_mttr_s: number | null;
  follow_ups: string[];
  missing_data: string[];
}

export function buildPostmortem(
  report: IncidentReport,
  audit: readonly AuditEntry[],
  medianMttrS: number | null,
): Postmortem {
  const top = report.hypotheses[0];
  const timeline = [
    {
      at: report.alert.timestamp,
      what: `alert: ${report.alert.severity} on ${report.alert.service}: ${report.alert.message}`,
    },
    ...report.state_history.map((s) => ({ at: s.at, what: `${s.from ?? 'opened'} → ${s.to}: ${s.reason}` })),
    ...audit
      .filter((e) =>
        ['approved', 'rejected', 'overridden', 'taken_over', 'alerts_resolved'].includes(e.action),
      )
      .map((e) => ({ at: e.at, what: `${e.action} by ${e.actor}` })),
  ].sort((a, b) => a.at - b.at);
  const rc = report.root_cause;
  return {
    incident_id: report.incident_id,
    title: rc
      ? `${rc.cause.replace(/_/g, ' ')} on ${rc.service}`
      : `${report.alert.severity} alert on ${report.alert.service}`,
    summary: report.summary,
    state: report.state,
    decision: report.decision,
    timeline,
    root_cause:
      rc && top
        ? {
            service: rc.service,
            cause: rc.cause,
            mechanism: rc.mechanism,
            confidence: rc.confidence,
            supporting: top.evidence.filter((e) => e.supports).map((e) => e.summary),
            contradicting: top.evidence.filter((e) => !e.supports).map((e) => e.summary),
          }
        : null,
    alternatives: report.hypotheses
      .slice(1, 4)
      .map((h) => ({ service: h.service, cause: h.cause, probability: h.probability })),
    impact: {
      alerting_service: report.alert.service,
      blast_radius: report.blast_radius,
      at_risk: report.at_risk,
    },
    actions: report.actions.map((a) => ({
      strategy: a.strategy,
      target: a.target,
      status: a.status,
      detail: a.detail,
    })),
    verification: report.verification
      ? `${report.verification.outcome}: ${report.verification.detail}`
      : null,
    mttr_s: report.mttr_s,
    median_mttr_s: medianMttrS,
    follow_ups: followUps(report),
    missing_data: report.missing_data,
  };
}

function followUps(report: IncidentReport): string[] {
  const out: string[] = [];
  const rc = report.root_cause;
  if (!rc) out.push('Find the root cause: afr could not name one with enough confidence.');
  if (rc?.cause === 'deployment_regression')
    out.push(
      `Find and fix the defect in the ${rc.service} release that was rolled back; add a test that catches it.`,
    );
  if (rc?.cause === 'config_change')
    out.push(
      `Review the ${rc.service} config change and add validation (limits, pool sizes) to the deploy pipeline.`,
    );
  if (rc?.cause === 'resource_exhaustion')
    out.push(`Right-size ${rc.service} (limits, pool, disk) and alert on saturation before exhaustion.`);
  if (rc?.cause === 'traffic_surge')
    out.push('Review autoscaling bounds and load shedding for the surge pattern.');
  if (rc?.cause === 'dependency_failure')
    out.push(`Add timeouts, retries with budgets and a circuit breaker towards ${rc.service}.`);
  if (rc?.cause === 'infrastructure_failure')
    out.push(`Check the host or zone that ${rc.service} ran on; confirm failover works.`);
  if (report.state === 'escalated')
    out.push('A human closed this incident: record the real root cause so afr learns from it.');
  if (report.actions.some((a) => a.status === 'undone'))
    out.push('An action was undone after verification failed: review why the strategy did not fit.');
  if (report.missing_data.length)
    out.push(`Restore the missing data sources (${report.missing_data.length}) that lowered confidence.`);
  return out;
}

const time = (t: number) => new Date(t * 1000).toISOString().replace('T', ' ').slice(0, 19);
const duration = (s: number | null) =>
  s === null ? 'n/a' : s < 120 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1)} min`;

export function renderPostmortemMarkdown(p: Postmortem): string {
  const lines = [
    `# Postmortem: ${p.title} (${p.incident_id})`,
    '',
    `**State:** ${p.state} · **Decision:** ${p.decision} · **MTTR:** ${duration(p.mttr_s)} (historical median ${duration(p.median_mttr_s)})`,
    '',
    '## Summary',
    p.summary,
    '',
    '## Timeline (UTC)',
    ...p.timeline.map((t) => `- ${time(t.at)} — ${t.what}`),
    '',
    '## Root cause',
  ];
  if (p.root_cause) {
    const rc = p.root_cause;
    lines.push(
      `${rc.cause.replace(/_/g, ' ')} on **${rc.service}** (${rc.mechanism.replace(/_/g, ' ')}), confidence ${rc.confidence.toFixed(2)}.`,
      '',
      'Evidence for:',
      ...(rc.supporting.length ? rc.supporting.map((e) => `- ${e}`) : ['- none recorded']),
      '',
      'Evidence against:',
      ...(rc.contradicting.length ? rc.contradicting.map((e) => `- ${e}`) : ['- none recorded']),
    );
  } else lines.push('Not determined.');
  if (p.alternatives.length) {
    lines.push(
      '',
      'Alternatives considered:',
      ...p.alternatives.map((a) => `- ${a.cause} on ${a.service} (${(a.probability * 100).toFixed(0)}%)`),
    );
  }
  lines.push(
    '',
    '## Impact',
    `- Alerting service: ${p.impact.alerting_service}`,
    `- Blast radius: ${p.impact.blast_radius.join(', ') || 'none'}`,
    `- At risk next: ${p.impact.at_risk.join(', ') || 'none'}`,
    '',
    '## Actions and verification',
    ...(p.actions.length
      ? p.actions.map((a) => `- ${a.strategy} on ${a.target}: ${a.status}${a.detail ? ` (${a.detail})` : ''}`)
      : ['- no action taken']),
    `- Verification: ${p.verification ?? 'not run'}`,
    '',
    '## Follow-ups',
    ...(p.follow_ups.length ? p.follow_ups.map((f) => `- [ ] ${f}`) : ['- none']),
  );
  if (p.missing_data.length) lines.push('', '## Missing data', ...p.missing_data.map((m) => `- ${m}`));
  return `${lines.join('\n')}\n`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A standalone HTML page (inline styles, no scripts) of the same report. */
export function renderPostmortemHtml(p: Postmortem): string {
  const md = renderPostmortemMarkdown(p).split('\n');
  const body: string[] = [];
  let list = false;
  for (const raw of md) {
    const line = escapeHtml(raw).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
    if (line.startsWith('- ')) {
      if (!list) body.push('<ul>');
      list = true;
      body.push(`<li>${line.slice(2).replace(/^\[ \] /, '☐ ')}</li>`);
      continue;
    }
    if (list) body.push('</ul>');
    list = false;
    if (line.startsWith('# ')) body.push(`<h1>${line.slice(2)}</h1>`);
    else if (line.startsWith('## ')) body.push(`<h2>${line.slice(3)}</h2>`);
    else if (line.trim()) body.push(`<p>${line}</p>`);
  }
  if (list) body.push('</ul>');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`Postmortem ${p.incident_id}`)}</title>
<meta name="color-scheme" content="light dark">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.6rem}li{margin:.2rem 0}</style>
</head><body>
${body.join('\n')}
</body></html>
`;
}
