/**
 * Turns one log line into a LogRecord: a JSON object through the field lists, or a text
 * line through the regular expression's named groups. A text line that does not match is
 * a continuation of the record before it (stack traces); anything else unreadable is junk.
 */
import type { LogRecord } from '../../core/telemetry.js';
import { levelFromLine, normalizeLevel } from '../log-level.js';
import { fieldText, fieldValue, logTimestamp } from '../log-search.js';
import type { FileLogsOptions } from './file-logs-options.js';

export type ParsedLine =
  | { kind: 'record'; record: LogRecord }
  | { kind: 'continuation'; text: string }
  | { kind: 'blank' }
  | { kind: 'junk' };

export type LineParser = (line: string, defaultService: string) => ParsedLine;

type ParseOptions = Pick<
  FileLogsOptions,
  'format' | 'pattern' | 'pattern_flags' | 'fields' | 'timestamp_unit' | 'numeric_levels' | 'service'
>;

export function createLineParser(options: ParseOptions): LineParser {
  const regex = new RegExp(options.pattern, options.pattern_flags);
  return (line, defaultService) => {
    if (line.trim() === '') return { kind: 'blank' };
    const service = options.service ?? defaultService;
    if (options.format !== 'text' && line.trimStart().startsWith('{')) {
      const record = parseJsonLine(line, options, service);
      if (record) return { kind: 'record', record };
      if (options.format === 'jsonl') return { kind: 'junk' };
    } else if (options.format === 'jsonl') return { kind: 'junk' };
    const record = parseTextLine(line, regex, options, service);
    if (record) return { kind: 'record', record };
    return isText(line) ? { kind: 'continuation', text: line } : { kind: 'junk' };
  };
}

function parseJsonLine(line: string, options: ParseOptions, service: string): LogRecord | undefined {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!row || typeof row !== 'object' || Array.isArray(row)) return undefined;
  const object = row as Record<string, unknown>;
  const first = (names: string[]) => {
    for (const name of names) {
      const value = fieldValue(object, name);
      if (value !== undefined && value !== null) return value;
    }
    return undefined;
  };
  const timestamp = jsonTimestamp(first(options.fields.timestamp), options.timestamp_unit);
  if (timestamp === undefined) return undefined;
  const rawMessage = first(options.fields.message);
  const message = fieldText(rawMessage) ?? (rawMessage === undefined ? line : JSON.stringify(rawMessage));
  const rawLevel = first(options.fields.level);
  const record: LogRecord = {
    timestamp,
    service: fieldText(first(options.fields.service)) || service,
    level: normalizeLevel(rawLevel, options.numeric_levels) ?? levelFromLine(message) ?? 'info',
    message,
  };
  const traceId = fieldText(first(options.fields.trace_id));
  const spanId = fieldText(first(options.fields.span_id));
  if (traceId) record.trace_id = traceId;
  if (spanId) record.span_id = spanId;
  return record;
}

/** Numeric timestamps in the given unit, or told apart by magnitude; strings as ISO or numbers. */
export function jsonTimestamp(value: unknown, unit: FileLogsOptions['timestamp_unit']): number | undefined {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())
        ? Number(value)
        : undefined;
  if (number === undefined) return logTimestamp(value);
  if (!Number.isFinite(number)) return undefined;
  const scale =
    unit === 's' ? 1 : unit === 'ms' ? 1e3 : unit === 'us' ? 1e6 : unit === 'ns' ? 1e9 : autoScale(number);
  return number / scale;
}

function autoScale(value: number): number {
  if (value > 1e17) return 1e9;
  if (value > 1e14) return 1e6;
  if (value > 1e11) return 1e3;
  return 1;
}

function parseTextLine(
  line: string,
  regex: RegExp,
  options: ParseOptions,
  service: string,
): LogRecord | undefined {
  const groups = regex.exec(line)?.groups;
  if (!groups) return undefined;
  const timestamp = logTimestamp(groups.timestamp);
  if (timestamp === undefined) return undefined;
  const message = groups.message ?? line;
  const record: LogRecord = {
    timestamp,
    service: groups.service || service,
    level: normalizeLevel(groups.level, options.numeric_levels) ?? levelFromLine(message) ?? 'info',
    message,
  };
  if (groups.trace_id) record.trace_id = groups.trace_id;
  if (groups.span_id) record.span_id = groups.span_id;
  return record;
}

/** Mostly printable text (not binary junk): under 10% control or replacement characters. */
function isText(line: string): boolean {
  let bad = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if ((code < 32 && code !== 9) || code === 0xfffd || code === 127) bad++;
  }
  return bad * 10 < line.length;
}
