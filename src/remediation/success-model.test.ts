import { describe, expect, it } from 'vitest';
import { defaultPrior, PRIOR_STRENGTH, SuccessModel, successKey } from './success-model.js';

describe('SuccessModel', () => {
  it('predicts the documented prior mean without history: reliability × preference fit', () => {
    const model = new SuccessModel();
    // rollback is the first choice for a deployment regression: reliability 0.85, fit 1.
    expect(model.predict('rollback', 'deployment_regression', 'error_spike')).toBeCloseTo(0.85, 10);
    // restart is a fallback (preference 2, fit 0.5) for it: 0.6 × 0.5.
    expect(model.predict('restart', 'deployment_regression', 'error_spike')).toBeCloseTo(0.3, 10);
    // A strategy that does not treat the cause at all gets a small prior.
    expect(model.predict('failover', 'config_change', 'error_spike')).toBeCloseTo(0.0375, 10);
    const prior = defaultPrior('rollback', 'deployment_regression', 'error_spike');
    expect(prior.alpha + prior.beta).toBeCloseTo(PRIOR_STRENGTH, 10);
  });

  it('moves the Beta posterior mean with recorded outcomes', () => {
    const model = new SuccessModel();
    for (let i = 0; i < 10; i++) model.record('rollback', 'deployment_regression', 'error_spike', false);
    expect(model.predict('rollback', 'deployment_regression', 'error_spike')).toBeCloseTo(8.5 / 20, 10);
    for (let i = 0; i < 20; i++) model.record('rollback', 'deployment_regression', 'error_spike', true);
    const posterior = model.posterior('rollback', 'deployment_regression', 'error_spike');
    expect(posterior).toMatchObject({ observations: 30 });
    expect(posterior.alpha).toBeCloseTo(28.5, 10);
    expect(posterior.beta).toBeCloseTo(11.5, 10);
    expect(posterior.mean).toBeCloseTo(28.5 / 40, 10);
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
    model.load([[successKey('scale_up', 'traffic_surge', 'cpu_saturation'), counts]]);
    counts.failures = 0;
    expect(model.predict('scale_up', 'traffic_surge', 'cpu_saturation')).toBeCloseTo(7.5 / 30, 10);
  });
});
