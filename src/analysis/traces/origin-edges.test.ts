import { describe, expect, it } from 'vitest';
import type { Span } from '../../core/telemetry.js';
import { originEdges } from './origin-edges.js';

function span(
  trace: string,
  id: string,
  parent: string | null,
  service: string,
  status: Span['status'],
  start: number,
  operation = 'op',
): Span {
  return {
    trace_id: trace,
    span_id: id,
    parent_span_id: parent,
    service,
    operation,
    start,
    duration_ms: 5,
    status,
  };
}

/** gateway → checkout → payments; `failing` decides which service the error starts in. */
function request(trace: string, start: number, failing: 'payments' | 'checkout' | 'none'): Span[] {
  return [
    span(trace, 'g', null, 'gateway', failing === 'none' ? 'ok' : 'error', start),
    span(trace, 'c', 'g', 'checkout', failing === 'none' ? 'ok' : 'error', start + 0.01),
    span(trace, 'p', 'c', 'payments', failing === 'payments' ? 'error' : 'ok', start + 0.02, 'charge'),
  ];
}

describe('originEdges', () => {
  it('names the caller → origin edge of each failing trace, split into baseline and incident', () => {
    const spans = [
      ...request('b1', 10, 'checkout'),
      ...request('b2', 20, 'none'),
      ...request('i1', 110, 'payments'),
      ...request('i2', 120, 'payments'),
      ...request('i3', 130, 'checkout'),
      ...request('i4', 140, 'none'),
    ];
    const result = originEdges(spans, { split: 100 });
    expect(result.error_traces).toBe(3);
    expect(result.baseline_error_traces).toBe(1);
    expect(
      result.edges.map((e) => [e.caller, e.callee, e.traces, e.baseline_traces, e.first_seen, e.last_seen]),
    ).toEqual([
      ['checkout', 'payments', 2, 0, 110.02, 120.02],
      ['gateway', 'checkout', 1, 1, 130.01, 130.01],
    ]);
    expect(result.edges[0].example_trace_ids).toEqual(['i1', 'i2']);
    expect(result.edges[0].peer).toBe(false);
  });

  it('attributes a failing leaf client span to the peer its operation names', () => {
    const spans = [0, 1, 2].flatMap((i) => [
      span(`t${i}`, 'g', null, 'gateway', 'error', 200 + i),
      span(`t${i}`, 'c', 'g', 'checkout', 'error', 200.1 + i),
      span(`t${i}`, 'x', 'c', 'checkout', 'error', 200.2 + i, 'HTTP POST payment-provider'),
    ]);
    const result = originEdges(spans, {
      split: 100,
      knownServices: ['gateway', 'checkout', 'payment-provider'],
    });
    expect(result.edges.map((e) => [e.caller, e.callee, e.traces, e.peer])).toEqual([
      ['checkout', 'payment-provider', 3, true],
    ]);
  });

  it('does not take a name inside a longer word for a peer, and counts callerless origins', () => {
    const spans = [
      span('t1', 'g', null, 'gateway', 'error', 200, 'GET /api/payment-provider-status'),
      span('t2', 'g', null, 'gateway', 'error', 201, 'GET /x'),
    ];
    const result = originEdges(spans, { split: 100, knownServices: ['payment-provider', 'gateway'] });
    expect(result.edges).toEqual([]);
    expect(result.root_origins.get('gateway')).toBe(2);
  });
});
