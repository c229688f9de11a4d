/**
 * The incident state machine:
 * detected → investigating → decided → awaiting_approval → remediating → verifying →
 * resolved | escalated | failed. Illegal transitions are refused.
 *
 * `taken_over`: a human took the incident over (`afr takeover`). From any state but
 * `resolved`; afr never acts on it again, and only a human closes it (→ resolved).
 */
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
] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

const TRANSITIONS: Record<IncidentState, readonly IncidentState[]> = {
  detected: ['investigating', 'failed', 'taken_over'],
  investigating: ['decided', 'failed', 'taken_over'],
  // decided → resolved is the "observe" outcome (a false alarm, nothing to do).
  decided: ['awaiting_approval', 'remediating', 'escalated', 'resolved', 'failed', 'taken_over'],
  awaiting_approval: ['remediating', 'escalated', 'resolved', 'failed', 'taken_over'],
  remediating: ['verifying', 'escalated', 'failed', 'taken_over'],
  // verifying → remediating: the first action was undone and a follow-up runs.
  verifying: ['resolved', 'escalated', 'remediating', 'failed', 'taken_over'],
  // A human may close an escalated or failed incident, or act on an escalated one with an
  // action of their choice (override).
  escalated: ['resolved', 'remediating', 'taken_over'],
  failed: ['resolved', 'taken_over'],
  // The human who took it over closes it; afr does nothing else with it.
  taken_over: ['resolved'],
  resolved: [],
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: IncidentState,
    readonly to: IncidentState,
  ) {
    super(`illegal incident transition ${from} → ${to}; allowed: ${TRANSITIONS[from].join(', ') || 'none'}`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: IncidentState, to: IncidentState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Returns `to`, or throws IllegalTransitionError. */
export function transition(from: IncidentState, to: IncidentState): IncidentState {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
  return to;
}

/** True when afr has nothing more to do on its own (a human may still act). */
export function isTerminal(state: IncidentState): boolean {
  return (
    TRANSITIONS[state].length === 0 || state === 'escalated' || state === 'failed' || state === 'taken_over'
  );
}
