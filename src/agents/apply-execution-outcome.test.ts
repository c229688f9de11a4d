import { describe, expect, it } from 'vitest';
import type { IncidentState } from '../core/index.js';
import type { ExecutionResult } from '../remediation/executor.js';
import { planFixture } from '../store/store-fixtures.js';
import {
  applyExecutionOutcome,
  type ExecutionOutcomeReport,
  type OutcomeTarget,
  transitionsFor,
} from './apply-execution-outcome.js';

function result(outcome: ExecutionResult['outcome'], reason = 'why'): ExecutionResult {
  return { actions: [], verification: null, outcome, resolvedAt: null, reason };
}

function target(state: IncidentState = 'remediating') {
  const moves: string[] = [];
  const audits: string[] = [];
  const reports: ExecutionOutcomeReport[] = [];
  const t: OutcomeTarget = {
    incidentId: 'INC-1',
    plan: planFixture(),
    rootCause: { cause: 'config_change', mechanism: 'connection_pool_exhaustion' },
    decidedBy: 'approved',
    actor: 'alice',
    now: () => 42,
    currentState: async () => state,
    move: async (to, reason) => void moves.push(`${to}: ${reason}`),
    audit: async (action) => void audits.push(action),
    onOutcome: (r) => void reports.push(r),
  };
  return { t, moves, audits, reports };
}

describe('transitionsFor', () => {
  it('maps each outcome to the moves from remediating', () => {
    expect(transitionsFor(result('resolved', 'back to baseline')).map((m) => m.to)).toEqual([
      'verifying',
      'resolved',
    ]);
    expect(transitionsFor(result('undone', 'not recovered'))).toEqual([
      { to: 'verifying', reason: 'actions applied; verifying' },
      { to: 'escalated', reason: 'verification failed, actions undone: not recovered' },
    ]);
    for (const outcome of ['denied', 'failed', 'dry_run', 'partial', 'stopped'] as const) {
      expect(transitionsFor(result(outcome, 'r'))).toEqual([{ to: 'escalated', reason: `${outcome}: r` }]);
    }
  });
});

describe('applyExecutionOutcome', () => {
  it('moves the incident and reports the outcome for learning', async () => {
    const { t, moves, reports } = target();
    expect(await applyExecutionOutcome({ ...result('resolved'), resolution: 'resolved' }, t)).toBe(
      'resolved',
    );
    expect(moves).toEqual(['verifying: actions applied; verifying', 'resolved: verified: why']);
    expect(reports).toEqual([
      {
        incident_id: 'INC-1',
        strategy: 'config_revert',
        target: 'payment',
        cause: 'config_change',
        mechanism: 'connection_pool_exhaustion',
        outcome: 'resolved',
        resolution: 'resolved',
        success: true,
        decided_by: 'approved',
        actor: 'alice',
        at: 42,
      },
    ]);
  });

  it('tells success only when the strategy was really tried', async () => {
    const success = async (outcome: ExecutionResult['outcome']) => {
      const { t, reports } = target();
      await applyExecutionOutcome(result(outcome), t);
      return reports[0].success;
    };
    expect(await success('undone')).toBe(false);
    expect(await success('partial')).toBe(false);
    for (const outcome of ['denied', 'failed', 'dry_run', 'stopped'] as const)
      expect(await success(outcome)).toBeNull();
  });

  it('does not move an incident a human took over, and audits the late result', async () => {
    const { t, moves, audits } = target('taken_over');
    expect(await applyExecutionOutcome(result('resolved'), t)).toBe('taken_over');
    expect(moves).toEqual([]);
    expect(audits).toEqual(['execution_finished_after_takeover']);
  });

  it('keeps the outcome when the learning callback fails', async () => {
    const { t, moves, audits } = target();
    t.onOutcome = () => {
      throw new Error('learning store down');
    };
    expect(await applyExecutionOutcome(result('undone'), t)).toBe('escalated');
    expect(moves).toHaveLength(2);
    expect(audits).toEqual(['outcome_hook_failed']);
  });
});
