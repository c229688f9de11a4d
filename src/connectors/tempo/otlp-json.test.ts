import { describe, expect, it } from 'vitest';
import { parseOtlpTraces } from './otlp-json.js';

// Tempo docs, "Push spans with HTTP" > "Retrieve traces": GET /api/v2/traces/<id> answer.
const TEMPO_V2 = {
  trace: {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'my.service' } }] },
        scopeSpans: [
          {
            scope: { name: 'my.library', version: '1.0.0' },
            spans: [
              {
                traceId: 'W47/95gDgQPSabYzgT/HAA==',
                spanId: '7uGbfsPBsQA=',
                name: 'I am a span!',
                kind: 'SPAN_KIND_SERVER',
                startTimeUnixNano: '1689969302000000000',
                endTimeUnixNano: '1689970000000000000',
                attributes: [{ key: 'my.span.attr', value: { stringValue: 'some value' } }],
                status: {},
              },
            ],
          },
        ],
      },
    ],
  },
};

// Jaeger, cmd/query/app/apiv3/snapshots/FindTraces.json: GET /api/v3/traces answer (hex ids).
const JAEGER_V3 = {
  result: {
    resourceSpans: [
      {
        resource: {},
        scopeSpans: [
          {
            scope: {},
            spans: [
              {
                endTimeUnixNano: '1700000000250000000',
                kind: 2,
                name: 'foobar',
                parentSpanId: '',
                spanId: '00000000000000b4',
                startTimeUnixNano: '1700000000000000000',
                status: { code: 2 },
                traceId: '000000000000009600000000000000a0',
              },
            ],
          },
        ],
      },
    ],
  },
};

describe('parseOtlpTraces', () => {
  it('reads the Tempo v2 envelope with base64 ids and an unset status', () => {
    expect(parseOtlpTraces(TEMPO_V2)).toEqual({
      spans: [
        {
          trace_id: '5b8efff798038103d269b633813fc700',
          span_id: 'eee19b7ec3c1b100',
          parent_span_id: null,
          service: 'my.service',
          operation: 'I am a span!',
          start: 1689969302,
          duration_ms: 698_000,
          status: 'ok',
        },
      ],
      skipped: 0,
    });
  });

  it('reads the Jaeger api_v3 envelope: hex ids, numeric error status, empty parent', () => {
    const [span] = parseOtlpTraces(JAEGER_V3).spans;
    expect(span).toEqual({
      trace_id: '000000000000009600000000000000a0',
      span_id: '00000000000000b4',
      parent_span_id: null,
      service: 'unknown',
      operation: 'foobar',
      start: 1700000000,
      duration_ms: 250,
      status: 'error',
    });
  });

  it('reads the older instrumentationLibrarySpans shape and a configured service attribute', () => {
    const payload = {
      batches: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'checkout-7f9c' } },
              { key: 'k8s.deployment.name', value: { stringValue: 'checkout' } },
            ],
          },
          instrumentationLibrarySpans: [
            {
              instrumentationLibrary: {},
              spans: [
                {
                  traceId: 'AAAAAAAAAADW6TKdZ7YUag==',
                  spanId: 'AAAAAAAAEjQ=',
                  parentSpanId: 'AAAAAAAAEjM=',
                  name: 'GET /cart',
                  startTimeUnixNano: '1640617863672218000',
                  endTimeUnixNano: '1640617863772218500',
                  status: { code: 'STATUS_CODE_ERROR' },
                },
              ],
            },
          ],
        },
      ],
    };
    const [span] = parseOtlpTraces(payload, { serviceAttribute: 'k8s.deployment.name' }).spans;
    expect(span).toMatchObject({
      trace_id: '0000000000000000d6e9329d67b6146a',
      span_id: '0000000000001234',
      parent_span_id: '0000000000001233',
      service: 'checkout',
      start: 1640617863.672218,
      duration_ms: 100.0005,
      status: 'error',
    });
  });

  it('skips spans without ids or start and throws on an unknown envelope', () => {
    const payload = { batches: [{ scopeSpans: [{ spans: [{ name: 'x' }] }] }] };
    expect(parseOtlpTraces(payload)).toEqual({ spans: [], skipped: 1 });
    expect(() => parseOtlpTraces({ data: [] })).toThrow(/no batches or resourceSpans/);
    expect(() => parseOtlpTraces('oops')).toThrow();
  });
});
