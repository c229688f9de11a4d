import { describe, expect, it } from 'vitest';
import type { Span } from '../../core/telemetry.js';
import { hopLatency } from './hop-latency.js';

/** One trace a -> b (and b -> c) at time `t`, with the given callee durations. */
function trace(id: string, t: number, bMs: number, cMs?: number, bStatus: Span['status'] = 'ok'): Span[] {
  const spans: Span[] = [
    {
      trace_id: id,
      span_id: `${id}a`,
      parent_span_id: null,
      service: 'a',
      operation: 'GET /',
      start: t,
      duration_ms: bMs + 1,
      status: 'ok',
    },
    {
      trace_id: id,
      span_id: `${id}b`,
      parent_span_id: `${id}a`,
      service: 'b',
      operation: 'rpc',
      start: t,
      duration_ms: bMs,
      status: bStatus,
    },
  ];
  if (cMs !== undefined) {
    spans.push({
      trace_id: id,
      span_id: `${id}c`,
      parent_span_id: `${id}b`,
      service: 'c',
      operation: 'q',
      start: t,
      duration_ms: cMs,
      status: 'ok',
    });
  }
  return spans;
}

describe('hopLatency', () => {
  it('compares each edge before and during the incident, slowest-growing first', () => {
    const spans = [
      ...trace('t1', 100, 10, 4),
      ...trace('t2', 110, 20, 4),
      ...trace('t3', 200, 100, 5),
      ...trace('t4', 210, 200, 5, 'error'),
    ];
    const result = hopLatency(spans, { start: 0, end: 150 }, { start: 150, end: 300 });
    expect(result.hops).toEqual([
      {
        caller: 'a',
        callee: 'b',
        baseline: { calls: 2, errors: 0, p50_ms: 15, p95_ms: 19.5 },
        incident: { calls: 2, errors: 1, p50_ms: 150, p95_ms: 195 },
        p50_ratio: 10,
        p95_ratio: 10,
      },
      {
        caller: 'b',
        callee: 'c',
        baseline: { calls: 2, errors: 0, p50_ms: 4, p95_ms: 4 },
        incident: { calls: 2, errors: 0, p50_ms: 5, p95_ms: 5 },
        p50_ratio: 1.25,
        p95_ratio: 1.25,
      },
    ]);
  });

  it('gives a null ratio to an edge seen only during the incident, and lists it last', () => {
    const spans = [...trace('t1', 100, 10), ...trace('t2', 200, 30, 9)];
    const result = hopLatency(spans, { start: 0, end: 150 }, { start: 150, end: 300 });
    expect(result.hops.map((h) => [h.caller, h.callee, h.p95_ratio])).toEqual([
      ['a', 'b', 3],
      ['b', 'c', null],
    ]);
  });

  it('derives the windows when none are given: the last quarter is the incident', () => {
    const spans = [...trace('t1', 0, 10), ...trace('t2', 50, 10), ...trace('t3', 100, 40)];
    const result = hopLatency(spans);
    expect(result.incident.start).toBe(75);
    expect(result.baseline).toEqual({ start: 0, end: 75 });
    expect(result.hops[0]).toMatchObject({
      baseline: { calls: 2 },
      incident: { calls: 1, p50_ms: 40 },
      p50_ratio: 4,
    });
  });

  it('places a call by its callee start, even when skewed before its parent', () => {
    const spans: Span[] = [
      {
        trace_id: 't',
        span_id: 'p',
        parent_span_id: null,
        service: 'a',
        operation: 'x',
        start: 150.2,
        duration_ms: 9,
        status: 'ok',
      },
      {
        trace_id: 't',
        span_id: 'c',
        parent_span_id: 'p',
        service: 'b',
        operation: 'y',
        start: 149.9,
        duration_ms: 8,
        status: 'ok',
      },
    ];
    const result = hopLatency(spans, { start: 0, end: 150 }, { start: 150, end: 300 });
    expect(result.hops[0]).toMatchObject({ baseline: { calls: 1 }, incident: { calls: 0, p50_ms: null } });
  });

  it('returns no hops for no spans', () => {
    expect(hopLatency([]).hops).toEqual([]);
  });
});
