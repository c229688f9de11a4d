/**
 * The postmortem that travels with a `resolved` notification: built from the report the
 * event carries (src/reports/postmortem.ts; the human decisions are in its state history),
 * as a few summary lines for a chat or pager view, the full Markdown report, and, when
 * `public_url` is configured, the links to the report API endpoint
 * (`GET /api/v1/incidents/<id>/report?format=html|md`).
 */
import type { NotificationEvent } from '../core/ports.js';
import { buildPostmortem, type Postmortem, renderPostmortemMarkdown } from '../reports/postmortem.js';

export interface PostmortemAttachment {
  postmortem: Postmortem;
  /** "config change on order-service (INC-42)". */
  title: string;
  /** One line each: root cause, MTTR, actions, verification, follow-ups. */
  summary: string[];
  markdown: string;
  /** The report endpoint, as HTML and Markdown; undefined without public_url. */
  links: { html: string; markdown: string } | undefined;
}

/** The postmortem for a `resolved` event that carries its report; undefined for any other event. */
export function postmortemAttachment(
  event: NotificationEvent,
  publicUrl: string | undefined,
): PostmortemAttachment | undefined {
  if (event.kind !== 'resolved' || !event.report) return undefined;
  const postmortem = buildPostmortem(event.report, [], null);
  return {
    postmortem,
    title: `${postmortem.title} (${postmortem.incident_id})`,
    summary: summaryLines(postmortem),
    markdown: renderPostmortemMarkdown(postmortem),
    links: publicUrl
      ? {
          html: reportUrl(publicUrl, event.incident_id, 'html'),
          markdown: reportUrl(publicUrl, event.incident_id, 'md'),
        }
      : undefined,
  };
}

/** `<public_url>/api/v1/incidents/<id>/report?format=<format>` (a trailing slash on public_url is fine). */
export function reportUrl(publicUrl: string, incidentId: string, format: 'md' | 'html' | 'json'): string {
  const base = publicUrl.replace(/\/+$/, '');
  return `${base}/api/v1/incidents/${encodeURIComponent(incidentId)}/report?format=${format}`;
}

/** The UI's page of an incident: `<public_url>/#/incidents/{incident_id}` (a template for incident_url). */
export function uiIncidentUrlTemplate(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/#/incidents/{incident_id}`;
}

function summaryLines(p: Postmortem): string[] {
  const lines: string[] = [];
  const rc = p.root_cause;
  lines.push(
    rc
      ? `Root cause: ${words(rc.cause)} on ${rc.service} (${words(rc.mechanism)}), confidence ${rc.confidence.toFixed(2)}`
      : 'Root cause: not determined',
  );
  const median = p.median_mttr_s === null ? '' : ` (historical median ${duration(p.median_mttr_s)})`;
  lines.push(`MTTR: ${duration(p.mttr_s)}${median}`);
  lines.push(
    `Actions: ${p.actions.length ? p.actions.map((a) => `${words(a.strategy)} ${a.target}: ${a.status}`).join('; ') : 'none'}`,
  );
  lines.push(`Verification: ${p.verification ?? 'not run'}`);
  if (p.follow_ups.length) lines.push(`Follow-ups: ${p.follow_ups.join(' ')}`);
  return lines;
}

function duration(s: number | null): string {
  if (s === null) return 'n/a';
  return s < 120 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1)} min`;
}

function words(snake: string): string {
  return snake.replaceAll('_', ' ');
}
