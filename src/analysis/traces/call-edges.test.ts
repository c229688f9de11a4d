import { describe, expect, it } from 'vitest';
import type { Span } from '../../core/telemetry.js';
import { callEdges } from './call-edges.js';

let counter = 0;
function span(
  trace: string,
  service: string,
  parent: string | null,
  extra: Partial<Span> = {},
): Span & { span_id: string } {
  counter += 1;
  return {
    trace_id: trace,
    span_id: extra.span_id ?? `s${counter}`,
    parent_span_id: parent,
    service,
    operation: 'op',
    start: 0,
    duration_ms: 10,
    status: 'ok',
    ...extra,
  };
}

describe('callEdges', () => {
  it('counts cross-service calls with errors and callee-side latency percentiles', () => {
    const spans: Span[] = [];
    for (let i = 0; i < 10; i++) {
      const root = span(`t${i}`, 'gateway', null);
      const client = span(`t${i}`, 'gateway', root.span_id, { operation: 'HTTP GET checkout' });
      const server = span(`t${i}`, 'checkout', client.span_id, {
        duration_ms: (i + 1) * 10,
        status: i === 9 ? 'error' : 'ok',
      });
      const db = span(`t${i}`, 'postgres', server.span_id, { duration_ms: 2 });
      spans.push(root, client, server, db);
    }
    const result = callEdges(spans);
    expect(result.traces_considered).toBe(10);
    expect(result.truncated).toBe(false);
    expect(result.edges).toEqual([
      {
        caller: 'checkout',
        callee: 'postgres',
        calls: 10,
        errors: 0,
        error_rate: 0,
        p50_ms: 2,
        p95_ms: 2,
      },
      {
        caller: 'gateway',
        callee: 'checkout',
        calls: 10,
        errors: 1,
        error_rate: 0.1,
        p50_ms: 55,
        p95_ms: 95.5,
      },
    ]);
  });

  it('adds no edge for a span whose parent is missing or in the same service', () => {
    const spans = [
      span('t', 'a', null, { span_id: 'root' }),
      span('t', 'a', 'root'),
      span('t', 'b', 'not-sampled'),
    ];
    expect(callEdges(spans).edges).toEqual([]);
  });

  it('still finds the edge when the child starts before its parent (clock skew)', () => {
    const spans = [
      span('t', 'a', null, { span_id: 'p', start: 100 }),
      span('t', 'b', 'p', { start: 99.2, duration_ms: 7 }),
    ];
    expect(callEdges(spans).edges).toMatchObject([{ caller: 'a', callee: 'b', calls: 1, p50_ms: 7 }]);
  });

  it('survives a parent cycle without looping and counts each remaining link once', () => {
    const spans = [
      span('t', 'a', 'y', { span_id: 'x', start: 1 }),
      span('t', 'b', 'x', { span_id: 'y', start: 2 }),
    ];
    // The cycle is broken at x (earliest), leaving x(a) -> y(b).
    expect(callEdges(spans).edges).toMatchObject([{ caller: 'a', callee: 'b', calls: 1 }]);
  });

  it('caps the traces considered and says so', () => {
    const spans: Span[] = [];
    for (let i = 0; i < 5; i++) {
      const root = span(`t${i}`, 'a', null);
      spans.push(root, span(`t${i}`, 'b', root.span_id));
    }
    const result = callEdges(spans, { maxTraces: 3 });
    expect(result).toMatchObject({ traces_considered: 3, truncated: true });
    expect(result.edges[0].calls).toBe(3);
  });

  it('returns no edges for no spans', () => {
    expect(callEdges([])).toEqual({ edges: [], traces_considered: 0, truncated: false });
  });
});

describe('callEdges at scale', () => {
  it('handles 84k spans in linear-ish time, capped at 20,000 traces', () => {
    const spans: Span[] = [];
    for (let t = 0; t < 21_000; t++) {
      const trace = `t${t}`;
      spans.push(
        {
          trace_id: trace,
          span_id: 'a',
          parent_span_id: null,
          service: 'gw',
          operation: 'x',
          start: t,
          duration_ms: 9,
          status: 'ok',
        },
        {
          trace_id: trace,
          span_id: 'b',
          parent_span_id: 'a',
          service: `s${t % 50}`,
          operation: 'y',
          start: t,
          duration_ms: t % 97,
          status: 'ok',
        },
        {
          trace_id: trace,
          span_id: 'c',
          parent_span_id: 'b',
          service: 'db',
          operation: 'z',
          start: t,
          duration_ms: 1,
          status: t % 10 ? 'ok' : 'error',
        },
        {
          trace_id: trace,
          span_id: 'd',
          parent_span_id: 'missing',
          service: 'db',
          operation: 'z',
          start: t,
          duration_ms: 1,
          status: 'ok',
        },
      );
    }
    const started = performance.now();
    const result = callEdges(spans);
    expect(result.traces_considered).toBe(20_000);
    expect(result.truncated).toBe(true);
    expect(result.edges).toHaveLength(100);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
