/**
 * Reads spans from OTLP JSON (opentelemetry-proto trace/v1 `TracesData` in its JSON
 * mapping) in the envelopes the query APIs use: Tempo `GET /api/traces/<id>` answers
 * `{batches: [...]}`, Tempo `GET /api/v2/traces/<id>` answers `{trace: {resourceSpans}}`,
 * Jaeger `GET /api/v3/traces` answers `{result: {resourceSpans}}`. Older producers say
 * `instrumentationLibrarySpans` where current ones say `scopeSpans`.
 */
import type { Span } from '../../core/telemetry.js';
import { isZeroId, normalizeId } from './trace-ids.js';

export interface OtlpParseOptions {
  /** The resource attribute naming the service (default `service.name`). */
  serviceAttribute?: string;
}

export interface OtlpParseResult {
  spans: Span[];
  /** Spans dropped for lacking an id or a start time. */
  skipped: number;
}

/** OTLP status code 2 (STATUS_CODE_ERROR), as a number or as the enum's name. */
const ERROR_STATUS = new Set<unknown>([2, '2', 'STATUS_CODE_ERROR']);

/** Throws when `payload` is not one of the known envelopes. */
export function parseOtlpTraces(payload: unknown, options: OtlpParseOptions = {}): OtlpParseResult {
  const resourceSpans = findResourceSpans(payload);
  if (!resourceSpans) {
    throw new Error('unexpected trace payload: no batches or resourceSpans array');
  }
  const serviceAttribute = options.serviceAttribute ?? 'service.name';
  const spans: Span[] = [];
  let skipped = 0;
  for (const resourceSpan of resourceSpans) {
    if (!isObject(resourceSpan)) continue;
    const attributes = isObject(resourceSpan.resource) ? resourceSpan.resource.attributes : undefined;
    const service =
      attributeText(attributes, serviceAttribute) ?? attributeText(attributes, 'service.name') ?? 'unknown';
    for (const scope of arrayOf(resourceSpan.scopeSpans ?? resourceSpan.instrumentationLibrarySpans)) {
      if (!isObject(scope)) continue;
      for (const raw of arrayOf(scope.spans)) {
        const span = toSpan(raw, service);
        if (span) spans.push(span);
        else skipped += 1;
      }
    }
  }
  return { spans, skipped };
}

function findResourceSpans(payload: unknown): unknown[] | undefined {
  if (!isObject(payload)) return undefined;
  for (const key of ['batches', 'resourceSpans']) {
    if (Array.isArray(payload[key])) return payload[key];
  }
  for (const envelope of ['trace', 'result']) {
    const inner = findResourceSpans(payload[envelope]);
    if (inner) return inner;
  }
  return undefined;
}

function toSpan(raw: unknown, service: string): Span | undefined {
  if (!isObject(raw)) return undefined;
  const traceId = normalizeId(raw.traceId);
  const spanId = normalizeId(raw.spanId);
  const startNs = nanos(raw.startTimeUnixNano);
  if (!traceId || !spanId || startNs === undefined) return undefined;
  const endNs = nanos(raw.endTimeUnixNano) ?? startNs;
  const parent = normalizeId(raw.parentSpanId);
  const status = isObject(raw.status) ? raw.status.code : undefined;
  return {
    trace_id: traceId,
    span_id: spanId,
    parent_span_id: parent && !isZeroId(parent) ? parent : null,
    service,
    operation: typeof raw.name === 'string' ? raw.name : '',
    start: Number(startNs / 1000n) / 1e6,
    duration_ms: endNs > startNs ? Number(endNs - startNs) / 1e6 : 0,
    status: ERROR_STATUS.has(status) ? 'error' : 'ok',
  };
}

/** uint64 nanoseconds, sent as a decimal string (protobuf JSON) or a number. */
function nanos(value: unknown): bigint | undefined {
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return BigInt(Math.trunc(value));
  return undefined;
}

/** The text of a string (or scalar) attribute in an OTLP KeyValue list. */
export function attributeText(attributes: unknown, key: string): string | undefined {
  for (const attribute of arrayOf(attributes)) {
    if (!isObject(attribute) || attribute.key !== key || !isObject(attribute.value)) continue;
    const value = attribute.value;
    for (const field of ['stringValue', 'intValue', 'doubleValue', 'boolValue']) {
      const v = value[field];
      if (v !== undefined && v !== null && v !== '') return String(v);
    }
  }
  return undefined;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
