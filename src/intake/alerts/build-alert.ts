/**
 * The last step every source shares: a vendor-neutral draft (labels, annotations, status,
 * start) becomes an afr Alert, with service and severity resolved through the label mapping,
 * a fingerprint computed when the sender gave none, and a deterministic id.
 */
import type { Alert } from '../../core/alert.js';
import { alertIdFor, intakeKey, labelsFingerprint } from './intake-key.js';
import { type IntakeMapping, resolveService, resolveSeverity } from './mapping.js';
import type { IntakeError } from './types.js';

export interface AlertDraft {
  /** Where the labels sit in the payload, for error messages (`alerts[3].labels`). */
  labelsPath: string;
  /** Payload paths of labels that were not read from `labelsPath` (PagerDuty, CloudWatch...). */
  labelFields?: Record<string, string>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: 'firing' | 'resolved';
  /** When the alert started, epoch seconds. */
  startsAt: number;
  fingerprint?: string;
  message: string;
  /** A service named outside the labels (generic payloads). */
  service?: string;
  /** A severity word given outside the labels (generic payloads). */
  severity?: string;
}

export function buildAlert(
  draft: AlertDraft,
  source: string,
  mapping: IntakeMapping,
): { ok: true; alert: Alert } | { ok: false; error: IntakeError } {
  const fieldOf = (label: string) => draft.labelFields?.[label] ?? `${draft.labelsPath}.${label}`;
  const service = resolveService(mapping, draft.labels, fieldOf, draft.service);
  if (!service.ok)
    return { ok: false, error: { status: 422, field: service.field, message: service.message } };
  const severity = resolveSeverity(mapping, draft.labels, fieldOf, draft.severity);
  if (!severity.ok) {
    return { ok: false, error: { status: 422, field: severity.field, message: severity.message } };
  }
  const fingerprint = draft.fingerprint ?? labelsFingerprint(draft.labels);
  const base = {
    timestamp: draft.startsAt,
    service: service.value,
    severity: severity.value,
    message: draft.message,
    labels: draft.labels,
    annotations: draft.annotations,
    status: draft.status,
    source,
    fingerprint,
  };
  return { ok: true, alert: { id: alertIdFor(intakeKey(base)), ...base } };
}
