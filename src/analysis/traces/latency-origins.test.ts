import { describe, expect, it } from 'vitest';
import type { Span } from '../../core/telemetry.js';
import { latencyOrigins } from './latency-origins.js';

/** gateway → api → db, plus api's client span to an external peer; durations per hop. */
function trace(id: string, start: number, dbMs: number, apiMs: number, peerMs: number): Span[] {
  const s = (
    span_id: string,
    parent: string | null,
    service: string,
    operation: string,
    ms: number,
  ): Span => ({
    trace_id: id,
    span_id,
    parent_span_id: parent,
    service,
    operation,
    start,
    duration_ms: ms,
    status: 'ok',
  });
  return [
    s('g', null, 'gateway', 'GET /', apiMs + 5),
    s('a', 'g', 'api', 'GET /items', apiMs),
    s('d', 'a', 'db', 'SELECT', dbMs),
    s('p', 'a', 'api', 'HTTP POST geo-provider', peerMs),
  ];
}

const baseline = { start: 0, end: 100 };
const incident = { start: 100, end: 200 };

describe('latencyOrigins', () => {
  it('names the slow hop whose callee is not slowed by its own calls', () => {
    const spans = [
      ...Array.from({ length: 30 }, (_, i) => i).flatMap((i) => trace(`b${i}`, i, 10, 20, 30)),
      ...Array.from({ length: 30 }, (_, i) => i).flatMap((i) => trace(`i${i}`, 100 + i, 100, 110, 30)),
    ];
    const origins = latencyOrigins(spans, baseline, incident, { knownServices: ['geo-provider'] });
    expect(origins.map((o) => [o.caller, o.callee, o.ratio, o.peer])).toEqual([['api', 'db', 10, false]]);
  });

  it('sees a slow external peer through its callers client spans', () => {
    const spans = [
      ...Array.from({ length: 30 }, (_, i) => i).flatMap((i) => trace(`b${i}`, i, 10, 40, 30)),
      ...Array.from({ length: 30 }, (_, i) => i).flatMap((i) => trace(`i${i}`, 100 + i, 10, 400, 390)),
    ];
    const origins = latencyOrigins(spans, baseline, incident, { knownServices: ['geo-provider'] });
    expect(origins.map((o) => [o.caller, o.callee, o.peer])).toEqual([['api', 'geo-provider', true]]);
    expect(origins[0].ratio).toBe(13);
  });

  it('needs enough calls in both windows', () => {
    const spans = [
      ...Array.from({ length: 5 }, (_, i) => i).flatMap((i) => trace(`b${i}`, i, 10, 20, 30)),
      ...Array.from({ length: 5 }, (_, i) => i).flatMap((i) => trace(`i${i}`, 100 + i, 100, 110, 30)),
    ];
    expect(latencyOrigins(spans, baseline, incident)).toEqual([]);
  });
});
