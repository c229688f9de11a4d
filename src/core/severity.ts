import { z } from 'zod';

export const SEVERITY_LEVELS = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** Severity names, usable as `Severity.CRITICAL` like the seed's enum. */
export const Severity = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INFO: 'info',
} as const;
export type Severity = (typeof SEVERITY_LEVELS)[number];

export const SeveritySchema = z.enum(SEVERITY_LEVELS, {
  error: () => `expected one of ${SEVERITY_LEVELS.join(', ')}`,
});

/** Priority 1 (page now) .. 5 (informational), from severity. */
export function priorityOf(severity: Severity): number {
  return SEVERITY_LEVELS.indexOf(severity) + 1;
}

/** True for severities whose investigation runs its agents in parallel. */
export function isUrgent(severity: Severity): boolean {
  return severity === 'critical' || severity === 'high';
}
