import { describe, expect, it } from 'vitest';
import type { AuditEntry, StateHistoryEntry } from '../store/store.js';
import { attemptsOf, endAttempts } from './execution-story.js';

const ALERT = 1_000;
let seq = 0;
function entry(actor: string, action: string, at: number, detail: Record<string, unknown> = {}): AuditEntry {
  seq++;
  return { seq, incident_id: 'INC-1', actor, action, detail, at, prev_hash: '', hash: '' };
}
function move(
  from: StateHistoryEntry['from'],
  to: StateHistoryEntry['to'],
  at: number,
  reason = '',
): StateHistoryEntry {
  return { from, to, at, reason };
}

describe('the execution story, from the audit trail', () => {
  it('an autonomous execution: its steps, verification and end', () => {
    const entries = [
      entry('afr', 'incident_opened', ALERT),
      entry('afr', 'state_changed', ALERT + 30, { from: 'decided', to: 'remediating' }),
      entry('afr', 'step_applied', ALERT + 30, {
        step: 's2',
        strategy: 'rollback',
        target: 'api',
        detail: 'rolled back',
      }),
      entry('afr', 'verification', ALERT + 340, {
        strategy: 'rollback',
        target: 'api',
        outcome: 'recovered',
        resolution: 'resolved',
        detail: '1 signal(s) back near baseline',
        signals: [
          { service: 'api', metric: 'error_rate', baseline: 0.01, before: 0.2, after: 0.01, recovered: true },
        ],
        checks: [{ at: ALERT + 90, outcome: 'recovered', detail: 'ok', recovered: 1, measured: 1 }],
      }),
    ];
    const attempts = attemptsOf(entries, ALERT);
    endAttempts(attempts, [
      move('decided', 'remediating', ALERT + 30),
      move('remediating', 'verifying', ALERT + 340),
      move('verifying', 'resolved', ALERT + 340, 'verified'),
    ]);
    expect(attempts).toEqual([
      expect.objectContaining({
        strategy: 'rollback',
        target: 'api',
        how: 'autonomous',
        decided_by: 'afr',
        steps: [
          {
            t: 30,
            step: 's2',
            strategy: 'rollback',
            target: 'api',
            result: 'applied',
            detail: 'rolled back',
          },
        ],
        ended_as: 'resolved',
        ended_reason: 'verified',
      }),
    ]);
    expect(attempts[0].verifications[0]).toMatchObject({
      t: 340,
      outcome: 'recovered',
      checks: [{ t: 90, outcome: 'recovered', recovered: 1, measured: 1 }],
      regression: null,
    });
  });

  it('a human override that regressed and was undone, then another that resolved', () => {
    const entries = [
      entry('op', 'overridden', ALERT + 60, {
        to: { strategy: 'restart', target: 'api' },
        comment: 'restart it',
      }),
      entry('op', 'step_applied', ALERT + 60, {
        step: 'o1',
        strategy: 'restart',
        target: 'api',
        detail: 'restarted',
      }),
      entry('op', 'verification', ALERT + 400, {
        strategy: 'restart',
        target: 'api',
        outcome: 'regressed',
        resolution: 'not_resolved',
        detail: 'recovered, then regressed',
        recovered_at: ALERT + 180,
        regressed_at: ALERT + 240,
        regressed: [
          { signal: 'api memory_utilization', recovered_at: ALERT + 180, regressed_at: ALERT + 240 },
        ],
      }),
      entry('op', 'step_undone', ALERT + 400, { step: 'o1', detail: 'nothing to undo' }),
      entry('op', 'overridden', ALERT + 460, { to: { strategy: 'rollback', target: 'api' } }),
      entry('op', 'step_denied', ALERT + 460, {
        step: 'o2',
        strategy: 'rollback',
        target: 'api',
        reason: 'kill switch is on',
      }),
    ];
    const attempts = attemptsOf(entries, ALERT);
    endAttempts(attempts, [
      move('awaiting_approval', 'remediating', ALERT + 60),
      move('remediating', 'verifying', ALERT + 400),
      move('verifying', 'escalated', ALERT + 400, 'verification failed'),
      move('escalated', 'remediating', ALERT + 460),
      move('remediating', 'escalated', ALERT + 460, 'denied: kill switch is on'),
    ]);
    expect(attempts.map((a) => [a.strategy, a.how, a.decided_by, a.decided_t, a.ended_as])).toEqual([
      ['restart', 'overridden', 'op', 60, 'escalated'],
      ['rollback', 'overridden', 'op', 460, 'escalated'],
    ]);
    expect(attempts[0].comment).toBe('restart it');
    expect(attempts[0].verifications[0].regression).toEqual({
      recovered_t: 180,
      regressed_t: 240,
      signals: ['api memory_utilization'],
    });
    expect(attempts[0].undone).toEqual([{ t: 400, step: 'o1', ok: true, detail: 'nothing to undo' }]);
    expect(attempts[1].steps[0]).toMatchObject({ result: 'denied', detail: 'kill switch is on' });
  });

  it('nothing executed: no attempts', () => {
    const attempts = attemptsOf([entry('afr', 'incident_opened', ALERT)], ALERT);
    endAttempts(attempts, [move(null, 'detected', ALERT), move('decided', 'resolved', ALERT + 5)]);
    expect(attempts).toEqual([]);
  });
});
