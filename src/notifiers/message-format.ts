/**
 * One wording for every channel: the title, the one-line summary, the labelled fields
 * (severity, service, root cause, confidence, decision), the plan and the details that
 * Slack, Teams, PagerDuty, Opsgenie, Splunk On-Call and webhooks all render from.
 */
import type { NotificationEvent, NotificationKind } from '../core/ports.js';
import type { RemediationPlan } from '../core/remediation-plan.js';
import { severityOf } from './notification-severity.js';

export interface MessageField {
  label: string;
  value: string;
}

export interface PlanSummary {
  /** "rollback payment-service: 85% predicted success, risk 0.20, ~120 s". */
  headline: string;
  /** Human-readable steps, in order. */
  steps: string[];
  rollback: string[];
}

export interface NotificationMessage {
  kind: NotificationKind;
  kindLabel: string;
  /** "Approval requested: [critical] payment-service: approve". */
  title: string;
  /** One line a pager or a chat preview can show. */
  summary: string;
  fields: MessageField[];
  plan: PlanSummary | undefined;
  /** Why, what was done, how it was verified: one line each. */
  details: string[];
  /** The event's own text, word for word. */
  text: string;
  /** Where a human can see (and approve) the incident, when configured. */
  link: string | undefined;
  /** The audit chain head at send time as `SEQ:HASH`, what `afr audit verify --head` takes. */
  auditHead: string | undefined;
}

export interface FormatOptions {
  /** URL template with `{incident_id}`, e.g. `https://afr.example.com/incidents/{incident_id}`. */
  incidentUrl?: string;
}

export const KIND_LABELS: Record<NotificationKind, string> = {
  incident_opened: 'Incident opened',
  approval_requested: 'Approval requested',
  escalated: 'Escalated to on-call',
  action_taken: 'Action taken',
  resolved: 'Resolved',
  observed: 'Observing',
};

export function formatNotification(
  event: NotificationEvent,
  options: FormatOptions = {},
): NotificationMessage {
  const kindLabel = KIND_LABELS[event.kind];
  const headline = event.title.trim() || `[${event.severity}] ${event.service}`;
  return {
    kind: event.kind,
    kindLabel,
    title: `${kindLabel}: ${headline}`,
    summary: `${kindLabel}: ${event.service}: ${summaryCore(event)}`,
    fields: fieldsOf(event),
    plan: event.report?.remediation_plan ? planSummary(event.report.remediation_plan) : undefined,
    details: detailsOf(event),
    text: event.text,
    link: options.incidentUrl ? incidentLink(options.incidentUrl, event.incident_id) : undefined,
    auditHead: event.audit_head ? auditHeadText(event.audit_head) : undefined,
  };
}

/** `42:9f86d0…` with the whole hash: a shortened one could not be checked. */
export function auditHeadText(head: { seq: number; hash: string }): string {
  return `${head.seq}:${head.hash}`;
}

/** The whole message as plain text, for fallbacks and text-only channels. */
export function plainText(message: NotificationMessage): string {
  const lines = [message.title, message.summary, ''];
  for (const field of message.fields) lines.push(`${field.label}: ${field.value}`);
  if (message.plan) {
    lines.push('', `Plan: ${message.plan.headline}`);
    lines.push(...message.plan.steps.map((step, index) => `  ${index + 1}. ${step}`));
  }
  if (message.details.length > 0) lines.push('', ...message.details);
  if (message.text.trim() && message.text.trim() !== message.summary) lines.push('', message.text.trim());
  if (message.link) lines.push('', message.link);
  if (message.auditHead) lines.push('', `Audit head: ${message.auditHead}`);
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function incidentLink(template: string, incidentId: string): string {
  return template.replaceAll('{incident_id}', encodeURIComponent(incidentId));
}

/** Cuts `text` to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** "config change on payment-service (connection pool exhaustion)", or the hypothesis' own sentence. */
export function rootCauseText(event: NotificationEvent): string | undefined {
  const report = event.report;
  const cause = report?.root_cause;
  if (!report || !cause) return undefined;
  const top = report.hypotheses.find((h) => h.service === cause.service && h.cause === cause.cause);
  if (top?.statement) return top.statement;
  return `${words(cause.cause)} on ${cause.service} (${words(cause.mechanism)})`;
}

function summaryCore(event: NotificationEvent): string {
  const action = event.action;
  if (event.kind === 'action_taken' && action) {
    return `${words(action.strategy)} ${action.target}: ${action.status}`;
  }
  const verification = event.verification ?? event.report?.verification ?? undefined;
  if (event.kind === 'resolved' && verification) return `verification ${words(verification.outcome)}`;
  const cause = rootCauseText(event);
  const report = event.report;
  if (cause && report?.root_cause) {
    return `${cause}, ${percent(report.root_cause.confidence)} confidence; decision: ${report.decision}`;
  }
  return firstLine(event.text) || event.title || 'no details';
}

function fieldsOf(event: NotificationEvent): MessageField[] {
  const fields: MessageField[] = [
    { label: 'Severity', value: severityOf(event.severity).toUpperCase() },
    { label: 'Service', value: event.service },
  ];
  const report = event.report;
  if (report) {
    fields.push({ label: 'Root cause', value: rootCauseText(event) ?? 'not identified' });
    if (report.root_cause) fields.push({ label: 'Confidence', value: percent(report.root_cause.confidence) });
    fields.push({ label: 'Decision', value: report.decision });
  }
  fields.push({ label: 'Incident', value: event.incident_id });
  return fields;
}

function planSummary(plan: RemediationPlan): PlanSummary {
  const target = plan.target ? ` ${plan.target}` : '';
  const headline =
    `${words(plan.strategy)}${target}: ${percent(plan.predicted_success_rate)} predicted success, ` +
    `risk ${plan.risk_level.toFixed(2)}, ~${Math.round(plan.estimated_duration_s)} s`;
  const steps = plan.actions.length > 0 ? plan.actions : plan.steps.map((step) => step.description);
  return { headline, steps, rollback: plan.rollback_plan };
}

function detailsOf(event: NotificationEvent): string[] {
  const details: string[] = [];
  const report = event.report;
  if (report?.decision_reason) details.push(`Why: ${report.decision_reason}`);
  const action = event.action;
  if (action) {
    const detail = action.detail || action.reason;
    details.push(
      `Action: ${words(action.strategy)} ${action.target}: ${action.status}${detail ? ` (${detail})` : ''}`,
    );
  }
  const verification = event.verification ?? report?.verification ?? undefined;
  if (verification) details.push(`Verification: ${words(verification.outcome)}: ${verification.detail}`);
  if (report && report.blast_radius.length > 0)
    details.push(`Blast radius: ${report.blast_radius.join(', ')}`);
  if (report && report.missing_data.length > 0)
    details.push(`Missing data: ${report.missing_data.join(', ')}`);
  return details;
}

function words(snake: string): string {
  return snake.replaceAll('_', ' ');
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}
