/**
 * afr severities as the notification channels see them: a rank for routing, and each
 * vendor's own scale (PagerDuty severity, Opsgenie priority, Splunk On-Call message type).
 * An event whose severity afr does not know is treated as `high`: better to page than to
 * drop what cannot be classified.
 */
import { SEVERITY_LEVELS, type Severity } from '../core/severity.js';

export function severityOf(value: string): Severity {
  const lower = value.toLowerCase();
  return (SEVERITY_LEVELS as readonly string[]).includes(lower) ? (lower as Severity) : 'high';
}

/** 4 for critical .. 0 for info: higher is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITY_LEVELS.length - 1 - SEVERITY_LEVELS.indexOf(severity);
}

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export const PAGERDUTY_SEVERITY: Record<Severity, PagerDutySeverity> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'warning',
  info: 'info',
};

export type OpsgeniePriority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';

export const OPSGENIE_PRIORITY: Record<Severity, OpsgeniePriority> = {
  critical: 'P1',
  high: 'P2',
  medium: 'P3',
  low: 'P4',
  info: 'P5',
};

/** Splunk On-Call message type for an alert that opens or re-raises an incident. */
export const VICTOROPS_ALERT_TYPE: Record<Severity, 'CRITICAL' | 'WARNING' | 'INFO'> = {
  critical: 'CRITICAL',
  high: 'CRITICAL',
  medium: 'WARNING',
  low: 'WARNING',
  info: 'INFO',
};
