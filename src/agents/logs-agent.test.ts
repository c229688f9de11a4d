import { describe, expect, it } from 'vitest';
import type { DependencyErrorFinding, LogPatternFinding, LogSource } from '../core/index.js';
import { failure } from '../core/index.js';
import { LogsAgent } from './logs-agent.js';
import { TelemetryStore, testContext, WINDOW_END, WINDOW_START } from './testing/context.js';

const BASELINE_END = WINDOW_START + 1200;
const ONSET = WINDOW_START + 1800;

/** checkout logs routine lines and a steady warning all along; from ONSET it fails to reach payment. */
function incidentStore(): TelemetryStore {
  const store = new TelemetryStore();
  let n = 0;
  for (let t = WINDOW_START; t <= WINDOW_END; t += 20, n++) {
    store.addLog({
      timestamp: t,
      service: 'checkout',
      level: 'info',
      message: `handled order ${n} in ${n % 90} ms`,
    });
    if (n % 3 === 0) {
      store.addLog({
        timestamp: t,
        service: 'checkout',
        level: 'warn',
        message: `cache miss for key user-${n}`,
      });
    }
    if (t >= ONSET) {
      store.addLog({
        timestamp: t + 1,
        service: 'checkout',
        level: 'error',
        message: `call to payment failed: connection refused (attempt ${n % 3})`,
      });
    }
    if (t >= ONSET && n % 4 === 0) {
      // Names a host that is not a known service: no evidence edge.
      store.addLog({
        timestamp: t + 2,
        service: 'checkout',
        level: 'error',
        message: 'call to mystery-box failed: EOF',
      });
    }
  }
  return store;
}

const patterns = (findings: unknown[]) =>
  findings.filter((f): f is LogPatternFinding => (f as LogPatternFinding).kind === 'log_pattern');
const edges = (findings: unknown[]) =>
  findings.filter(
    (f): f is DependencyErrorFinding => (f as DependencyErrorFinding).kind === 'dependency_error',
  );

describe('LogsAgent', () => {
  const run = () => new LogsAgent().investigate(testContext(incidentStore(), ['checkout', 'payment']));

  it('reports a novel error template that appears after the baseline', async () => {
    const result = await run();
    expect(result.sources[0]).toMatchObject({ source: 'memory-logs', status: 'ok' });
    expect(result.observed_services).toEqual(['checkout']);
    const payment = patterns(result.findings).find((p) => p.mentions.includes('payment'));
    expect(payment).toBeDefined();
    expect(payment).toMatchObject({ service: 'checkout', level: 'error', novel: true, baseline_count: 0 });
    expect(payment!.count).toBeGreaterThanOrEqual(80);
    expect(payment!.first_seen).toBe(ONSET + 1);
    expect(payment!.strength).toBeGreaterThan(0.5);
    expect(payment!.examples[0]).toMatch(/call to payment failed/);
  });

  it('does not report a warning that runs at its baseline rate', async () => {
    const result = await run();
    expect(patterns(result.findings).some((p) => /cache miss/.test(p.template))).toBe(false);
    expect(patterns(result.findings).some((p) => p.level === 'info')).toBe(false);
  });

  it('turns error lines naming a known service into a dependency_error edge', async () => {
    const result = await run();
    const found = edges(result.findings);
    expect(found.map((e) => `${e.service}>${e.target}`)).toEqual(['checkout>payment']);
    const [edge] = found;
    expect(edge).toMatchObject({ via: 'logs', first_seen: ONSET + 1 });
    // Most of checkout's errors name payment; the rest name an unknown host.
    expect(edge.share).toBeGreaterThan(0.7);
    expect(edge.share).toBeLessThan(1);
    expect(edge.strength).toBeGreaterThan(0.5);
  });

  it('raises an increased known error template without calling it novel', async () => {
    const store = new TelemetryStore();
    for (let t = WINDOW_START; t <= WINDOW_END; t += 10) {
      const rate = t < BASELINE_END ? 600 : 20;
      if ((t - WINDOW_START) % rate === 0) {
        store.addLog({
          timestamp: t,
          service: 'api',
          level: 'error',
          message: `timeout reading row ${t % 97}`,
        });
      }
    }
    const result = await new LogsAgent().investigate(testContext(store, ['api']));
    const [pattern] = patterns(result.findings);
    expect(pattern).toMatchObject({ service: 'api', novel: false });
    expect(pattern.baseline_count).toBeGreaterThan(0);
    expect(pattern.summary).toMatch(/x baseline/);
  });

  it('reports a failing source as a source status and a source_error finding', async () => {
    const broken: LogSource = {
      id: 'loki',
      search: async () => failure('502 Bad Gateway', { connector: 'loki', query: 'q' }),
    };
    const result = await new LogsAgent().investigate(
      testContext(new TelemetryStore(), ['api'], { ports: { logs: broken } }),
    );
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'source_error',
        agent: 'logs',
        service: null,
        source: 'loki',
        status: 'error',
        message: '502 Bad Gateway',
        strength: 0,
      }),
    ]);
    expect(result.sources).toEqual([{ source: 'loki', status: 'error', detail: '502 Bad Gateway' }]);
    const empty = await new LogsAgent().investigate(testContext(new TelemetryStore(), ['api']));
    expect(empty.sources[0].status).toBe('no_data');
  });
});

describe('LogsAgent evidence edges', () => {
  it('counts each line towards the service it names, even when one template covers several targets', async () => {
    const store = new TelemetryStore();
    for (let t = WINDOW_START; t <= WINDOW_END; t += 30) {
      // Chronic, steady errors towards quotes all along: not news.
      store.addLog({
        timestamp: t,
        service: 'coupons',
        level: 'error',
        message: 'call to quotes failed: 500 Internal Server Error',
      });
      if (t >= ONSET) {
        for (let k = 0; k < 3; k++) {
          store.addLog({
            timestamp: t + k,
            service: 'coupons',
            level: 'error',
            message: 'call to tax failed: 503 Service Unavailable',
          });
        }
      }
    }
    const result = await new LogsAgent().investigate(testContext(store, ['coupons', 'quotes', 'tax']));
    const byTarget = new Map(edges(result.findings).map((e) => [e.target, e]));
    expect(byTarget.get('tax')?.count).toBeGreaterThan(100);
    expect(byTarget.get('tax')?.share).toBeGreaterThan(0.6);
    expect(byTarget.get('quotes')?.strength ?? 0).toBeLessThan(0.1);
  });
});
