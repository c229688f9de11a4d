import { describe, expect, it } from 'vitest';
import { SuccessModel } from './success-model.js';

describe('SuccessModel', () => {
  it('predicts the prior mean without history', () => {
    // rollback's prior is Beta(17, 3).
    expect(new SuccessModel().predict('rollback', 'deployment_regression', 'error_spike')).toBeCloseTo(
      0.85,
      10,
    );
  });

  it('moves the Beta posterior mean with recorded outcomes', () => {
    const model = new SuccessModel();
    for (let i = 0; i < 10; i++) model.record('rollback', 'deployment_regression', 'error_spike', false);
    expect(model.predict('rollback', 'deployment_regression', 'error_spike')).toBeCloseTo(17 / 30, 10);
    for (let i = 0; i < 20; i++) model.record('rollback', 'deployment_regression', 'error_spike', true);
    expect(model.predict('rollback', 'deployment_regression', 'error_spike')).toBeCloseTo(37 / 50, 10);
  });

  it('keeps separate counts per strategy, cause and mechanism', () => {
    const model = new SuccessModel();
    model.record('restart', 'resource_exhaustion', 'memory_leak', false);
    const prior = new SuccessModel().predict('restart', 'resource_exhaustion', 'crash_loop');
    expect(model.predict('restart', 'resource_exhaustion', 'crash_loop')).toBe(prior);
    expect(model.predict('restart', 'resource_exhaustion', 'memory_leak')).toBeLessThan(prior);
  });

  it('loads counts from history, copying them', () => {
    const counts = { successes: 0, failures: 20 };
    const model = new SuccessModel();
    model.load([['scale_up|traffic_surge|cpu_saturation', counts]]);
    counts.failures = 0;
    expect(model.predict('scale_up', 'traffic_surge', 'cpu_saturation')).toBeCloseTo(15 / 40, 10);
  });
});
