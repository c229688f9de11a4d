/**
 * Idempotency for webhook intake. Senders retry, and Alertmanager re-sends firing groups on
 * every repeat_interval, so intake dedupes on (source, fingerprint, startsAt, status): a retry
 * is a duplicate, but a re-fire (new startsAt) or a resolve never is.
 */
import { createHash } from 'node:crypto';
import type { Alert } from '../../core/alert.js';

/** A stable fingerprint from labels alone (sorted, so label order never matters). */
export function labelsFingerprint(labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((name) => [name, labels[name]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
}

/** The dedupe key of an alert. `timestamp` is the alert's start (epoch seconds). */
export function intakeKey(
  alert: Pick<Alert, 'source' | 'fingerprint' | 'labels' | 'timestamp' | 'status'>,
): string {
  const fingerprint = alert.fingerprint ?? labelsFingerprint(alert.labels);
  return `${alert.source}:${fingerprint}:${alert.timestamp}:${alert.status}`;
}

/** A deterministic alert id, so a retried delivery yields the same id. */
export function alertIdFor(key: string): string {
  return `ALERT-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}
