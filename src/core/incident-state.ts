/**
 * The incident state machine:
 * detected → investigating → decided → awaiting_approval → remediating → verifying →
 * resolved | escalated | failed. Illegal transitions are refused.
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
] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

const TRANSITIONS: Record<IncidentState, readonly IncidentState[]> = {
  detected: ['investigating', 'failed'],
  investigating: ['decided', 'failed'],
  // decided → resolved is the "observe" outcome (a false alarm, nothing to do).
  decided: ['awaiting_approval', 'remediating', 'escalated', 'resolved', 'failed'],
  awaiting_approval: ['remediating', 'escalated', 'resolved', 'failed'],
  remediating: ['verifying', 'escalated', 'failed'],
  // verifying → remediating: the first action was undone and a follow-up runs.
  verifying: ['resolved', 'escalated', 'remediating', 'failed'],
  // A human may close an escalated or failed incident, or take over an escalated one
  // with an action of their choice (override).
  escalated: ['resolved', 'remediating'],
  failed: ['resolved'],
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

export function isTerminal(state: IncidentState): boolean {
  return TRANSITIONS[state].length === 0 || state === 'escalated' || state === 'failed';
}
