import { describe, expect, it } from 'vitest';
import { CAUSE_KINDS } from '../core/index.js';
import { DEFAULT_PRIORS } from '../reasoning/priors.js';
import { logPattern, metricAnomaly } from '../reasoning/testing/findings.js';
import { SuccessModel } from '../remediation/success-model.js';
import { fingerprintOf } from './fingerprint.js';
import { Lessons } from './lessons.js';
import { PRECEDENT_CAP, PRECEDENT_LOG_LR, precedentsFrom, seenBefore } from './similar-incidents.js';
import { learningRecord } from './testing.js';

const poolFindings = [
  metricAnomaly('payment', { metric: 'db_connections_used', signal: 'connection_pool' }),
  metricAnomaly('checkout'),
  logPattern('payment', { template: 'pool exhausted after <*> ms' }),
];
const surgeFindings = [metricAnomaly('gateway', { metric: 'rps', signal: 'traffic' })];

describe('Lessons', () => {
  it('without confirmed history: exactly the default priors and the documented success priors', () => {
    const lessons = new Lessons([learningRecord(), learningRecord({ incident_id: 'INC-2' })]);
    expect(lessons.priors).toBe(DEFAULT_PRIORS);
    const fresh = new SuccessModel();
    expect(lessons.successModel.predict('rollback', 'deployment_regression', 'error_spike')).toBe(
      fresh.predict('rollback', 'deployment_regression', 'error_spike'),
    );
    expect(lessons.precedentsFor('checkout', poolFindings)).toEqual([]);
  });

  it('confirmed causes move the priors (Dirichlet-smoothed); outcomes move the success rates', () => {
    const confirmed = (id: string) =>
      learningRecord({
        incident_id: id,
        confirmed: {
          service: 'gateway',
          cause: 'traffic_surge',
          mechanism: 'cpu_saturation',
          by: 'verified_action',
        },
        outcomes: [
          {
            strategy: 'scale_up',
            cause: 'traffic_surge',
            mechanism: 'cpu_saturation',
            succeeded: true,
            by: 'afr',
          },
        ],
      });
    const records = [
      ...Array.from({ length: 10 }, (_, i) => confirmed(`S-${i}`)),
      learningRecord({ incident_id: 'FA', confirmed: 'false_alarm' }),
      learningRecord({
        incident_id: 'R',
        outcomes: [
          {
            strategy: 'restart',
            cause: 'traffic_surge',
            mechanism: 'cpu_saturation',
            succeeded: false,
            by: 'rejection',
          },
        ],
        corrections: { root_cause_overridden: false, plan_overridden: false, rejected: true },
      }),
    ];
    const lessons = new Lessons(records);
    expect(lessons.counts.confirmed).toBe(11);
    expect(lessons.counts.falseAlarms).toBe(1);
    // (10 + 20·0.1) / (10 + 20)
    expect(lessons.priors.cause.traffic_surge).toBeCloseTo(12 / 30, 10);
    expect(lessons.priors.cause.deployment_regression).toBeLessThan(
      DEFAULT_PRIORS.cause.deployment_regression,
    );
    expect(CAUSE_KINDS.reduce((s, c) => s + lessons.priors.cause[c], 0)).toBeCloseTo(1, 10);
    // (1 + 20·0.2) / (11 + 20)
    expect(lessons.priors.none).toBeCloseTo(5 / 31, 10);
    const prior = new SuccessModel();
    expect(lessons.successModel.predict('scale_up', 'traffic_surge', 'cpu_saturation')).toBeGreaterThan(
      prior.predict('scale_up', 'traffic_surge', 'cpu_saturation'),
    );
    expect(lessons.successModel.posterior('scale_up', 'traffic_surge', 'cpu_saturation').observations).toBe(
      10,
    );
    expect(lessons.successModel.predict('restart', 'traffic_surge', 'cpu_saturation')).toBeLessThan(
      prior.predict('restart', 'traffic_surge', 'cpu_saturation'),
    );
    expect(lessons.counts.corrections).toEqual({ root_cause_overrides: 0, plan_overrides: 0, rejections: 1 });
    // Calibration: each confirmed incident with a proposal; afr named payment, the truth was gateway.
    expect(lessons.counts.calibration).toHaveLength(11);
    expect(lessons.counts.calibration.every((p) => !p.correct)).toBe(true);
  });

  it('finds similar incidents, best first, above the threshold, never the incident itself', () => {
    const records = [
      learningRecord({ incident_id: 'POOL', fingerprint: fingerprintOf('checkout', poolFindings) }),
      learningRecord({ incident_id: 'SURGE', fingerprint: fingerprintOf('checkout', surgeFindings) }),
      learningRecord({
        incident_id: 'HALF',
        fingerprint: fingerprintOf('checkout', [poolFindings[0]!, poolFindings[2]!]),
      }),
    ];
    const lessons = new Lessons(records);
    const similar = lessons.similarTo('checkout', poolFindings);
    expect(similar.map((s) => s.record.incident_id)).toEqual(['POOL', 'HALF']);
    expect(similar[0]?.similarity).toBeCloseTo(1, 10);
    expect(lessons.similarTo('checkout', poolFindings, 'POOL').map((s) => s.record.incident_id)).toEqual([
      'HALF',
    ]);
    const strict = new Lessons(records, { similarity: { threshold: 0.99 } });
    expect(strict.similarTo('checkout', poolFindings).map((s) => s.record.incident_id)).toEqual(['POOL']);
  });

  it('a similar confirmed incident supports its root cause and contradicts what afr blamed there', () => {
    const overridden = learningRecord({
      incident_id: 'INC-7',
      fingerprint: fingerprintOf('checkout', poolFindings),
      proposed: {
        service: 'checkout',
        cause: 'deployment_regression',
        mechanism: 'error_spike',
        confidence: 0.7,
      },
      confirmed: {
        service: 'payment',
        cause: 'config_change',
        mechanism: 'connection_pool_exhaustion',
        by: 'human_override',
      },
      fixed_by: 'config_revert',
      mttr_s: 180,
    });
    const precedents = new Lessons([overridden]).precedentsFor('checkout', poolFindings);
    expect(precedents).toEqual([
      {
        service: 'payment',
        cause: 'config_change',
        log_lr: PRECEDENT_LOG_LR.human_override,
        summary:
          'seen before: INC-7 (100% alike): config change on payment (named by a human); config_revert fixed it in 3m',
      },
      {
        service: 'checkout',
        cause: 'deployment_regression',
        log_lr: -PRECEDENT_LOG_LR.human_override,
        summary:
          'seen before: INC-7 (100% alike) was first blamed on deployment regression on checkout, but the root cause was config change on payment',
      },
    ]);
  });

  it('caps the total weight on one (service, cause)', () => {
    const now = fingerprintOf('checkout', poolFindings);
    const record = learningRecord({
      fingerprint: now,
      confirmed: { service: 'payment', cause: 'config_change', mechanism: 'x', by: 'verified_action' },
      proposed: { service: 'payment', cause: 'config_change', mechanism: 'x', confidence: 0.9 },
    });
    const precedents = precedentsFrom(
      [1, 2, 3, 4].map((i) => ({ record: { ...record, incident_id: `I-${i}` }, similarity: 1 })),
      now,
    );
    expect(precedents).toHaveLength(4);
    expect(precedents[0]?.log_lr).toBeCloseTo((PRECEDENT_LOG_LR.verified_action * PRECEDENT_CAP) / 4, 10);
    expect(precedents.reduce((s, p) => s + p.log_lr, 0)).toBeCloseTo(PRECEDENT_CAP, 10);
    expect(seenBefore({ ...record, fixed_by: 'rollback', mttr_s: 185 }, 0.876)).toBe(
      'seen before: INC-1 (88% alike): config change on payment; rollback fixed it in 3m5s',
    );
  });

  it('lends a past root cause only to a service that misbehaves the same way now', () => {
    const record = learningRecord({
      fingerprint: fingerprintOf('checkout', poolFindings),
      confirmed: { service: 'payment', cause: 'config_change', mechanism: 'x', by: 'human_override' },
      proposed: { service: 'payment', cause: 'config_change', mechanism: 'x', confidence: 0.9 },
    });
    // Checkout fails alike, but payment's latency rises now where its pool filled up then.
    const now = fingerprintOf('checkout', [
      metricAnomaly('checkout'),
      metricAnomaly('payment', { metric: 'latency_p99', signal: 'latency' }),
    ]);
    expect(precedentsFrom([{ record, similarity: 0.9 }], now)).toEqual([]);
    const same = fingerprintOf('checkout', poolFindings);
    expect(precedentsFrom([{ record, similarity: 0.9 }], same)).toHaveLength(1);
  });
});
