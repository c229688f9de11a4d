/** Builders for incident manager tests: intake alerts shaped as the webhook intake makes them. */
import type { Severity } from '../core/severity.js';
import type { IntakeAlert } from '../store/coordination/coordination.js';
import type { Decision } from './decisions.js';

export interface AlertSpec {
  service: string;
  alertname?: string;
  severity?: Severity;
  /** startsAt, epoch seconds. */
  at: number;
  /** Defaults to `at`. */
  received_at?: number;
  status?: 'firing' | 'resolved';
  fingerprint?: string;
  labels?: Record<string, string>;
  source?: string;
}

/** An intake alert; the key is source:fingerprint:startsAt:status like the webhook intake's. */
export function intake(spec: AlertSpec): IntakeAlert {
  const alertname = spec.alertname ?? 'HighErrorRate';
  const status = spec.status ?? 'firing';
  const source = spec.source ?? 'alertmanager';
  const fingerprint = spec.fingerprint ?? `${spec.service}/${alertname}`;
  const key = `${source}:${fingerprint}:${spec.at}:${status}`;
  return {
    key,
    source,
    received_at: spec.received_at ?? spec.at,
    alert: {
      id: `ALERT-${key}`,
      timestamp: spec.at,
      service: spec.service,
      severity: spec.severity ?? 'high',
      message: `${alertname} on ${spec.service}`,
      labels: { alertname, ...spec.labels },
      annotations: {},
      status,
      source,
      fingerprint,
    },
  };
}

export function resolvedOf(alert: IntakeAlert, receivedAt: number): IntakeAlert {
  const status = 'resolved' as const;
  const key = alert.key.replace(/:firing$/, ':resolved');
  return { ...alert, key, received_at: receivedAt, alert: { ...alert.alert, status } };
}

export function ofKind<K extends Decision['kind']>(
  decisions: readonly Decision[],
  kind: K,
): Array<Extract<Decision, { kind: K }>> {
  return decisions.filter((d): d is Extract<Decision, { kind: K }> => d.kind === kind);
}
