import type { Span, TimeRange } from '../../core/index.js';
import type { TelemetryStore } from '../memory/index.js';
import { BUNDLE_FILES } from './bundle-types.js';
import { forEachJsonLine } from './json-files.js';
import { formatJsonLines } from './jsonl-lines.js';

const SPAN_STATUSES = ['ok', 'error'] as const;

/**
 * Loads traces.jsonl, one span per line: `trace_id`, `span_id`, `service`, `operation`,
 * `start`, `duration_ms` (>= 0) and `status` (`ok` or `error`) are required;
 * `parent_span_id` may be null, empty or absent for a root span.
 */
export function readTracesJsonl(text: string, store: TelemetryStore): void {
  forEachJsonLine(BUNDLE_FILES.traces, text, (row, fields) => {
    const parent = fields.optionalString(row, ['parent_span_id']);
    store.addSpan({
      trace_id: fields.string(row, ['trace_id']),
      span_id: fields.string(row, ['span_id']),
      parent_span_id: parent === undefined || parent === '' ? null : parent,
      service: fields.string(row, ['service']),
      operation: fields.string(row, ['operation']),
      start: fields.timestamp(row, ['start']),
      duration_ms: fields.nonNegative(row, ['duration_ms']),
      status: fields.oneOf(row, ['status'], SPAN_STATUSES),
    });
  });
}

/** traces.jsonl text for the spans starting inside `window`; undefined when there are none. */
export function formatTracesJsonl(store: TelemetryStore, window: TimeRange): string | undefined {
  return formatJsonLines(
    store.spans,
    window,
    (span) => span.start,
    (span: Span) => ({
      trace_id: span.trace_id,
      span_id: span.span_id,
      parent_span_id: span.parent_span_id,
      service: span.service,
      operation: span.operation,
      start: span.start,
      duration_ms: span.duration_ms,
      status: span.status,
    }),
  );
}
