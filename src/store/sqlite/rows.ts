/** Row shapes of the SQLite tables and their conversion to domain objects. */
import type { Alert, IncidentState, Severity } from '../../core/index.js';
import type { AuditEntry, IncidentSummary, StateHistoryEntry } from '../store.js';
import { CorruptRecordError } from '../store-errors.js';

export interface IncidentRow {
  id: string;
  alert: string;
  service: string;
  severity: string;
  priority: number;
  state: string;
  created_at: number;
  updated_at: number;
  root_cause_service: string | null;
  cause: string | null;
  confidence: number | null;
  decision: string | null;
  mttr_s: number | null;
}

export interface StateHistoryRow {
  from_state: string | null;
  to_state: string;
  reason: string;
  at: number;
}

export interface AuditRow {
  seq: number;
  incident_id: string | null;
  actor: string;
  action: string;
  detail: string;
  at: number;
  prev_hash: string;
  hash: string;
}

/** Parses a JSON column, naming the table, row and column when the text is corrupt. */
export function parseJsonColumn<T>(where: string, text: string | null): T {
  if (text === null) return null as T;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new CorruptRecordError(
      where,
      `invalid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

export function incidentFromRow(row: IncidentRow): IncidentSummary {
  return {
    id: row.id,
    alert: parseJsonColumn<Alert>(`incidents[${row.id}].alert`, row.alert),
    service: row.service,
    severity: row.severity as Severity,
    priority: row.priority,
    state: row.state as IncidentState,
    created_at: row.created_at,
    updated_at: row.updated_at,
    root_cause_service: row.root_cause_service,
    cause: row.cause,
    confidence: row.confidence,
    decision: row.decision,
    mttr_s: row.mttr_s,
  };
}

export function stateChangeFromRow(row: StateHistoryRow): StateHistoryEntry {
  return {
    from: row.from_state as IncidentState | null,
    to: row.to_state as IncidentState,
    reason: row.reason,
    at: row.at,
  };
}

export function auditFromRow(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    incident_id: row.incident_id,
    actor: row.actor,
    action: row.action,
    detail: parseJsonColumn<Record<string, unknown>>(`audit_log[${row.seq}].detail`, row.detail),
    at: row.at,
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}
