/**
 * Fills a store with many incidents for the web UI benchmark: copies of one real incident
 * (its record and report, as the Commander saved them) under new ids, with services,
 * severities, states, decisions and opening times varied, so the list renders rows of
 * every kind (badges, meters, MTTR) as it would after a busy month.
 */
import type { IncidentState, Severity } from '../../src/core/index.js';
import type { Store } from '../../src/store/store.js';

const SERVICES = ['checkout', 'cart', 'payment-service', 'order-service', 'search', 'user-service'];
const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];
const ENDINGS: { state: IncidentState; decision: 'act' | 'approve' | 'escalate' | 'observe' }[] = [
  { state: 'resolved', decision: 'act' },
  { state: 'resolved', decision: 'approve' },
  { state: 'escalated', decision: 'escalate' },
  { state: 'resolved', decision: 'observe' },
];

/** Adds `count` copies of incident `templateId` (which must have a report); returns their ids. */
export async function seedIncidents(store: Store, templateId: string, count: number): Promise<string[]> {
  const record = await store.getIncident(templateId);
  const report = await store.getReport(templateId);
  if (!record || !report) throw new Error(`seedIncidents: incident ${templateId} has no record or report`);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `INC-bench-${String(i + 1).padStart(5, '0')}`;
    const service = SERVICES[i % SERVICES.length];
    const severity = SEVERITIES[i % SEVERITIES.length];
    const ending = ENDINGS[i % ENDINGS.length];
    const opened = record.created_at - (i + 1) * 1800;
    await store.createIncident({
      ...record,
      id,
      service,
      severity,
      state: ending.state,
      created_at: opened,
      updated_at: opened + 300,
      alert: { ...record.alert, id: `ALERT-bench-${i + 1}`, service, severity },
    });
    await store.saveReport({
      ...report,
      incident_id: id,
      state: ending.state,
      decision: ending.decision,
      mttr_s: ending.state === 'resolved' ? 120 + (i % 17) * 30 : null,
      alert: { ...report.alert, id: `ALERT-bench-${i + 1}`, service, severity, timestamp: opened },
    });
    ids.push(id);
  }
  return ids;
}
