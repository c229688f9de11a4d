import { describe, expect, it } from 'vitest';
import {
  canTransition,
  IllegalTransitionError,
  INCIDENT_STATES,
  type IncidentState,
  isTerminal,
  transition,
} from './incident-state.js';

describe('incident state machine', () => {
  it('follows the happy path and refuses shortcuts', () => {
    const path: IncidentState[] = [
      'detected',
      'investigating',
      'decided',
      'remediating',
      'verifying',
      'resolved',
    ];
    for (let i = 1; i < path.length; i++) expect(transition(path[i - 1], path[i])).toBe(path[i]);
    expect(() => transition('detected', 'remediating')).toThrow(IllegalTransitionError);
    expect(() => transition('detected', 'remediating')).toThrow(/allowed: investigating, failed, taken_over/);
    expect(canTransition('resolved', 'investigating')).toBe(false);
  });

  it('lets a human take over any unresolved incident, and only close it afterwards', () => {
    for (const state of INCIDENT_STATES) {
      expect(canTransition(state, 'taken_over')).toBe(state !== 'resolved' && state !== 'taken_over');
    }
    for (const to of INCIDENT_STATES) expect(canTransition('taken_over', to)).toBe(to === 'resolved');
  });

  it('counts taken_over, escalated, failed and resolved as terminal for afr', () => {
    const terminal = INCIDENT_STATES.filter(isTerminal);
    expect(terminal.sort()).toEqual(['escalated', 'failed', 'resolved', 'taken_over']);
  });
});
