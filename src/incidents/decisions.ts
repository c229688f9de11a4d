/**
 * What the incident manager tells `afr serve` to do. Every ingested alert appears in exactly
 * one decision (an `open`'s members, an `attach`'s alerts or a `suppress`), at once or when
 * its group's wait runs out, so the server can mark every journaled alert as handled.
 */
import type { Severity } from '../core/severity.js';
import type { IntakeAlert } from '../store/coordination/coordination.js';

export type SuppressReason =
  /** Same intake key seen before, or the fingerprint is already in that state. */
  | 'duplicate'
  | 'inhibited'
  | 'silenced'
  | 'maintenance'
  /** A threshold rule's min_alerts was not reached within its within_s. */
  | 'below_threshold'
  /** Every alert of the group resolved before group_wait ran out: nothing to open. */
  | 'resolved_before_open'
  /** Out of order or forgotten: a firing older than its known resolve, or a resolve of an unknown alert. */
  | 'stale';

export interface OpenDecision {
  kind: 'open';
  incident_id: string;
  /** The alert on the most upstream service (deepest callee), earliest, most severe. */
  primary: IntakeAlert;
  /** Every alert grouped into the incident (the primary included), firing or resolved. */
  members: IntakeAlert[];
  /** Queue priority: 1 (critical) .. 5 (info), from the most severe firing member. */
  priority: number;
  severity: Severity;
  /** The members' services, sorted. */
  services: string[];
  /** The group keys that were merged into this incident, sorted. */
  group_keys: string[];
  /** Earliest member start time (epoch seconds). */
  first_alert_at: number;
}

export interface AttachDecision {
  kind: 'attach';
  incident_id: string;
  /** New firing alerts, and resolves of the incident's alerts, in arrival order. */
  alerts: IntakeAlert[];
}

export interface SuppressDecision {
  kind: 'suppress';
  alert: IntakeAlert;
  reason: SuppressReason;
}

/** Every alert of the incident has resolved: the server verifies recovery before resolving it. */
export interface ResolveCandidateDecision {
  kind: 'resolve_candidate';
  incident_id: string;
}

export type Decision = OpenDecision | AttachDecision | SuppressDecision | ResolveCandidateDecision;
