/**
 * Which events a notifier receives: a minimum severity, services (names or globs with `*`
 * and `?`, case-insensitive) and notification kinds. An omitted criterion matches all.
 */
import { z } from 'zod';
import type { NotificationEvent, NotificationKind } from '../core/ports.js';
import { SeveritySchema } from '../core/severity.js';
import { severityOf, severityRank } from './notification-severity.js';

export const NOTIFICATION_KINDS = [
  'incident_opened',
  'approval_requested',
  'escalated',
  'action_taken',
  'resolved',
  'observed',
] as const satisfies readonly NotificationKind[];

export const NotifierRouteSchema = z.object({
  /** Lowest severity delivered (critical > high > medium > low > info). */
  min_severity: SeveritySchema.optional(),
  /** Service names or globs (`payments-*`). */
  services: z.array(z.string().min(1)).min(1).optional(),
  kinds: z.array(z.enum(NOTIFICATION_KINDS)).min(1).optional(),
});
export type NotifierRoute = z.output<typeof NotifierRouteSchema>;

export function routeMatches(route: NotifierRoute, event: NotificationEvent): boolean {
  if (route.min_severity && severityRank(severityOf(event.severity)) < severityRank(route.min_severity)) {
    return false;
  }
  if (route.kinds && !route.kinds.includes(event.kind)) return false;
  if (route.services && !route.services.some((pattern) => globMatches(pattern, event.service))) return false;
  return true;
}

export function globMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i').test(value);
}
