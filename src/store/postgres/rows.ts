/** Row shapes of the PostgreSQL tables and their conversion to domain objects. */
import type { Alert, IncidentState, Severity } from '../../core/index.js';
import type { AuditEntry, IncidentSummary } from '../store.js';
import { CorruptRecordError } from '../store-errors.js';

/** JSONB columns arrive parsed; BIGINT columns arrive as text. */
export interface IncidentRow {
  id: string;
  alert: Alert;
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

export interface AuditRow {
  seq: string;
  incident_id: string | null;
  actor: string;
  action: string;
  detail: unknown;
  at: number;
  prev_hash: string;
  hash: string;
}

/** The columns of `incidents` that make an IncidentSummary (not the internal `ord`). */
export const INCIDENT_COLUMNS =
  'id, alert, service, severity, priority, state, created_at, updated_at, root_cause_service, cause, confidence, decision, mttr_s';

export function incidentFromRow(row: IncidentRow): IncidentSummary {
  return {
    id: row.id,
    alert: row.alert,
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

/** A BIGINT column as a number, refusing one a JS number cannot hold exactly. */
export function bigintColumn(where: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new CorruptRecordError(where, `${text} is not a safe integer`);
  return value;
}

export function auditFromRow(row: AuditRow): AuditEntry {
  const where = `audit_log[${row.seq}]`;
  const detail = row.detail;
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    throw new CorruptRecordError(`${where}.detail`, `expected an object, got ${JSON.stringify(detail)}`);
  }
  return {
    seq: bigintColumn(`${where}.seq`, row.seq),
    incident_id: row.incident_id,
    actor: row.actor,
    action: row.action,
    detail: detail as Record<string, unknown>,
    at: row.at,
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}
