import { describe, expect, it } from 'vitest';
import { TelemetryStore } from '../../connectors/memory/index.js';
import type { ServiceSnapshot } from '../engine/physics.js';
import { AlertEvaluator } from './alert-rules.js';

function feed(store: TelemetryStore, metric: string, values: number[], start = 1000, step = 15): void {
  for (const [i, v] of values.entries()) store.addSample('svc', metric, start + i * step, v);
}

describe('AlertEvaluator', () => {
  it('fires only after the expression held for its duration', () => {
    const store = new TelemetryStore();
    feed(store, 'error_rate', [0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    const evaluator = new AlertEvaluator();
    const fired: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t = 1000 + i * 15;
      if (evaluator.evaluate(store, ['svc'], t, new Map()).length) fired.push(t);
    }
    expect(fired.length).toBeGreaterThan(0);
    // 2m mean crosses 5% at the first bad sample; it must hold a further 60 s.
    expect(fired[0]).toBe(1000 + 4 * 15 + 60);
  });

  it('does not fire on a one-scrape blip', () => {
    const store = new TelemetryStore();
    feed(store, 'error_rate', [0, 0, 0, 0, 0.2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const evaluator = new AlertEvaluator();
    for (let i = 0; i < 14; i++)
      expect(evaluator.evaluate(store, ['svc'], 1000 + i * 15, new Map())).toEqual([]);
  });

  it('compares p99 latency with the service normal', () => {
    const store = new TelemetryStore();
    feed(
      store,
      'latency_p99',
      Array.from({ length: 20 }, () => 0.4),
    );
    const normal = new Map([['svc', { latency: { p50: 30, p95: 60, p99: 100 } } as ServiceSnapshot]]);
    const evaluator = new AlertEvaluator();
    let firing: string | undefined;
    for (let i = 0; i < 20; i++)
      firing ??= evaluator.evaluate(store, ['svc'], 1000 + i * 15, normal)[0]?.rule.name;
    expect(firing).toBe('HighLatencyP99');
  });
});
