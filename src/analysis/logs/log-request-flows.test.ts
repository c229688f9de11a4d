import { describe, expect, it } from 'vitest';
import type { LogLevel, LogRecord } from '../../core/telemetry.js';
import { logRequestFlows, reconstruct } from './log-request-flows.js';

const T0 = 1_772_368_200;
const INCIDENT = T0 + 600;

function line(
  trace: string | undefined,
  service: string,
  level: LogLevel,
  timestamp: number,
  message = `${service} ${level}`,
): LogRecord {
  return { timestamp, service, level, message, ...(trace ? { trace_id: trace } : {}) };
}

/**
 * One request through api-gateway -> checkout -> payment. Services log when their part
 * ends, so the callee logs first. `failAt` picks the service that fails first.
 */
function request(trace: string, at: number, failAt: 'payment' | 'checkout' | null): LogRecord[] {
  const lines = [line(trace, 'api-gateway', 'info', at, `GET /checkout trace=${trace}`)];
  if (failAt === 'payment') {
    lines.push(
      line(trace, 'payment', 'error', at + 0.1, `charge failed: connection pool exhausted (${trace})`),
      line(trace, 'checkout', 'warn', at + 0.2, 'retrying payment'),
      line(trace, 'checkout', 'error', at + 0.3, 'call to payment failed'),
      line(trace, 'api-gateway', 'error', at + 0.4, 'upstream checkout returned 502'),
    );
  } else if (failAt === 'checkout') {
    lines.push(
      line(trace, 'payment', 'info', at + 0.1, 'charged'),
      line(trace, 'checkout', 'error', at + 0.3, 'NullPointerException in CartService'),
      line(trace, 'api-gateway', 'error', at + 0.4, 'upstream checkout returned 500'),
    );
  } else {
    lines.push(
      line(trace, 'payment', 'info', at + 0.1, 'charged'),
      line(trace, 'checkout', 'info', at + 0.3),
    );
  }
  return lines;
}

/** Interleaves the lines of many requests the way a log backend returns them: by time. */
function interleave(requests: LogRecord[][]): LogRecord[] {
  return requests.flat().sort((a, b) => a.timestamp - b.timestamp);
}

describe('logRequestFlows: cross-service flows from trace ids', () => {
  // 40 failing requests in the incident (37 fail in payment, 3 in checkout), 20 healthy ones,
  // two requests failing in checkout before the incident, overlapping in time.
  const requests: LogRecord[][] = [];
  for (let i = 0; i < 40; i++) {
    requests.push(request(`t${i}`, INCIDENT + i * 0.25, i % 13 === 5 ? 'checkout' : 'payment'));
  }
  for (let i = 0; i < 20; i++) requests.push(request(`ok${i}`, INCIDENT + i * 0.3, null));
  requests.push(request('early1', T0 + 10, 'checkout'), request('early2', T0 + 20, 'checkout'));
  const records = interleave(requests);

  it('finds where the first error occurred, aggregated over failing requests', () => {
    const flows = logRequestFlows(records, { incidentStart: INCIDENT });
    expect(flows.failing_traces).toBe(40);
    expect(flows.baseline_failing_traces).toBe(2);
    expect(flows.truncated).toBe(false);
    expect(flows.groups.map((g) => [g.service, g.traces, g.baseline_traces])).toEqual([
      ['payment', 37, 0],
      ['checkout', 3, 2],
    ]);
    const [payment, checkout] = flows.groups;
    expect(payment.share).toBeCloseTo(37 / 40, 10);
    expect(payment.paths).toEqual([{ path: ['payment', 'checkout', 'api-gateway'], count: 37 }]);
    expect(checkout.paths).toEqual([{ path: ['checkout', 'api-gateway'], count: 3 }]);
    expect(payment.first_seen).toBe(INCIDENT + 0.1);
    expect(payment.last_seen).toBe(INCIDENT + 39 * 0.25 + 0.1);
    expect(payment.trace_ids).toEqual(['t0', 't1', 't2']);
    expect(payment.examples).toEqual([
      'charge failed: connection pool exhausted (t0)',
      'charge failed: connection pool exhausted (t1)',
      'charge failed: connection pool exhausted (t2)',
    ]);
    expect(checkout.examples).toEqual(['NullPointerException in CartService']);
  });

  it('orders each request by time, whatever order the lines arrive in', () => {
    const reversed = [...records].reverse();
    const flows = logRequestFlows(reversed, { incidentStart: INCIDENT });
    expect(flows.groups.map((g) => [g.service, g.traces, g.paths[0].path])).toEqual([
      ['payment', 37, ['payment', 'checkout', 'api-gateway']],
      ['checkout', 3, ['checkout', 'api-gateway']],
    ]);
  });

  it('reconstructs one request: services in order, the first error, and the path it took', () => {
    const one = reconstruct('t', request('t', INCIDENT, 'payment').reverse());
    expect(one).toEqual({
      trace_id: 't',
      first_error: {
        service: 'payment',
        timestamp: INCIDENT + 0.1,
        message: 'charge failed: connection pool exhausted (t)',
      },
      path: ['payment', 'checkout', 'api-gateway'],
      services: ['api-gateway', 'payment', 'checkout'],
    });
  });

  it('keeps the input order for lines logged in the same instant', () => {
    const at = INCIDENT;
    const one = reconstruct('t', [
      line('t', 'inventory', 'error', at, 'stock service unavailable'),
      line('t', 'cart', 'error', at, 'inventory call failed'),
    ]);
    expect(one?.first_error.service).toBe('inventory');
    expect(one?.path).toEqual(['inventory', 'cart']);
  });

  it('does not count a trace logged by one service only as a flow', () => {
    const flows = logRequestFlows(
      [
        line('solo', 'payment', 'info', INCIDENT),
        line('solo', 'payment', 'error', INCIDENT + 1),
        line(undefined, 'checkout', 'error', INCIDENT + 2),
      ],
      { incidentStart: T0 },
    );
    expect(flows).toEqual({
      failing_traces: 0,
      baseline_failing_traces: 0,
      single_service_traces: 1,
      groups: [],
      truncated: false,
    });
  });

  it('ignores warnings before the first error and healthy lines in the path', () => {
    const at = INCIDENT;
    const one = reconstruct('t', [
      line('t', 'gateway', 'warn', at, 'slow request'),
      line('t', 'cache', 'info', at + 1, 'miss'),
      line('t', 'db', 'fatal', at + 2, 'FATAL: the database system is shutting down'),
      line('t', 'cache', 'info', at + 3, 'fill'),
      line('t', 'orders', 'warn', at + 4, 'db query failed, falling back'),
      line('t', 'gateway', 'error', at + 5, '503 from orders'),
    ]);
    expect(one?.first_error.service).toBe('db');
    expect(one?.path).toEqual(['db', 'orders', 'gateway']);
    expect(one?.services).toEqual(['gateway', 'cache', 'db', 'orders']);
  });

  it('bounds the failing traces it keeps and says so', () => {
    const many = interleave(Array.from({ length: 50 }, (_, i) => request(`m${i}`, INCIDENT + i, 'payment')));
    const flows = logRequestFlows(many, { incidentStart: T0, maxTraces: 10, maxExamples: 1 });
    expect(flows.truncated).toBe(true);
    expect(flows.failing_traces).toBe(10);
    expect(flows.groups[0]).toMatchObject({ service: 'payment', traces: 10, trace_ids: ['m0'] });
  });

  it('truncates long example lines and keeps distinct ones', () => {
    const long = `OutOfMemoryError ${'x'.repeat(2000)}`;
    const flows = logRequestFlows(
      interleave(
        [0, 1, 2].map((i) => [
          line(`l${i}`, 'api', 'info', INCIDENT + i),
          line(`l${i}`, 'worker', 'error', INCIDENT + i + 0.5, long),
        ]),
      ),
      { incidentStart: T0, exampleChars: 100 },
    );
    expect(flows.groups[0].examples).toEqual([`${long.slice(0, 99)}…`]);
    expect(flows.groups[0].paths[0]).toEqual({ path: ['worker'], count: 3 });
  });

  it('returns nothing for no lines or lines without trace ids', () => {
    expect(logRequestFlows([], { incidentStart: T0 }).groups).toEqual([]);
    expect(logRequestFlows([line(undefined, 'a', 'error', T0)], { incidentStart: T0 }).failing_traces).toBe(
      0,
    );
  });
});
