import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SeveritySchema } from './severity.js';
import { TimestampSchema } from './time.js';

export const AlertSchema = z.object({
  id: z.string().min(1),
  timestamp: TimestampSchema,
  service: z.string().min(1),
  severity: SeveritySchema,
  message: z.string().default(''),
  labels: z.record(z.string(), z.string()).default({}),
  annotations: z.record(z.string(), z.string()).default({}),
  status: z.enum(['firing', 'resolved']).default('firing'),
  source: z.string().default('api'),
  fingerprint: z.string().optional(),
});

/** An alert as afr sees it, whatever system sent it. Timestamps are epoch seconds. */
export type Alert = z.output<typeof AlertSchema>;
export type AlertInput = z.input<typeof AlertSchema>;

/**
 * Builds and validates alerts.
 *
 * @example
 * const alert = Alert.create({ service: 'payment-service', severity: Severity.CRITICAL,
 *   message: 'Database timeout - 247 failed requests' });
 */
export const Alert = {
  schema: AlertSchema,
  /** Validates an alert; throws a ZodError naming the field on bad input. */
  parse(input: unknown): Alert {
    return AlertSchema.parse(input);
  },
  /** Like parse, filling in `id` and `timestamp` (now) when they are missing. */
  create(input: Omit<AlertInput, 'id' | 'timestamp'> & { id?: string; timestamp?: unknown }): Alert {
    return AlertSchema.parse({
      ...input,
      id: input.id ?? `ALERT-${randomUUID().slice(0, 8)}`,
      timestamp: input.timestamp ?? Date.now() / 1000,
    });
  },
};

/** The fields of an alert that reports and bundle manifests carry. */
export function alertHeadline(
  alert: Alert,
): Pick<Alert, 'id' | 'timestamp' | 'service' | 'severity' | 'message' | 'labels'> {
  const { id, timestamp, service, severity, message, labels } = alert;
  return { id, timestamp, service, severity, message, labels };
}
