/**
 * Reads the JSON that jaeger-query's internal API (the one the Jaeger UI calls) answers:
 * `{data, total, limit, offset, errors}` where `data` lists traces
 * `{traceID, spans[], processes{pid: {serviceName, tags}}}` and each span has `traceID`,
 * `spanID`, `operationName`, `references[{refType, traceID, spanID}]`, `startTime` and
 * `duration` in microseconds, `tags[{key, type, value}]` and a `processID`.
 */
import type { Span } from '../../core/telemetry.js';

export interface JaegerParseOptions {
  /** A process tag naming the service instead of `serviceName`. */
  serviceTag?: string;
}

export interface JaegerParseResult {
  spans: Span[];
  skipped: number;
}

type Json = Record<string, unknown>;

/** The spans of a `GET /api/traces` answer; throws on an unexpected shape or a reported error. */
export function parseJaegerTraces(payload: unknown, options: JaegerParseOptions = {}): JaegerParseResult {
  if (!isObject(payload)) throw new Error('unexpected Jaeger payload: not an object');
  const data = payload.data;
  const messages = jaegerErrorMessages(payload);
  if (data !== null && data !== undefined && !Array.isArray(data)) {
    throw new Error('unexpected Jaeger payload: data is not an array');
  }
  const traces = Array.isArray(data) ? data : [];
  if (traces.length === 0 && messages.length > 0) throw new Error(messages.join('; '));
  if (data === undefined && messages.length === 0) {
    throw new Error('unexpected Jaeger payload: no data array');
  }
  const spans: Span[] = [];
  let skipped = 0;
  for (const trace of traces) {
    if (!isObject(trace)) continue;
    const processes = isObject(trace.processes) ? trace.processes : {};
    for (const raw of Array.isArray(trace.spans) ? trace.spans : []) {
      const span = toSpan(raw, processes, options);
      if (span) spans.push(span);
      else skipped += 1;
    }
  }
  return { spans, skipped };
}

/** The service names of a `GET /api/services` answer (`{data: [...]}`). */
export function parseJaegerServices(payload: unknown): string[] {
  if (!isObject(payload)) throw new Error('unexpected Jaeger services payload: not an object');
  const messages = jaegerErrorMessages(payload);
  if (!Array.isArray(payload.data)) {
    if (messages.length) throw new Error(messages.join('; '));
    if (payload.data === null) return [];
    throw new Error('unexpected Jaeger services payload: data is not an array');
  }
  return payload.data.filter((s): s is string => typeof s === 'string' && s !== '');
}

/** The `msg` of each entry in a structured response's `errors`. */
export function jaegerErrorMessages(payload: unknown): string[] {
  if (!isObject(payload) || !Array.isArray(payload.errors)) return [];
  return payload.errors
    .map((e) => (isObject(e) && typeof e.msg === 'string' ? e.msg : undefined))
    .filter((m): m is string => m !== undefined);
}

function toSpan(raw: unknown, processes: Json, options: JaegerParseOptions): Span | undefined {
  if (!isObject(raw)) return undefined;
  const traceId = hexId(raw.traceID);
  const spanId = hexId(raw.spanID);
  const start = typeof raw.startTime === 'number' ? raw.startTime : undefined;
  if (!traceId || !spanId || start === undefined) return undefined;
  const process = isObject(raw.process)
    ? raw.process
    : typeof raw.processID === 'string' && isObject(processes[raw.processID])
      ? (processes[raw.processID] as Json)
      : undefined;
  const duration = typeof raw.duration === 'number' && raw.duration > 0 ? raw.duration : 0;
  return {
    trace_id: traceId,
    span_id: spanId,
    parent_span_id: parentOf(raw, traceId),
    service: serviceOf(process, options.serviceTag),
    operation: typeof raw.operationName === 'string' ? raw.operationName : '',
    start: start / 1e6,
    duration_ms: duration / 1000,
    status: isErrorSpan(raw.tags) ? 'error' : 'ok',
  };
}

/** The first CHILD_OF reference in the same trace, else FOLLOWS_FROM, else `parentSpanID`. */
function parentOf(span: Json, traceId: string): string | null {
  const references = Array.isArray(span.references) ? span.references.filter(isObject) : [];
  const sameTrace = references.filter((r) => r.traceID === undefined || hexId(r.traceID) === traceId);
  const reference =
    sameTrace.find((r) => r.refType === 'CHILD_OF') ?? sameTrace.find((r) => r.refType === 'FOLLOWS_FROM');
  const parent = hexId(reference?.spanID) ?? hexId(span.parentSpanID);
  return parent && !/^0+$/.test(parent) ? parent : null;
}

function serviceOf(process: Json | undefined, serviceTag: string | undefined): string {
  if (serviceTag) {
    const tagged = tagValue(process?.tags, serviceTag);
    if (tagged !== undefined && tagged !== '') return String(tagged);
  }
  return typeof process?.serviceName === 'string' && process.serviceName ? process.serviceName : 'unknown';
}

/**
 * Error per the OpenTracing `error` tag, the OpenTelemetry status Jaeger keeps as the
 * `otel.status_code` tag, or a 5xx HTTP status (`http.status_code`, `http.response.status_code`).
 */
export function isErrorSpan(tags: unknown): boolean {
  const error = tagValue(tags, 'error');
  if (error === true || error === 'true') return true;
  if (tagValue(tags, 'otel.status_code') === 'ERROR') return true;
  for (const key of ['http.status_code', 'http.response.status_code']) {
    const status = Number(tagValue(tags, key));
    if (Number.isFinite(status) && status >= 500) return true;
  }
  return false;
}

function tagValue(tags: unknown, key: string): unknown {
  if (!Array.isArray(tags)) return undefined;
  for (const tag of tags) if (isObject(tag) && tag.key === key) return tag.value;
  return undefined;
}

function hexId(value: unknown): string | undefined {
  return typeof value === 'string' && /^[0-9a-f]+$/i.test(value) ? value.toLowerCase() : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
