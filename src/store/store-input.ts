/**
 * Checks of what callers hand a Store, shared by every implementation so that they refuse
 * the same inputs with the same messages. The domain objects themselves (findings, plans,
 * reports) are validated by their producers against the core schemas; here only what the
 * store itself relies on (ids, states, numbers it sorts and filters by) is checked.
 */
import {
  type Action,
  INCIDENT_STATES,
  type IncidentReport,
  type IncidentState,
  type PhaseRecord,
  type RemediationPlan,
  SEVERITY_LEVELS,
} from '../core/index.js';
import type { AuditEntryInput, AuditFilter, IncidentFilter, IncidentRecord } from './store.js';
import { InvalidStoreInputError } from './store-errors.js';

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws InvalidStoreInputError unless `value` is a non-empty string. */
export function requireId(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidStoreInputError(field, `expected a non-empty string, got ${show(value)}`);
  }
  return value;
}

export function requireString(field: string, value: unknown): string {
  if (typeof value !== 'string')
    throw new InvalidStoreInputError(field, `expected a string, got ${show(value)}`);
  return value;
}

export function requireFiniteNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidStoreInputError(field, `expected a finite number, got ${show(value)}`);
  }
  return value;
}

export function requireState(field: string, value: unknown): IncidentState {
  if (!(INCIDENT_STATES as readonly unknown[]).includes(value)) {
    throw new InvalidStoreInputError(
      field,
      `expected one of ${INCIDENT_STATES.join(', ')}, got ${show(value)}`,
    );
  }
  return value as IncidentState;
}

function optionalCount(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidStoreInputError(field, `expected a non-negative integer, got ${show(value)}`);
  }
  return value;
}

export function checkIncidentRecord(record: IncidentRecord): void {
  if (!isObject(record))
    throw new InvalidStoreInputError('incident', `expected an object, got ${show(record)}`);
  requireId('incident.id', record.id);
  if (!isObject(record.alert)) {
    throw new InvalidStoreInputError('incident.alert', `expected an alert object, got ${show(record.alert)}`);
  }
  requireId('incident.service', record.service);
  if (!(SEVERITY_LEVELS as readonly unknown[]).includes(record.severity)) {
    throw new InvalidStoreInputError(
      'incident.severity',
      `expected one of ${SEVERITY_LEVELS.join(', ')}, got ${show(record.severity)}`,
    );
  }
  requireFiniteNumber('incident.priority', record.priority);
  requireState('incident.state', record.state);
  requireFiniteNumber('incident.created_at', record.created_at);
  requireFiniteNumber('incident.updated_at', record.updated_at);
}

export function checkAuditInput(entry: AuditEntryInput): void {
  if (!isObject(entry)) throw new InvalidStoreInputError('audit', `expected an object, got ${show(entry)}`);
  if (entry.incident_id !== null) requireId('audit.incident_id', entry.incident_id);
  requireId('audit.actor', entry.actor);
  requireId('audit.action', entry.action);
  if (!isObject(entry.detail)) {
    throw new InvalidStoreInputError('audit.detail', `expected an object, got ${show(entry.detail)}`);
  }
  requireFiniteNumber('audit.at', entry.at);
}

/** The listing filter with limit/offset checked; a bad value names the field. */
export function checkIncidentFilter(filter: IncidentFilter = {}): IncidentFilter & { offset: number } {
  if (filter.state !== undefined) requireState('filter.state', filter.state);
  const limit = optionalCount('filter.limit', filter.limit);
  const offset = optionalCount('filter.offset', filter.offset) ?? 0;
  return { ...filter, limit, offset };
}

export function checkAuditFilter(filter: AuditFilter = {}): AuditFilter {
  optionalCount('filter.limit', filter.limit);
  if (filter.after_seq !== undefined) requireFiniteNumber('filter.after_seq', filter.after_seq);
  return filter;
}

export function checkPhase(phase: PhaseRecord): void {
  if (!isObject(phase)) throw new InvalidStoreInputError('phase', `expected an object, got ${show(phase)}`);
  requireId('phase.phase', phase.phase);
  requireFiniteNumber('phase.started_at', phase.started_at);
  requireFiniteNumber('phase.duration_ms', phase.duration_ms);
  requireId('phase.status', phase.status);
}

/** Throws unless `value` is an array of objects, naming the first bad item. */
export function requireObjectList(field: string, value: unknown): void {
  if (!Array.isArray(value)) throw new InvalidStoreInputError(field, `expected a list, got ${show(value)}`);
  const bad = value.findIndex((item) => !isObject(item));
  if (bad >= 0)
    throw new InvalidStoreInputError(`${field}[${bad}]`, `expected an object, got ${show(value[bad])}`);
}

export function checkPlan(plan: RemediationPlan | null): void {
  if (plan !== null && !isObject(plan)) {
    throw new InvalidStoreInputError('plan', `expected a plan object or null, got ${show(plan)}`);
  }
}

export function checkAction(action: Action): void {
  if (!isObject(action))
    throw new InvalidStoreInputError('action', `expected an object, got ${show(action)}`);
  requireId('action.id', action.id);
  requireId('action.incident_id', action.incident_id);
  requireFiniteNumber('action.started_at', action.started_at);
}

export function checkReport(report: IncidentReport): void {
  if (!isObject(report))
    throw new InvalidStoreInputError('report', `expected an object, got ${show(report)}`);
  requireId('report.incident_id', report.incident_id);
}
