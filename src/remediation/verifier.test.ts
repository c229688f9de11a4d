import { describe, expect, it } from 'vitest';
import { MemoryMetricsSource, TelemetryStore } from '../connectors/memory/index.js';
import type { Finding, VerificationSpec } from '../core/index.js';
import { metricAnomaly } from '../reasoning/testing/findings.js';
import { checkRecovery } from './verifier.js';

const NOW = 1_700_010_000;
const ctx = { signal: new AbortController().signal };

/** A store where `metric` of `service` holds `value` over the ten minutes before NOW. */
function storeWith(series: { service: string; metric: string; value: number }[]): TelemetryStore {
  const store = new TelemetryStore();
  for (const { service, metric, value } of series) {
    for (let t = NOW - 600; t <= NOW; t += 15) store.addSample(service, metric, t, value);
  }
  return store;
}

const errorSpec: VerificationSpec = { signals: [{ service: 'api', metric: 'error_rate' }], deadline_s: 300 };
// error_rate went from 0.01 to 0.2: a quarter of the deviation is 0.0475.
const errorFindings: Finding[] = [metricAnomaly('api', { baseline: 0.01, peak: 0.2 })];

async function check(value: number, spec = errorSpec, findings = errorFindings, metric = 'error_rate') {
  const metrics = new MemoryMetricsSource(storeWith([{ service: 'api', metric, value }]));
  return checkRecovery(spec, findings, metrics, NOW, ctx);
}

describe('checkRecovery', () => {
  it('reports recovery when the signal is back near its baseline', async () => {
    const result = await check(0.03);
    expect(result.outcome).toBe('recovered');
    expect(result.signals).toEqual([
      { service: 'api', metric: 'error_rate', baseline: 0.01, before: 0.2, after: 0.03, recovered: true },
    ]);
  });

  it('counts an overshoot to the good side of an "up" metric as recovered', async () => {
    expect((await check(0)).outcome).toBe('recovered');
  });

  it('reports no recovery while the signal still deviates', async () => {
    const result = await check(0.1);
    expect(result.outcome).toBe('not_recovered');
    expect(result.detail).toMatch(/api error_rate/);
    expect(result.signals[0].recovered).toBe(false);
  });

  it('judges a "down" metric from below', async () => {
    const spec: VerificationSpec = { signals: [{ service: 'api', metric: 'rps' }], deadline_s: 300 };
    const findings = [
      metricAnomaly('api', { metric: 'rps', signal: 'traffic', direction: 'down', baseline: 100, peak: 20 }),
    ];
    expect((await check(95, spec, findings, 'rps')).outcome).toBe('recovered');
    expect((await check(140, spec, findings, 'rps')).outcome).toBe('recovered');
    expect((await check(40, spec, findings, 'rps')).outcome).toBe('not_recovered');
  });

  it('judges a counter (restarts) by its increments: the count stays high, the rate is back to zero', async () => {
    const spec: VerificationSpec = { signals: [{ service: 'api', metric: 'restarts' }], deadline_s: 300 };
    // During the incident pods restarted about once per sample; the metrics agent saw increments 0 → 1.
    const findings = [metricAnomaly('api', { metric: 'restarts', signal: 'restarts', baseline: 0, peak: 1 })];
    const settled = new TelemetryStore();
    for (let t = NOW - 600; t <= NOW; t += 15) settled.addSample('api', 'restarts', t, 42);
    const stopped = await checkRecovery(spec, findings, new MemoryMetricsSource(settled), NOW, ctx);
    expect(stopped.outcome).toBe('recovered');
    expect(stopped.signals[0].after).toBe(0);
    const crashing = new TelemetryStore();
    for (let t = NOW - 600, n = 42; t <= NOW; t += 15, n++) crashing.addSample('api', 'restarts', t, n);
    expect((await checkRecovery(spec, findings, new MemoryMetricsSource(crashing), NOW, ctx)).outcome).toBe(
      'not_recovered',
    );
  });

  it('uses the median of recent samples, so one outlier does not decide', async () => {
    const store = storeWith([{ service: 'api', metric: 'error_rate', value: 0.02 }]);
    store.addSample('api', 'error_rate', NOW, 0.5);
    store.sortAll();
    const result = await checkRecovery(errorSpec, errorFindings, new MemoryMetricsSource(store), NOW, ctx);
    expect(result.outcome).toBe('recovered');
  });

  it('says no_data without a metrics source, without signals, or without recent samples', async () => {
    expect((await checkRecovery(errorSpec, errorFindings, undefined, NOW, ctx)).outcome).toBe('no_data');
    const metrics = new MemoryMetricsSource(
      storeWith([{ service: 'api', metric: 'error_rate', value: 0.01 }]),
    );
    const empty = await checkRecovery({ signals: [], deadline_s: 60 }, errorFindings, metrics, NOW, ctx);
    expect(empty.outcome).toBe('no_data');
    const later = await checkRecovery(errorSpec, errorFindings, metrics, NOW + 3600, ctx);
    expect(later.outcome).toBe('no_data');
    expect(later.signals[0].after).toBeNull();
  });

  it('does not call a signal recovered without the anomaly it is judged against', async () => {
    const result = await check(0.01, errorSpec, []);
    expect(result.outcome).toBe('not_recovered');
    expect(result.signals[0]).toMatchObject({ baseline: null, after: 0.01, recovered: false });
  });

  it('computes memory_utilization from memory and memory_limit', async () => {
    const spec: VerificationSpec = {
      signals: [{ service: 'api', metric: 'memory_utilization' }],
      deadline_s: 300,
    };
    const findings = [
      metricAnomaly('api', { metric: 'memory_utilization', signal: 'memory', baseline: 0.5, peak: 0.95 }),
    ];
    const at = (memory: number) =>
      checkRecovery(
        spec,
        findings,
        new MemoryMetricsSource(
          storeWith([
            { service: 'api', metric: 'memory', value: memory },
            { service: 'api', metric: 'memory_limit', value: 1000 },
          ]),
        ),
        NOW,
        ctx,
      );
    const healthy = await at(400);
    expect(healthy.outcome).toBe('recovered');
    expect(healthy.signals[0].after).toBeCloseTo(0.4, 10);
    const leaking = await at(900);
    expect(leaking.outcome).toBe('not_recovered');
    expect(leaking.signals[0].after).toBeCloseTo(0.9, 10);
  });

  it('does not call a recovery that will not hold recovered: back in the band, climbing steadily out of it', async () => {
    const spec: VerificationSpec = {
      signals: [{ service: 'api', metric: 'memory_utilization' }],
      deadline_s: 300,
    };
    const findings = [
      metricAnomaly('api', { metric: 'memory_utilization', signal: 'memory', baseline: 0.5, peak: 0.95 }),
    ];
    // A restarted heap: 0.5 of the limit three minutes ago, 0.03 more every minute since.
    const store = new TelemetryStore();
    for (let t = NOW - 180; t <= NOW; t += 15) {
      store.addSample('api', 'memory', t, 1000 * (0.5 + (0.03 * (t - NOW + 180)) / 60));
      store.addSample('api', 'memory_limit', t, 1000);
    }
    const result = await checkRecovery(spec, findings, new MemoryMetricsSource(store), NOW, ctx);
    // The median of the last two minutes (0.56) is inside the band (0.6125)...
    expect(result.signals[0].after).toBeCloseTo(0.56, 5);
    // ...but the climb leaves it within the next two minutes.
    expect(result.signals[0].recovered).toBe(false);
    expect(result.outcome).toBe('not_recovered');
    expect(result.detail).toMatch(
      /^not holding, drifting back towards the incident: api memory_utilization \(0\.59 now, 0\.65 in 2m\)$/,
    );
    // The same level, flat, holds.
    const flat = await check(0.03);
    expect(flat.outcome).toBe('recovered');
  });

  it('computes db_pool_utilization from used and max connections, skipping a zero limit', async () => {
    const spec: VerificationSpec = {
      signals: [{ service: 'api', metric: 'db_pool_utilization' }],
      deadline_s: 300,
    };
    const findings = [
      metricAnomaly('api', {
        metric: 'db_pool_utilization',
        signal: 'connection_pool',
        baseline: 0.3,
        peak: 1,
      }),
    ];
    const store = storeWith([
      { service: 'api', metric: 'db_connections_used', value: 6 },
      { service: 'api', metric: 'db_connections_max', value: 20 },
    ]);
    const result = await checkRecovery(spec, findings, new MemoryMetricsSource(store), NOW, ctx);
    expect(result.signals[0].after).toBeCloseTo(0.3, 10);
    expect(result.outcome).toBe('recovered');
    const zero = storeWith([
      { service: 'api', metric: 'db_connections_used', value: 6 },
      { service: 'api', metric: 'db_connections_max', value: 0 },
    ]);
    const broken = await checkRecovery(spec, findings, new MemoryMetricsSource(zero), NOW, ctx);
    expect(broken.outcome).toBe('no_data');
  });
});
