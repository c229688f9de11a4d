/**
 * The domain's word lists the UI offers in filters and forms. Copied here so that the
 * bundle does not pull in the server's validation library; a test keeps them equal.
 */
import type { IncidentSummary, Strategy } from '../api/types.js';

export const INCIDENT_STATES = [
  'detected',
  'investigating',
  'decided',
  'awaiting_approval',
  'remediating',
  'verifying',
  'resolved',
  'escalated',
  'failed',
  'taken_over',
] as const satisfies readonly IncidentSummary['state'][];

export const SEVERITIES = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
] as const satisfies readonly IncidentSummary['severity'][];

export const STRATEGIES = [
  'rollback',
  'config_revert',
  'scale_up',
  'restart',
  'circuit_breaker',
  'shed_load',
  'failover',
  'none',
] as const satisfies readonly Strategy[];

export const PHASES = ['detect', 'plan', 'investigate', 'decide', 'act', 'report'] as const;
