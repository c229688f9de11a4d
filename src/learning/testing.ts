/** Hand-built learning records for the learning tests: a test states only what it is about. */
import { fingerprintOf } from './fingerprint.js';
import type { LearningRecord } from './learning-record.js';

export function learningRecord(overrides: Partial<LearningRecord> = {}): LearningRecord {
  return {
    incident_id: 'INC-1',
    created_at: 1_772_368_200,
    alert_service: 'checkout',
    fingerprint: fingerprintOf('checkout', []),
    decision: 'act',
    proposed: {
      service: 'payment',
      cause: 'config_change',
      mechanism: 'connection_pool_exhaustion',
      confidence: 0.9,
    },
    confirmed: null,
    outcomes: [],
    corrections: { root_cause_overridden: false, plan_overridden: false, rejected: false },
    fixed_by: null,
    mttr_s: null,
    ...overrides,
  };
}
