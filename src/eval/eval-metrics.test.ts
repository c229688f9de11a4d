import { describe, expect, it } from 'vitest';
import { computeEvalMetrics, type EvalRecord, expectedCalibrationError } from './eval-metrics.js';
import { fitIsotonic } from './isotonic.js';

const record = (over: Partial<EvalRecord>): EvalRecord => ({
  bundle: 'b',
  truth: { service: 'a', cause: 'config_change', mechanism: 'x', remediation: 'config_revert' },
  decision: 'act',
  ranked: ['a', 'b', 'c'],
  root_cause: { service: 'a', cause: 'config_change', confidence: 0.9 },
  strategy: 'config_revert',
  raw_confidence: 0.9,
  latency_ms: 10,
  ...over,
});

describe('computeEvalMetrics', () => {
  it('scores AC@k, cause, strategy, false acts and false positives', () => {
    const metrics = computeEvalMetrics([
      record({}),
      record({
        ranked: ['b', 'a'],
        root_cause: { service: 'b', cause: 'config_change', confidence: 0.6 },
        decision: 'act',
      }),
      record({
        ranked: ['b', 'c', 'd', 'a'],
        root_cause: { service: 'b', cause: 'traffic_surge', confidence: 0.3 },
        decision: 'escalate',
      }),
      record({
        truth: { service: null, cause: null, mechanism: null, remediation: 'none' },
        root_cause: null,
        decision: 'observe',
        strategy: 'none',
      }),
      record({
        truth: { service: null, cause: null, mechanism: null, remediation: 'none' },
        root_cause: { service: 'a', cause: 'unknown', confidence: 0.4 },
        decision: 'escalate',
      }),
    ]);
    expect(metrics.faulty).toBe(3);
    expect(metrics.ac_at_1).toBeCloseTo(1 / 3);
    expect(metrics.ac_at_3).toBeCloseTo(2 / 3);
    expect(metrics.avg_at_5).toBeCloseTo((1 / 3 + 2 / 3 + 2 / 3 + 1 + 1) / 5);
    expect(metrics.cause_at_1).toBeCloseTo(1 / 3);
    expect(metrics.false_acts).toBe(1);
    expect(metrics.false_positive_rate).toBeCloseTo(0.5);
    expect(metrics.decision_rates.act).toBeCloseTo(0.4);
  });

  it('ECE is 0 for perfectly calibrated bins and large for overconfidence', () => {
    const calibrated = Array.from({ length: 100 }, (_, i) => ({ confidence: 0.75, correct: i < 75 }));
    expect(expectedCalibrationError(calibrated)).toBeCloseTo(0, 5);
    const overconfident = Array.from({ length: 100 }, (_, i) => ({ confidence: 0.95, correct: i < 50 }));
    expect(expectedCalibrationError(overconfident)).toBeCloseTo(0.45, 5);
  });
});

describe('fitIsotonic', () => {
  it('is monotone and maps scores to observed frequencies', () => {
    const samples = [
      ...Array.from({ length: 50 }, (_, i) => ({ score: 0.9, correct: i < 30 })),
      ...Array.from({ length: 50 }, (_, i) => ({ score: 0.5, correct: i < 40 })),
      ...Array.from({ length: 50 }, (_, i) => ({ score: 0.2, correct: i < 5 })),
    ];
    const map = fitIsotonic(samples, 'test');
    for (let i = 1; i < map.calibrated.length; i++)
      expect(map.calibrated[i]).toBeGreaterThanOrEqual(map.calibrated[i - 1]);
    for (let i = 1; i < map.raw.length; i++) expect(map.raw[i]).toBeGreaterThan(map.raw[i - 1]);
    // 0.5 and 0.9 violate the order (80% vs 60%) and are pooled to 70% (71/102 smoothed).
    expect(map.calibrated[map.calibrated.length - 1]).toBeCloseTo(71 / 102, 5);
    expect(map.calibrated[1]).toBeCloseTo(6 / 52, 5);
  });
});
