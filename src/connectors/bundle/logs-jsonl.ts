import { LOG_LEVELS, type LogLevel, type LogRecord, type TimeRange } from '../../core/index.js';
import type { TelemetryStore } from '../memory/index.js';
import { BUNDLE_FILES } from './bundle-types.js';
import { forEachJsonLine } from './json-files.js';
import { formatJsonLines } from './jsonl-lines.js';

/**
 * Other spellings of the spec's levels that log pipelines commonly emit (syslog, log4j,
 * Python logging, Go's zap). Matching is case-insensitive; any other word is rejected.
 */
const LEVEL_ALIASES: Readonly<Record<string, LogLevel>> = {
  trc: 'trace',
  verbose: 'trace',
  dbg: 'debug',
  information: 'info',
  informational: 'info',
  notice: 'info',
  warning: 'warn',
  wrn: 'warn',
  err: 'error',
  eror: 'error',
  critical: 'fatal',
  crit: 'fatal',
  alert: 'fatal',
  emerg: 'fatal',
  emergency: 'fatal',
  panic: 'fatal',
  dpanic: 'fatal',
};

/**
 * Loads logs.jsonl. Each line needs `timestamp`, `service`, `level` and `message` (which may
 * be empty, and may hold a whole stack trace); `trace_id` and `span_id` are optional.
 */
export function readLogsJsonl(text: string, store: TelemetryStore): void {
  forEachJsonLine(BUNDLE_FILES.logs, text, (row, fields) => {
    const record: LogRecord = {
      timestamp: fields.timestamp(row, ['timestamp']),
      service: fields.string(row, ['service']),
      level: fields.oneOf(row, ['level'], LOG_LEVELS, LEVEL_ALIASES),
      message: fields.text(row, ['message']),
    };
    const traceId = fields.optionalString(row, ['trace_id']);
    const spanId = fields.optionalString(row, ['span_id']);
    if (traceId !== undefined) record.trace_id = traceId;
    if (spanId !== undefined) record.span_id = spanId;
    store.addLog(record);
  });
}

/** logs.jsonl text for the records inside `window`; undefined when there are none. */
export function formatLogsJsonl(store: TelemetryStore, window: TimeRange): string | undefined {
  return formatJsonLines(
    store.logs,
    window,
    (record) => record.timestamp,
    (record) => ({
      timestamp: record.timestamp,
      service: record.service,
      level: record.level,
      message: record.message,
      trace_id: record.trace_id,
      span_id: record.span_id,
    }),
  );
}
