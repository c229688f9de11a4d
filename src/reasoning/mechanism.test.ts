import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/index.js';
import { inferMechanism } from './mechanism.js';
import { buildServiceEvidence } from './service-evidence.js';
import { dependencyError, logPattern, metricAnomaly } from './testing/findings.js';

/** Evidence of one observed service `svc` from its findings. */
function evidenceOf(findings: Finding[], observed = true) {
  return buildServiceEvidence(findings, undefined, new Set(observed ? ['svc'] : [])).get('svc')!;
}

describe('inferMechanism', () => {
  it('names connection pool exhaustion from pool utilisation', () => {
    const evidence = evidenceOf([
      metricAnomaly('svc'),
      metricAnomaly('svc', {
        metric: 'db_pool_utilization',
        signal: 'connection_pool',
        utilization: 0.97,
        strength: 0.8,
      }),
    ]);
    expect(inferMechanism(evidence).mechanism).toBe('connection_pool_exhaustion');
  });

  it('does not call a pool at 60% exhausted', () => {
    const evidence = evidenceOf([
      metricAnomaly('svc', { strength: 0.9, magnitude: 5 }),
      metricAnomaly('svc', { metric: 'db_pool_utilization', signal: 'connection_pool', utilization: 0.6 }),
    ]);
    expect(inferMechanism(evidence).mechanism).toBe('error_spike');
  });

  it('names a full disk', () => {
    const evidence = evidenceOf([
      metricAnomaly('svc', { metric: 'disk_used', signal: 'disk', utilization: 0.96, shape: 'trend' }),
    ]);
    expect(inferMechanism(evidence).mechanism).toBe('disk_full');
  });

  it('names a memory leak from a rising memory trend, even below the limit', () => {
    const evidence = evidenceOf([
      metricAnomaly('svc', {
        metric: 'memory_utilization',
        signal: 'memory',
        shape: 'trend',
        utilization: 0.7,
      }),
    ]);
    const found = inferMechanism(evidence);
    expect(found.mechanism).toBe('memory_leak');
    expect(found.reason).toMatch(/rising/);
  });

  it('names CPU saturation at a high share of the allocation', () => {
    const evidence = evidenceOf([
      metricAnomaly('svc', { metric: 'latency_p99', signal: 'latency', magnitude: 3 }),
      metricAnomaly('svc', { metric: 'cpu', signal: 'cpu', utilization: 0.93 }),
    ]);
    expect(inferMechanism(evidence).mechanism).toBe('cpu_saturation');
  });

  it('tells an error spike from a latency degradation', () => {
    const errors = evidenceOf([
      metricAnomaly('svc', { strength: 0.9, magnitude: 10 }),
      metricAnomaly('svc', { metric: 'latency_p99', signal: 'latency', strength: 0.4, magnitude: 0.3 }),
    ]);
    expect(inferMechanism(errors).mechanism).toBe('error_spike');
    const latency = evidenceOf([
      metricAnomaly('svc', { strength: 0.4, magnitude: 0.2 }),
      metricAnomaly('svc', { metric: 'latency_p99', signal: 'latency', strength: 0.9, magnitude: 4 }),
    ]);
    expect(inferMechanism(latency).mechanism).toBe('latency_degradation');
  });

  it('uses a log signature when metrics name no resource', () => {
    const evidence = evidenceOf([logPattern('svc', { signature: 'oom', strength: 0.9 })]);
    expect(inferMechanism(evidence).mechanism).toBe('memory_leak');
  });

  it("judges a service without telemetry by its callers' log patterns", () => {
    const evidence = evidenceOf([dependencyError('caller', 'svc')], false);
    expect(evidence.observed).toBe(false);
    const timeouts = [logPattern('caller', { template: 'call to svc timed out after <*>', count: 40 })];
    const failures = [logPattern('caller', { template: 'call to svc failed: 503', count: 40 })];
    expect(inferMechanism(evidence, timeouts).mechanism).toBe('latency_degradation');
    expect(inferMechanism(evidence, failures).mechanism).toBe('error_spike');
    expect(inferMechanism(evidence, []).strength).toBeLessThan(0.5);
  });
});
