import { describe, expect, it } from 'vitest';
import type { LogLevel, LogRecord } from '../../core/telemetry.js';
import { requestFlows } from './request-flows.js';

function line(
  trace: string | undefined,
  timestamp: number,
  service: string,
  level: LogLevel = 'info',
  message = 'ok',
): LogRecord {
  return { timestamp, service, level, message, ...(trace ? { trace_id: trace } : {}) };
}

/** Services log when a request completes: the deepest callee logs first. */
function failingCheckout(trace: string, t: number): LogRecord[] {
  return [
    line(trace, t + 0.3, 'gateway', 'error', 'upstream checkout returned 500'),
    line(trace, t + 0.1, 'payments', 'error', 'connection pool exhausted'),
    line(trace, t + 0.2, 'checkout', 'error', 'payments call failed'),
    line(trace, t + 0.05, 'inventory', 'info', 'GET /stock 200'),
  ];
}

describe('requestFlows', () => {
  it('orders each trace by time and finds the first service to log an error', () => {
    const result = requestFlows(failingCheckout('t1', 100));
    expect(result.flows).toEqual([
      {
        trace_id: 't1',
        services: ['inventory', 'payments', 'checkout', 'gateway'],
        first_error: { service: 'payments', timestamp: 100.1, message: 'connection pool exhausted' },
        records: 4,
        start: 100.05,
        end: 100.3,
      },
    ]);
  });

  it('aggregates which service errs first most often, and the common paths', () => {
    const records = [
      ...failingCheckout('t1', 100),
      ...failingCheckout('t2', 200),
      line('t3', 300, 'checkout', 'error', 'validation failed'),
      line('t3', 300.1, 'gateway', 'warn', 'checkout 400'),
      line('t4', 400, 'inventory'),
      line('t4', 400.1, 'gateway'),
      line(undefined, 500, 'gateway', 'error', 'no trace id'),
    ];
    const result = requestFlows(records);
    expect(result.traces_considered).toBe(4);
    expect(result.traces_with_errors).toBe(3);
    expect(result.first_errors).toEqual([
      { service: 'payments', traces: 2, share: 0.6667, example_trace_ids: ['t1', 't2'] },
      { service: 'checkout', traces: 1, share: 0.3333, example_trace_ids: ['t3'] },
    ]);
    expect(result.paths[0]).toEqual({
      services: ['inventory', 'payments', 'checkout', 'gateway'],
      traces: 2,
      errors: 2,
    });
    expect(result.flows.map((f) => f.trace_id)).toEqual(['t1', 't2', 't3', 't4']);
  });

  it('reports no first error for a trace that logged none', () => {
    const result = requestFlows([line('t', 1, 'a'), line('t', 2, 'b', 'warn')]);
    expect(result.flows[0]).toMatchObject({ services: ['a', 'b'], first_error: null });
    expect(result.first_errors).toEqual([]);
    expect(result.traces_with_errors).toBe(0);
  });

  it('keeps the input order for lines with the same timestamp', () => {
    const result = requestFlows([line('t', 5, 'b', 'error', 'first'), line('t', 5, 'a', 'fatal', 'second')]);
    expect(result.flows[0].first_error?.service).toBe('b');
    expect(result.flows[0].services).toEqual(['b', 'a']);
  });

  it('follows timestamps even when a skewed clock puts the caller first', () => {
    // The gateway host runs 1 s behind: its error line sorts before the callee's.
    const result = requestFlows([line('t', 10.5, 'db', 'error'), line('t', 9.6, 'gateway', 'error')]);
    expect(result.flows[0].first_error?.service).toBe('gateway');
  });

  it('caps traces, keeping those with errors, and caps the flows returned', () => {
    const records: LogRecord[] = [];
    for (let i = 0; i < 5; i++) records.push(line(`ok${i}`, i, 'a'));
    for (let i = 0; i < 5; i++) records.push(line(`bad${i}`, 10 + i, 'b', 'error'));
    const result = requestFlows(records, { maxTraces: 6, maxFlows: 2 });
    expect(result).toMatchObject({ traces_considered: 6, truncated: true, traces_with_errors: 5 });
    expect(result.flows.map((f) => f.trace_id)).toEqual(['bad0', 'bad1']);
  });

  it('handles 50k lines quickly, capped at 20,000 traces', () => {
    const records: LogRecord[] = [];
    for (let i = 0; i < 50_000; i++)
      records.push(line(`t${i % 25_000}`, i, `s${i % 7}`, i % 11 ? 'info' : 'error'));
    const started = performance.now();
    const result = requestFlows(records);
    expect(result.traces_considered).toBe(20_000);
    expect(result.truncated).toBe(true);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
