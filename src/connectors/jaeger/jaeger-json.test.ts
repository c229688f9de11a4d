/** Jaeger model/json span shape (the UI JSON of GET /api/traces): tags, references, processes. */
import { describe, expect, it } from 'vitest';
import { isErrorSpan, parseJaegerServices, parseJaegerTraces } from './jaeger-json.js';

const tag = (key: string, type: string, value: unknown) => ({ key, type, value });

describe('isErrorSpan', () => {
  it('recognises the error tag, the OpenTelemetry status and 5xx HTTP statuses', () => {
    expect(isErrorSpan([tag('error', 'bool', true)])).toBe(true);
    expect(isErrorSpan([tag('error', 'string', 'true')])).toBe(true);
    expect(isErrorSpan([tag('otel.status_code', 'string', 'ERROR')])).toBe(true);
    expect(isErrorSpan([tag('http.status_code', 'int64', 500)])).toBe(true);
    expect(isErrorSpan([tag('http.response.status_code', 'string', '502')])).toBe(true);
  });

  it('leaves other spans ok', () => {
    expect(isErrorSpan([tag('error', 'bool', false), tag('http.status_code', 'int64', 404)])).toBe(false);
    expect(isErrorSpan([tag('otel.status_code', 'string', 'OK')])).toBe(false);
    expect(isErrorSpan(undefined)).toBe(false);
  });
});

describe('parseJaegerTraces', () => {
  const base = {
    traceID: 'abc0000000000001',
    operationName: 'op',
    startTime: 1_000_000,
    duration: 1500,
    processID: 'p1',
  };
  const trace = (spans: unknown[]) => ({
    data: [{ traceID: 'abc0000000000001', spans, processes: { p1: { serviceName: 'api', tags: [] } } }],
    errors: null,
  });

  it('falls back to FOLLOWS_FROM, then the legacy parentSpanID; a zero id is no parent', () => {
    const { spans } = parseJaegerTraces(
      trace([
        {
          ...base,
          spanID: '0000000000000002',
          references: [{ refType: 'FOLLOWS_FROM', traceID: 'abc0000000000001', spanID: '0000000000000001' }],
        },
        { ...base, spanID: '0000000000000003', parentSpanID: '0000000000000002' },
        { ...base, spanID: '0000000000000004', parentSpanID: '0000000000000000' },
        {
          ...base,
          spanID: '0000000000000005',
          references: [{ refType: 'CHILD_OF', traceID: 'fff0000000000000', spanID: '0000000000000009' }],
        },
      ]),
    );
    expect(spans.map((s) => s.parent_span_id)).toEqual(['0000000000000001', '0000000000000002', null, null]);
    expect(spans[0]).toMatchObject({ service: 'api', start: 1, duration_ms: 1.5 });
  });

  it('throws the reported errors when there is no data', () => {
    expect(() =>
      parseJaegerTraces({
        data: null,
        total: 0,
        limit: 0,
        offset: 0,
        errors: [{ code: 400, msg: "parameter 'service' is required" }],
      }),
    ).toThrow("parameter 'service' is required");
    expect(() => parseJaegerTraces({ total: 0 })).toThrow(/no data array/);
  });

  it('reads a service list', () => {
    expect(parseJaegerServices({ data: ['a', 'b', ''], total: 3 })).toEqual(['a', 'b']);
    expect(() => parseJaegerServices({ data: 'a' })).toThrow(/not an array/);
  });
});
