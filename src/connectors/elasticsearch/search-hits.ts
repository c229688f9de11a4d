/**
 * Reads `_search` hits into LogRecords through the field mapping. `_source` fields are
 * found whether stored flat (`"service.name": "x"`) or nested (`"service": {"name": "x"}`).
 * A hit whose timestamp cannot be read (neither in `_source` nor in its sort values) is
 * skipped and counted.
 */
import type { LogRecord } from '../../core/telemetry.js';
import { levelFromLine, normalizeLevel } from '../log-level.js';
import { fieldValue, logTimestamp, fieldText as text } from '../log-search.js';
import type { ElasticsearchOptions } from './elasticsearch-options.js';
import type { SortValue } from './search-body.js';

export interface SearchHit {
  _index?: string;
  _id?: string;
  _source?: Record<string, unknown>;
  sort?: SortValue[];
}

/** The hits of a `_search` answer; throws when the body is not one. */
export function searchHits(body: unknown): SearchHit[] {
  const hits = (body as { hits?: { hits?: unknown } } | null)?.hits?.hits;
  if (!Array.isArray(hits))
    throw new Error(`unexpected _search response: ${JSON.stringify(body)?.slice(0, 200)}`);
  return hits as SearchHit[];
}

export function hitToRecord(hit: SearchHit, fields: ElasticsearchOptions['fields']): LogRecord | undefined {
  const source = hit._source;
  const timestamp =
    logTimestamp(text(fieldValue(source, fields.timestamp)), 'ms') ?? logTimestamp(hit.sort?.[0], 'ms');
  if (timestamp === undefined) return undefined;
  const raw = fieldValue(source, fields.message);
  const message = text(raw) ?? (raw === undefined ? '' : JSON.stringify(raw));
  const level = normalizeLevel(text(fieldValue(source, fields.level))) ?? levelFromLine(message) ?? 'info';
  const record: LogRecord = {
    timestamp,
    service: text(fieldValue(source, fields.service)) ?? 'unknown',
    level,
    message,
  };
  const traceId = text(fieldValue(source, fields.trace_id));
  const spanId = text(fieldValue(source, fields.span_id));
  if (traceId) record.trace_id = traceId;
  if (spanId) record.span_id = spanId;
  return record;
}
