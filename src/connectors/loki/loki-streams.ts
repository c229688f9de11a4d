/**
 * Reads a Loki `query_range` answer of resultType `streams` into entries, and an entry into
 * a LogRecord: service, level, trace and span ids from labels (stream labels, structured
 * metadata or parsed labels), else from the line itself (logfmt `level=`, JSON `"level"`).
 */
import type { LogRecord } from '../../core/telemetry.js';
import { levelFromLine, normalizeLevel } from '../log-level.js';
import type { LokiOptions } from './loki-options.js';

export interface LokiEntry {
  /** Nanoseconds since the epoch, exact. */
  ns: bigint;
  line: string;
  labels: Record<string, string>;
  /** Identifies the stream, to tell duplicate entries at a page boundary apart. */
  streamKey: string;
}

interface LokiStream {
  stream?: Record<string, string>;
  values?: unknown[];
}

/** The entries of a query_range body, oldest first; throws on any other shape. */
export function parseLokiStreams(body: unknown): LokiEntry[] {
  const root = body as { status?: unknown; data?: { resultType?: unknown; result?: unknown } } | null;
  if (!root || typeof root !== 'object' || root.status !== 'success' || !root.data) {
    throw new Error(`unexpected Loki response: ${JSON.stringify(body)?.slice(0, 200)}`);
  }
  if (root.data.resultType !== 'streams') {
    throw new Error(
      `Loki answered resultType ${String(root.data.resultType)}, expected streams (a log query)`,
    );
  }
  if (!Array.isArray(root.data.result))
    throw new Error('unexpected Loki response: data.result is not a list');
  const entries: LokiEntry[] = [];
  for (const stream of root.data.result as LokiStream[]) {
    const labels = stream?.stream && typeof stream.stream === 'object' ? stream.stream : {};
    const streamKey = JSON.stringify(Object.entries(labels).sort());
    for (const value of Array.isArray(stream?.values) ? stream.values : []) {
      if (!Array.isArray(value) || typeof value[0] !== 'string' || typeof value[1] !== 'string') {
        throw new Error(`unexpected Loki stream value: ${JSON.stringify(value)?.slice(0, 200)}`);
      }
      if (!/^\d+$/.test(value[0])) throw new Error(`unexpected Loki timestamp: ${value[0]}`);
      entries.push({
        ns: BigInt(value[0]),
        line: value[1],
        labels: withMetadata(labels, value[2]),
        streamKey,
      });
    }
  }
  return entries.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
}

/** Merges categorised labels (`structuredMetadata`, `parsed`) of a Loki 3 entry. */
function withMetadata(labels: Record<string, string>, extra: unknown): Record<string, string> {
  if (!extra || typeof extra !== 'object') return labels;
  const { structuredMetadata, parsed } = extra as { structuredMetadata?: unknown; parsed?: unknown };
  return { ...labels, ...asLabels(structuredMetadata), ...asLabels(parsed) };
}

function asLabels(value: unknown): Record<string, string> {
  return value && typeof value === 'object' ? (value as Record<string, string>) : {};
}

const SERVICE_FALLBACKS = ['service_name', 'service', 'app', 'job', 'container'];
const TRACE_IN_LINE = /(?:^|[\s{,"])"?(?:trace_?id|traceID)"?\s*[=:]\s*"?([0-9a-fA-F]{16,32})\b/;
const SPAN_IN_LINE = /(?:^|[\s{,"])"?(?:span_?id|spanID)"?\s*[=:]\s*"?([0-9a-fA-F]{16})\b/;

export function nsToSeconds(ns: bigint): number {
  return Number(ns / 1000n) / 1e6;
}

export function entryToRecord(entry: LokiEntry, labelNames: LokiOptions['labels']): LogRecord {
  const { labels, line } = entry;
  const service =
    labels[labelNames.service] ?? SERVICE_FALLBACKS.map((name) => labels[name]).find(Boolean) ?? 'unknown';
  const level =
    normalizeLevel(labels[labelNames.level]) ??
    normalizeLevel(labels.detected_level) ??
    levelFromLine(line) ??
    'info';
  const record: LogRecord = { timestamp: nsToSeconds(entry.ns), service, level, message: line };
  const traceId = labels[labelNames.trace_id] ?? TRACE_IN_LINE.exec(line)?.[1];
  const spanId = labels[labelNames.span_id] ?? SPAN_IN_LINE.exec(line)?.[1];
  if (traceId) record.trace_id = traceId;
  if (spanId) record.span_id = spanId;
  return record;
}
