/** Loads an incident's postmortem from a store and renders it in the asked format. */
import type { Store } from '../store/store.js';
import { buildPostmortem, renderPostmortemHtml, renderPostmortemMarkdown } from './postmortem.js';

export const REPORT_FORMATS = ['md', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
};

/** The rendered report, or undefined when the incident has no report yet. */
export async function renderIncidentPostmortem(
  store: Store,
  id: string,
  format: ReportFormat,
): Promise<string | undefined> {
  const report = await store.getReport(id);
  if (!report) return undefined;
  const [audit, incidents] = await Promise.all([store.listAudit({ incident_id: id }), store.listIncidents()]);
  const mttrs = incidents.flatMap((i) => (i.mttr_s === null ? [] : [i.mttr_s])).sort((a, b) => a - b);
  const median = mttrs.length ? (mttrs[Math.floor((mttrs.length - 1) / 2)] ?? null) : null;
  const postmortem = buildPostmortem(report, audit, median);
  if (format === 'json') return `${JSON.stringify(postmortem, null, 2)}\n`;
  return format === 'html' ? renderPostmortemHtml(postmortem) : renderPostmortemMarkdown(postmortem);
}
