import type { IncidentReport } from '../core/index.js';
import type { IncidentSummary } from './store.js';

export type SummaryColumns = Pick<
  IncidentSummary,
  'root_cause_service' | 'cause' | 'confidence' | 'decision' | 'mttr_s'
>;

/** The report's headline, kept next to the incident so that listings need not read reports. */
export function summaryColumns(report: IncidentReport): SummaryColumns {
  return {
    root_cause_service: report.root_cause?.service ?? null,
    cause: report.root_cause?.cause ?? null,
    confidence: report.root_cause?.confidence ?? null,
    decision: report.decision ?? null,
    mttr_s: report.mttr_s ?? null,
  };
}
