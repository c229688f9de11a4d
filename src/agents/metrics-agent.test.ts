import { describe, expect, it } from 'vitest';
import type { Finding, MetricAnomalyFinding, MetricsSource, Outcome, Series } from '../core/index.js';
import { failure, ok } from '../core/index.js';
import { MetricsAgent } from './metrics-agent.js';
import { TelemetryStore, testContext, WINDOW_END, WINDOW_START } from './testing/context.js';

const ONSET = WINDOW_START + 1800;

/** A wobble that is deterministic but not constant, like real noise. */
const wobble = (i: number, size: number) => size * Math.sin(i * 1.7) * Math.cos(i * 0.3);

/** api's error rate shifts from 1% to 20% at ONSET; web stays healthy; both serve ~50 rps. */
function incidentStore(): TelemetryStore {
  const store = new TelemetryStore();
  let i = 0;
  for (let t = WINDOW_START; t <= WINDOW_END; t += 15, i++) {
    store.addSample('api', 'error_rate', t, (t < ONSET ? 0.01 : 0.2) + wobble(i, 0.002));
    store.addSample('web', 'error_rate', t, 0.01 + wobble(i + 7, 0.002));
    store.addSample('api', 'rps', t, 50 + wobble(i, 2));
    store.addSample('web', 'rps', t, 50 + wobble(i + 3, 2));
  }
  return store;
}

const anomalies = (findings: Finding[]) =>
  findings.filter((f): f is MetricAnomalyFinding => f.kind === 'metric_anomaly');

describe('MetricsAgent', () => {
  it('reports a level shift in error_rate with its onset near the change', async () => {
    const result = await new MetricsAgent().investigate(testContext(incidentStore(), ['api', 'web']));
    expect(result.agent).toBe('metrics');
    expect(new Set(result.observed_services)).toEqual(new Set(['api', 'web']));
    expect(result.sources).toEqual([{ source: 'memory-metrics', status: 'ok' }]);
    const errors = anomalies(result.findings).filter((f) => f.metric === 'error_rate');
    expect(errors.map((f) => f.service)).toEqual(['api']);
    const [finding] = errors;
    expect(finding).toMatchObject({ signal: 'errors', direction: 'up', ongoing: true });
    expect(Math.abs(finding.onset - ONSET)).toBeLessThanOrEqual(60);
    expect(finding.baseline).toBeCloseTo(0.01, 2);
    expect(finding.peak).toBeGreaterThan(0.18);
    expect(finding.strength).toBeGreaterThan(0.5);
    expect(finding.summary).toMatch(/error_rate rose/);
    expect(result.findings.some((f) => f.service === 'web')).toBe(false);
  });

  it('reports utilisation against a limit for memory', async () => {
    const store = new TelemetryStore();
    let i = 0;
    for (let t = WINDOW_START; t <= WINDOW_END; t += 15, i++) {
      store.addSample('api', 'memory', t, (t < ONSET ? 400 : 400 + (t - ONSET) * 0.3) + wobble(i, 3));
      store.addSample('api', 'memory_limit', t, 1000);
    }
    const result = await new MetricsAgent().investigate(testContext(store, ['api']));
    const memory = anomalies(result.findings).find((f) => f.signal === 'memory');
    expect(memory?.metric).toBe('memory_utilization');
    expect(memory?.utilization).toBeGreaterThan(0.85);
    // The raw series is replaced by its utilisation.
    expect(anomalies(result.findings).some((f) => f.metric === 'memory')).toBe(false);
  });

  it('reports a failing source as a source status, not a throw', async () => {
    const broken: MetricsSource = {
      id: 'prom',
      async metricNames() {
        return failure('connection refused', { connector: 'prom', query: 'names' });
      },
      async range() {
        throw new Error('not reached');
      },
    };
    const result = await new MetricsAgent().investigate(
      testContext(new TelemetryStore(), ['api'], { ports: { metrics: broken } }),
    );
    expect(result.findings).toEqual([]);
    expect(result.sources).toEqual([{ source: 'prom', status: 'error', detail: 'connection refused' }]);
  });

  it('reports a failing range query per metric and keeps the others', async () => {
    const store = incidentStore();
    const inner = testContext(store, ['api', 'web']).ports.metrics!;
    const flaky: MetricsSource = {
      id: 'flaky',
      metricNames: (ctx) => inner.metricNames(ctx),
      async range(query, ctx): Promise<Outcome<Series[]>> {
        if (query.metric === 'rps') return failure('timeout', { connector: 'flaky', query: 'rps' }, true);
        return inner.range(query, ctx);
      },
    };
    const result = await new MetricsAgent().investigate(
      testContext(store, ['api', 'web'], { ports: { metrics: flaky } }),
    );
    expect(result.sources).toEqual([{ source: 'flaky:rps', status: 'error', detail: 'timeout' }]);
    expect(anomalies(result.findings).some((f) => f.service === 'api' && f.metric === 'error_rate')).toBe(
      true,
    );
  });

  it('says absent without a metrics source and no_data without metrics', async () => {
    const absent = await new MetricsAgent().investigate(
      testContext(new TelemetryStore(), ['api'], { ports: {} }),
    );
    expect(absent.sources[0].status).toBe('absent');
    const silent: MetricsSource = {
      id: 'empty',
      metricNames: async () => ok([], { connector: 'empty', query: 'names' }),
      range: async () => ok([], { connector: 'empty', query: 'x' }),
    };
    const empty = await new MetricsAgent().investigate(
      testContext(new TelemetryStore(), ['api'], { ports: { metrics: silent } }),
    );
    expect(empty.sources[0].status).toBe('no_data');
    expect(empty.findings).toEqual([]);
  });
});
