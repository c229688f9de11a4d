import { describe, expect, it } from 'vitest';
import type { Span } from '../../core/telemetry.js';
import { errorOrigins } from './error-origins.js';

function span(
  trace: string,
  span_id: string,
  parent: string | null,
  service: string,
  status: Span['status'],
  start = 0,
  operation = 'op',
): Span {
  return {
    trace_id: trace,
    span_id,
    parent_span_id: parent,
    service,
    operation,
    start,
    duration_ms: 5,
    status,
  };
}

/** gateway -> checkout -> payments, with the error starting in payments and propagating up. */
function propagated(trace: string): Span[] {
  return [
    span(trace, 'g', null, 'gateway', 'error', 0),
    span(trace, 'c', 'g', 'checkout', 'error', 1),
    span(trace, 'p', 'c', 'payments', 'error', 2, 'charge'),
    span(trace, 'i', 'c', 'inventory', 'ok', 3),
  ];
}

describe('errorOrigins', () => {
  it('attributes a propagated error to the deepest failing service', () => {
    const result = errorOrigins([...propagated('t1'), ...propagated('t2')]);
    expect(result.traces_with_errors).toBe(2);
    expect(result.origins).toEqual([
      {
        service: 'payments',
        traces: 2,
        share: 1,
        operations: [{ operation: 'charge', count: 2 }],
        example_trace_ids: ['t1', 't2'],
      },
    ]);
  });

  it('aggregates per service, most frequent first, and ignores traces without errors', () => {
    const spans = [
      ...propagated('t1'),
      ...propagated('t2'),
      span('t3', 'g', null, 'gateway', 'error'),
      span('t3', 'c', 'g', 'checkout', 'error', 1, 'validate'),
      span('t4', 'g', null, 'gateway', 'ok'),
      span('t4', 'c', 'g', 'checkout', 'ok'),
    ];
    const result = errorOrigins(spans);
    expect(result.traces_considered).toBe(4);
    expect(result.traces_with_errors).toBe(3);
    expect(result.origins.map((o) => [o.service, o.traces, o.share])).toEqual([
      ['payments', 2, 0.6667],
      ['checkout', 1, 0.3333],
    ]);
  });

  it('reports nothing for a trace with no errors', () => {
    const result = errorOrigins([span('t', 'a', null, 'a', 'ok'), span('t', 'b', 'a', 'b', 'ok')]);
    expect(result).toEqual({ origins: [], traces_with_errors: 0, traces_considered: 1, truncated: false });
  });

  it('takes the earliest of two independent failures, not the input order', () => {
    const spans = [
      span('t', 'root', null, 'api', 'error', 0),
      span('t', 'late', 'root', 'search', 'error', 5),
      span('t', 'early', 'root', 'auth', 'error', 1),
    ];
    expect(errorOrigins(spans).origins.map((o) => o.service)).toEqual(['auth']);
  });

  it('uses structure, not time, when the failing child starts before its parent (clock skew)', () => {
    const spans = [span('t', 'p', null, 'api', 'error', 100), span('t', 'c', 'p', 'db', 'error', 99)];
    expect(errorOrigins(spans).origins.map((o) => o.service)).toEqual(['db']);
  });

  it('treats an error span whose parent is missing as its own origin candidate', () => {
    const spans = [span('t', 'c', 'not-sampled', 'db', 'error', 3), span('t', 'r', null, 'api', 'ok', 0)];
    expect(errorOrigins(spans).origins.map((o) => o.service)).toEqual(['db']);
  });

  it('finds an origin inside a parent cycle without looping', () => {
    const spans = [span('t', 'x', 'y', 'a', 'error', 1), span('t', 'y', 'x', 'b', 'error', 2)];
    // Broken at x (earliest): x(a) -> y(b); y has no erroring child, so b is the origin.
    expect(errorOrigins(spans).origins.map((o) => o.service)).toEqual(['b']);
  });

  it('keeps erroring traces first when capping and limits examples', () => {
    const spans: Span[] = [];
    for (let i = 0; i < 4; i++) spans.push(span(`ok${i}`, 'a', null, 'a', 'ok'));
    for (let i = 0; i < 4; i++) spans.push(span(`bad${i}`, 'a', null, 'a', 'error'));
    const result = errorOrigins(spans, { maxTraces: 3, maxExamples: 2 });
    expect(result.truncated).toBe(true);
    expect(result.traces_with_errors).toBe(3);
    expect(result.origins[0].example_trace_ids).toEqual(['bad0', 'bad1']);
  });
});
