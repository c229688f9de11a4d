import { describe, expect, it } from 'vitest';
import type { Action } from '../core/index.js';
import type { AuditEntry, IncidentSummary } from '../store/store.js';
import {
  actionFixture,
  hypothesisFixture,
  incidentFixture,
  planFixture,
  reportFixture,
  T0,
} from '../store/store-fixtures.js';
import { GROUND_TRUTH_ACTION, ROOT_CAUSE_OVERRIDE_ACTION } from './corrections.js';
import { learningRecordOf } from './learning-record.js';

function summary(overrides: Partial<IncidentSummary> = {}): IncidentSummary {
  return {
    ...incidentFixture({ state: 'resolved' }),
    root_cause_service: 'payment',
    cause: 'config_change',
    confidence: 0.82,
    decision: 'act',
    mttr_s: 370,
    ...overrides,
  };
}

let seq = 0;
function audit(action: string, detail: Record<string, unknown>, actor = 'alice'): AuditEntry {
  seq++;
  return { seq, incident_id: 'INC-1', actor, action, detail, at: T0 + seq, prev_hash: '', hash: '' };
}

const verified = (overrides: Partial<Action> = {}) => actionFixture({ status: 'verified', ...overrides });

describe('learningRecordOf', () => {
  it('a verified action on the root-cause service confirms afr and counts a success', () => {
    const record = learningRecordOf({
      summary: summary(),
      report: reportFixture(),
      actions: [verified()],
      audit: [],
    });
    expect(record.confirmed).toEqual({
      service: 'payment',
      cause: 'config_change',
      mechanism: 'connection_pool_exhaustion',
      by: 'verified_action',
    });
    expect(record.outcomes).toEqual([
      {
        strategy: 'config_revert',
        cause: 'config_change',
        mechanism: 'connection_pool_exhaustion',
        succeeded: true,
        by: 'afr',
      },
    ]);
    expect(record.fixed_by).toBe('config_revert');
    expect(record.mttr_s).toBe(370);
    expect(record.fingerprint.templates).toEqual({ 'payment|connection pool exhausted after <*> ms': 0.9 });
  });

  it('an undone action is a failure of its strategy and confirms nothing', () => {
    const record = learningRecordOf({
      summary: summary({ state: 'escalated', mttr_s: null }),
      report: reportFixture(),
      actions: [actionFixture({ status: 'undone' })],
      audit: [],
    });
    expect(record.confirmed).toBeNull();
    expect(record.outcomes).toMatchObject([{ strategy: 'config_revert', succeeded: false, by: 'afr' }]);
    expect(record.fixed_by).toBeNull();
  });

  it('an action applied then given up on is a failure; one still verifying is no outcome yet', () => {
    const applied = [actionFixture({ status: 'applied' })];
    const given = learningRecordOf({
      summary: summary({ state: 'escalated' }),
      report: reportFixture(),
      actions: applied,
      audit: [],
    });
    expect(given.outcomes).toMatchObject([{ succeeded: false }]);
    const open = learningRecordOf({
      summary: summary({ state: 'verifying' }),
      report: reportFixture(),
      actions: applied,
      audit: [],
    });
    expect(open.outcomes).toEqual([]);
    const dryRun = learningRecordOf({
      summary: summary({ state: 'escalated' }),
      report: reportFixture(),
      actions: [actionFixture({ status: 'dry_run' })],
      audit: [],
    });
    expect(dryRun.outcomes).toEqual([]);
    // An actuator error on a later step undid the first: nothing learned about the strategy.
    const broken = learningRecordOf({
      summary: summary({ state: 'escalated' }),
      report: reportFixture(),
      actions: [actionFixture({ id: 'a1', status: 'undone' }), actionFixture({ id: 'a2', status: 'failed' })],
      audit: [],
    });
    expect(broken.outcomes).toEqual([]);
    // A degraded canary: the canary was undone, the rollout denied: a failure.
    const canary = learningRecordOf({
      summary: summary({ state: 'escalated' }),
      report: reportFixture(),
      actions: [actionFixture({ id: 'a1', status: 'undone' }), actionFixture({ id: 'a2', status: 'denied' })],
      audit: [],
    });
    expect(canary.outcomes).toMatchObject([{ succeeded: false }]);
  });

  it("a human's root cause is the truth: afr's cause is corrected, the mechanism comes from that service's hypothesis", () => {
    const report = reportFixture({
      hypotheses: [hypothesisFixture(1), { ...hypothesisFixture(2, 'db'), mechanism: 'disk_full' }],
    });
    const record = learningRecordOf({
      summary: summary(),
      report,
      actions: [verified()],
      audit: [
        audit(ROOT_CAUSE_OVERRIDE_ACTION, {
          service: 'db',
          cause: 'resource_exhaustion',
          previous_service: 'payment',
          previous_cause: 'config_change',
        }),
      ],
    });
    expect(record.confirmed).toEqual({
      service: 'db',
      cause: 'resource_exhaustion',
      mechanism: 'disk_full',
      by: 'human_override',
    });
    expect(record.corrections.root_cause_overridden).toBe(true);
    // The action's success is counted for the true cause.
    expect(record.outcomes).toMatchObject([
      { strategy: 'config_revert', cause: 'resource_exhaustion', succeeded: true },
    ]);
  });

  it('a rejection is a failure of the proposed strategy for the proposed cause, and a correction', () => {
    const record = learningRecordOf({
      summary: summary({ state: 'escalated', decision: 'approve', mttr_s: null }),
      report: reportFixture({ decision: 'approve', remediation_plan: planFixture({ strategy: 'restart' }) }),
      actions: [],
      audit: [audit('rejected', { reason: 'wrong service' })],
    });
    expect(record.corrections).toEqual({
      root_cause_overridden: false,
      plan_overridden: false,
      rejected: true,
    });
    expect(record.outcomes).toEqual([
      {
        strategy: 'restart',
        cause: 'config_change',
        mechanism: 'connection_pool_exhaustion',
        succeeded: false,
        by: 'rejection',
      },
    ]);
    expect(record.confirmed).toBeNull();
  });

  it("a human's plan is credited to the human; afr's undone one still failed", () => {
    const record = learningRecordOf({
      summary: summary(),
      report: reportFixture(),
      actions: [
        actionFixture({ id: 'a1', status: 'undone' }),
        actionFixture({ id: 'a2', strategy: 'restart', status: 'verified', started_at: T0 + 900 }),
      ],
      audit: [
        audit('overridden', {
          from: { strategy: 'config_revert', target: 'payment' },
          to: { strategy: 'restart', target: 'payment' },
          comment: '',
        }),
      ],
    });
    expect(record.outcomes).toMatchObject([
      { strategy: 'config_revert', succeeded: false, by: 'afr' },
      { strategy: 'restart', succeeded: true, by: 'human' },
    ]);
    expect(record.fixed_by).toBe('restart');
    expect(record.corrections.plan_overridden).toBe(true);
  });

  it("a replay's ground truth confirms the cause and the strategy that fixed it; service null is a false alarm", () => {
    const truth = learningRecordOf({
      summary: summary({ state: 'resolved', mttr_s: null }),
      report: reportFixture({ decision: 'escalate' }),
      actions: [],
      audit: [
        audit(
          GROUND_TRUTH_ACTION,
          {
            service: 'payment',
            cause: 'config_change',
            mechanism: null,
            remediation: 'config_revert',
            source: 'b1.truth.json',
          },
          'replay',
        ),
      ],
    });
    expect(truth.confirmed).toMatchObject({ service: 'payment', cause: 'config_change', by: 'ground_truth' });
    expect(truth.outcomes).toMatchObject([
      { strategy: 'config_revert', succeeded: true, by: 'ground_truth' },
    ]);
    const falseAlarm = learningRecordOf({
      summary: summary({ mttr_s: null }),
      report: reportFixture(),
      actions: [],
      audit: [
        audit(GROUND_TRUTH_ACTION, {
          service: null,
          cause: null,
          mechanism: null,
          remediation: null,
          source: 'x',
        }),
      ],
    });
    expect(falseAlarm.confirmed).toBe('false_alarm');
    expect(falseAlarm.outcomes).toEqual([]);
  });

  it('ignores audit details of the wrong shape', () => {
    const record = learningRecordOf({
      summary: summary({ state: 'escalated' }),
      report: reportFixture(),
      actions: [],
      audit: [
        audit(ROOT_CAUSE_OVERRIDE_ACTION, { service: 42 }),
        audit(GROUND_TRUTH_ACTION, { service: 'payment', cause: 'not-a-cause' }),
      ],
    });
    expect(record.confirmed).toBeNull();
    expect(record.corrections.root_cause_overridden).toBe(false);
  });
});
