import { describe, expect, it } from 'vitest';
import { MemoryTraceSource } from '../connectors/memory/index.js';
import type { DependencyErrorFinding, Span, TraceSource } from '../core/index.js';
import { failure } from '../core/index.js';
import { TelemetryStore, testContext, WINDOW_START } from './testing/context.js';
import { TracesAgent } from './traces-agent.js';

const BASELINE_END = WINDOW_START + 1200;

/** gateway → checkout → payments, and checkout's client span to an external provider. */
function request(
  id: string,
  start: number,
  failing: 'payments' | 'provider' | 'none',
  slowDb = false,
): Span[] {
  const s = (
    span_id: string,
    parent: string | null,
    service: string,
    operation: string,
    ms: number,
    error: boolean,
  ): Span => ({
    trace_id: id,
    span_id,
    parent_span_id: parent,
    service,
    operation,
    start,
    duration_ms: ms,
    status: error ? 'error' : 'ok',
  });
  const failed = failing !== 'none';
  return [
    s('g', null, 'gateway', 'GET /checkout', 50, failed),
    s('c', 'g', 'checkout', 'POST /checkout', 40, failed),
    s('p', 'c', 'payments', 'POST /charge', slowDb ? 400 : 20, failing === 'payments'),
    s('x', 'c', 'checkout', 'HTTP POST card-provider', 10, failing === 'provider'),
  ];
}

function storeWith(spans: Span[]): TelemetryStore {
  const store = new TelemetryStore();
  for (const span of spans) store.addSpan(span);
  store.sortAll();
  return store;
}

function run(store: TelemetryStore, traces: TraceSource | null = new MemoryTraceSource(store)) {
  const context = testContext(store, ['gateway', 'checkout', 'payments', 'card-provider']);
  return new TracesAgent().investigate({
    ...context,
    ports: { ...context.ports, traces: traces ?? undefined },
  });
}

describe('TracesAgent', () => {
  it('turns failing traces into an evidence edge from the caller to where the errors start', async () => {
    const spans = [
      ...Array.from({ length: 40 }, (_, i) =>
        request(`b${i}`, WINDOW_START + 20 * i, i === 7 ? 'payments' : 'none'),
      ),
      ...Array.from({ length: 40 }, (_, i) =>
        request(`i${i}`, BASELINE_END + 60 + 20 * i, i % 4 ? 'payments' : 'none'),
      ),
    ].flat();
    const result = await run(storeWith(spans));
    const edges = result.findings as DependencyErrorFinding[];
    const errors = edges.filter((f) => f.summary.includes('failing traces'));
    expect(errors.map((f) => [f.service, f.target, f.via, f.count, f.share])).toEqual([
      ['checkout', 'payments', 'traces', 30, 1],
    ]);
    expect(errors[0].strength).toBeGreaterThan(0.5);
    expect(errors[0].first_seen).toBe(BASELINE_END + 80);
    expect(result.sources).toEqual([{ source: 'memory-traces', status: 'ok', detail: '320 spans' }]);
    expect(result.observed_services.sort()).toEqual(['checkout', 'gateway', 'payments']);
  });

  it('names an external provider seen only in its callers client spans', async () => {
    const spans = Array.from({ length: 40 }, (_, i) =>
      request(`i${i}`, BASELINE_END + 60 + 20 * i, i % 2 ? 'provider' : 'none'),
    ).flat();
    const edges = (await run(storeWith(spans))).findings as DependencyErrorFinding[];
    expect(edges.map((f) => [f.service, f.target])).toEqual([['checkout', 'card-provider']]);
  });

  it('reports a hop that got slower while its callee made no slower calls', async () => {
    const spans = [
      ...Array.from({ length: 40 }, (_, i) => request(`b${i}`, WINDOW_START + 20 * i, 'none')),
      ...Array.from({ length: 40 }, (_, i) => request(`i${i}`, BASELINE_END + 60 + 20 * i, 'none', true)),
    ].flat();
    const edges = (await run(storeWith(spans))).findings as DependencyErrorFinding[];
    expect(edges.map((f) => [f.service, f.target, f.via])).toEqual([['checkout', 'payments', 'traces']]);
    expect(edges[0].summary).toContain('20× slower');
  });

  it('ignores errors at the background rate of the baseline', async () => {
    const spans = Array.from({ length: 80 }, (_, i) =>
      request(`t${i}`, WINDOW_START + 40 * i, i % 10 === 0 ? 'payments' : 'none'),
    ).flat();
    expect((await run(storeWith(spans))).findings).toEqual([]);
  });

  it('says so when the trace backend fails or is absent, and finds nothing', async () => {
    const broken: TraceSource = {
      id: 'jaeger',
      spans: async () => failure('HTTP 503', { connector: 'jaeger', query: 'q' }),
    };
    const failed = await run(new TelemetryStore(), broken);
    expect(failed.findings).toEqual([]);
    expect(failed.sources[0]).toMatchObject({ source: 'jaeger', status: 'error' });
    const absent = await run(new TelemetryStore(), null);
    expect(absent.sources[0]).toMatchObject({ status: 'absent' });
  });
});
