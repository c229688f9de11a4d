import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../core/telemetry.js';
import { HttpError } from './http/http-error.js';
import { describeLogQuery, LogCollector, logTimestamp } from './log-search.js';

const record = (timestamp: number, extra: Partial<LogRecord> = {}): LogRecord => ({
  timestamp,
  service: 'api',
  level: 'info',
  message: 'hello',
  ...extra,
});
const source = { connector: 'test', query: 'q' };

describe('LogCollector', () => {
  it('re-checks range and levels by default, services and text when asked', () => {
    const query = {
      range: { start: 10, end: 20 },
      levels: ['error' as const],
      services: ['api'],
      text: 'BOOM',
    };
    const loose = new LogCollector(query);
    expect(loose.matches(record(9, { level: 'error' }))).toBe(false);
    expect(loose.matches(record(20, { level: 'error' }))).toBe(false);
    expect(loose.matches(record(10, { level: 'info' }))).toBe(false);
    expect(loose.matches(record(10, { level: 'error', service: 'web' }))).toBe(true);
    const strict = new LogCollector(query, undefined, { services: true, text: true });
    expect(strict.matches(record(10, { level: 'error', service: 'web', message: 'boom' }))).toBe(false);
    expect(strict.matches(record(10, { level: 'error', message: 'a Boom happened' }))).toBe(true);
  });

  it('sorts records and notes truncation, errors after partial reads and plain notes', () => {
    const c = new LogCollector({ range: { start: 0, end: 100 }, limit: 2 });
    expect(c.add(record(5))).toBe(true);
    expect(c.add(record(3))).toBe(false);
    expect(c.add(record(4))).toBe(false);
    c.note('3 lines skipped');
    const out = c.outcome(source);
    expect(out.kind === 'ok' && out.data.map((r) => r.timestamp)).toEqual([3, 5]);
    expect(out.source.query).toBe('q [3 lines skipped] [truncated: limit of 2 records reached]');

    const partial = new LogCollector({ range: { start: 0, end: 100 } });
    partial.add(record(1));
    partial.fail(new HttpError('HTTP 502 from GET /x: bad gateway', 502, true));
    const p = partial.outcome(source);
    expect(p.kind).toBe('ok');
    expect(p.source.query).toBe('q [partial after error: HTTP 502 from GET /x: bad gateway]');
  });

  it('is an error with the upstream words and retryability when nothing was read', () => {
    const c = new LogCollector({ range: { start: 0, end: 100 } });
    c.fail(new HttpError('HTTP 503 from GET /x: busy', 503, true));
    expect(c.outcome(source)).toEqual({
      kind: 'error',
      message: 'HTTP 503 from GET /x: busy',
      retryable: true,
      source,
    });
    expect(new LogCollector({ range: { start: 0, end: 1 } }).outcome(source).kind).toBe('no_data');
  });

  it('describes a query', () => {
    expect(
      describeLogQuery({
        range: { start: 1, end: 2 },
        services: ['a', 'b'],
        levels: ['warn'],
        text: 't',
        limit: 5,
      }),
    ).toBe('1..2 services=a,b levels=warn text=t limit=5');
  });
});

describe('logTimestamp', () => {
  it('reads numbers in the given unit and ISO-like date times, UTC when no zone', () => {
    expect(logTimestamp(1_700_000_000_123, 'ms')).toBeCloseTo(1_700_000_000.123, 6);
    expect(logTimestamp('1700000000123', 'ms')).toBeCloseTo(1_700_000_000.123, 6);
    expect(logTimestamp(1_700_000_000)).toBe(1_700_000_000);
    expect(logTimestamp('2024-01-01T00:00:00.123456789Z')).toBeCloseTo(1_704_067_200.123457, 6);
    expect(logTimestamp('2024-01-01 00:00:00,500')).toBe(1_704_067_200.5);
    expect(logTimestamp('2024-01-01T01:00:00+0100')).toBe(1_704_067_200);
    expect(logTimestamp('2019-08-28T15:02:00.000-07:00')).toBe(Date.UTC(2019, 7, 28, 22, 2) / 1000);
    expect(logTimestamp('2024-01-01 00:00')).toBe(1_704_067_200);
    expect(logTimestamp('yesterday')).toBeUndefined();
    expect(logTimestamp(null)).toBeUndefined();
  });
});
