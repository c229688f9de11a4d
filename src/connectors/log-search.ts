/**
 * What every LogSource connector shares: the default record and byte budgets, a readable
 * description of the query for SourceRef, and a collector that applies the query's filters
 * client-side, stops at the record limit or byte budget, and turns what was read (plus any
 * error) into an Outcome.
 *
 * Partial results: when a search stops early (limit, byte budget, or an error after some
 * pages were read) the outcome is `ok` with the records read so far, and the SourceRef query
 * ends with a note saying why (`[truncated: ...]` or `[partial after error: <message>]`).
 * An error before any record was read is an `error` outcome with the upstream's words.
 */
import { failure, noData, type Outcome, ok, type SourceRef } from '../core/outcome.js';
import type { LogQuery } from '../core/ports.js';
import type { LogRecord } from '../core/telemetry.js';
import { HttpError } from './http/http-error.js';

/** Records returned when the query sets no limit. */
export const DEFAULT_LOG_LIMIT = 50_000;
/** Bytes of log text (messages and labels) kept per search by default: 64 MiB. */
export const DEFAULT_LOG_MAX_BYTES = 64 * 1024 * 1024;

/** `start..end services=a,b levels=error text=timeout limit=100`, for SourceRef.query. */
export function describeLogQuery(query: LogQuery): string {
  const parts = [`${query.range.start}..${query.range.end}`];
  if (query.services?.length) parts.push(`services=${query.services.join(',')}`);
  if (query.levels?.length) parts.push(`levels=${query.levels.join(',')}`);
  if (query.text) parts.push(`text=${query.text}`);
  if (query.limit !== undefined) parts.push(`limit=${query.limit}`);
  return parts.join(' ');
}

/** Which of the query's filters the collector re-checks on each record. */
export interface RecheckFilters {
  /** Drop records outside [start, end). Default true. */
  range?: boolean;
  services?: boolean;
  /** Default true: levels are normalised client-side, so the upstream filter may be loose. */
  levels?: boolean;
  /** Case-insensitive substring on the message. Default false (upstreams search raw text). */
  text?: boolean;
}

/** Approximate bytes a record holds, for the byte budget. */
export function recordBytes(record: LogRecord): number {
  return (
    Buffer.byteLength(record.message) +
    record.service.length +
    (record.trace_id?.length ?? 0) +
    (record.span_id?.length ?? 0) +
    24
  );
}

export class LogCollector {
  readonly records: LogRecord[] = [];
  readonly limit: number;
  bytes = 0;
  /** Why the search stopped early, when it did. */
  truncation: string | undefined;
  private readonly notes: string[] = [];
  private error: { message: string; retryable: boolean } | undefined;
  private readonly services: Set<string> | undefined;
  private readonly levels: Set<string> | undefined;
  private readonly text: string | undefined;
  private readonly checkRange: boolean;

  constructor(
    readonly query: LogQuery,
    readonly maxBytes: number = DEFAULT_LOG_MAX_BYTES,
    recheck: RecheckFilters = {},
  ) {
    this.limit = Math.max(0, query.limit ?? DEFAULT_LOG_LIMIT);
    this.checkRange = recheck.range ?? true;
    if (recheck.services && query.services?.length) this.services = new Set(query.services);
    if ((recheck.levels ?? true) && query.levels?.length) this.levels = new Set(query.levels);
    if (recheck.text && query.text) this.text = query.text.toLowerCase();
  }

  /** True once the record limit or the byte budget is reached. */
  get full(): boolean {
    return this.truncation !== undefined || this.records.length >= this.limit;
  }

  /** Records still wanted before the limit. */
  get remaining(): number {
    return Math.max(0, this.limit - this.records.length);
  }

  /** Whether `record` passes the re-checked filters. */
  matches(record: LogRecord): boolean {
    const { start, end } = this.query.range;
    if (this.checkRange && (record.timestamp < start || record.timestamp >= end)) return false;
    if (this.services && !this.services.has(record.service)) return false;
    if (this.levels && !this.levels.has(record.level)) return false;
    if (this.text && !record.message.toLowerCase().includes(this.text)) return false;
    return true;
  }

  /** Keeps `record` when it matches; returns false once the search should stop. */
  add(record: LogRecord): boolean {
    if (this.full) return false;
    if (!this.matches(record)) return true;
    const size = recordBytes(record);
    if (this.bytes + size > this.maxBytes) {
      this.truncation = `byte budget of ${this.maxBytes} reached`;
      return false;
    }
    this.bytes += size;
    this.records.push(record);
    if (this.records.length >= this.limit) {
      this.truncation = `limit of ${this.limit} records reached`;
      return false;
    }
    return true;
  }

  /** Stops the search early for a reason other than the budgets. */
  truncate(reason: string): void {
    this.truncation ??= reason;
  }

  /** Notes something the caller should know (skipped lines, ...) without stopping. */
  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** Records an error that ended the search. */
  fail(error: unknown): void {
    this.error = describeError(error);
  }

  /** The outcome: records in time order, with notes when incomplete. */
  outcome(source: SourceRef): Outcome<LogRecord[]> {
    const records = this.records.sort((a, b) => a.timestamp - b.timestamp);
    if (this.error && records.length === 0) return failure(this.error.message, source, this.error.retryable);
    const notes = this.notes.map((text) => ` [${text}]`);
    if (this.error) notes.push(` [partial after error: ${this.error.message}]`);
    else if (this.truncation) notes.push(` [truncated: ${this.truncation}]`);
    const noted = notes.length ? { ...source, query: source.query + notes.join('') } : source;
    return records.length === 0 ? noData(noted) : ok(records, noted);
  }
}

/** The message and retryability of anything thrown by an HTTP call or SDK. */
export function describeError(error: unknown): { message: string; retryable: boolean } {
  if (error instanceof HttpError) return { message: error.message, retryable: error.retryable };
  if (error instanceof Error) {
    const name = error.name;
    if (name === 'AbortError' || name === 'TimeoutError') {
      return { message: 'aborted: the caller deadline passed', retryable: false };
    }
    const retryable = (error as { $retryable?: unknown }).$retryable !== undefined;
    return { message: error.message || name, retryable };
  }
  return { message: String(error), retryable: false };
}

const ISO_DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Epoch seconds from a timestamp as log stores hand it back: a number or numeric string in
 * `numbers` units (Elasticsearch and CloudWatch use milliseconds), or an ISO-8601-like date
 * time (`T` or space, `.` or `,` before the fraction, any number of fraction digits). A date
 * time without a zone is read as UTC. Undefined when unreadable.
 */
export function logTimestamp(value: unknown, numbers: 's' | 'ms' | 'ns' = 's'): number | undefined {
  const scale = numbers === 'ms' ? 1e3 : numbers === 'ns' ? 1e9 : 1;
  if (typeof value === 'number') return Number.isFinite(value) ? value / scale : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text) / scale;
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, date, time, fraction = '', zone = 'Z'] = match;
  const whole = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}${normalizeZone(zone)}`);
  if (!Number.isFinite(whole)) return undefined;
  return whole / 1000 + (fraction ? Number(`0.${fraction}`) : 0);
}

function normalizeZone(zone: string): string {
  if (zone.toUpperCase() === 'Z') return 'Z';
  return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

/**
 * The value at a dotted path of a parsed JSON document, flat key first (`"service.name"`),
 * then nested objects (`{"service": {"name": ...}}`).
 */
export function fieldValue(source: Record<string, unknown> | undefined, path: string): unknown {
  if (!source) return undefined;
  if (Object.hasOwn(source, path)) return source[path];
  for (let i = path.indexOf('.'); i !== -1; i = path.indexOf('.', i + 1)) {
    const head = source[path.slice(0, i)];
    if (head && typeof head === 'object' && !Array.isArray(head)) {
      const found = fieldValue(head as Record<string, unknown>, path.slice(i + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A scalar field as text (the first element of an array); undefined for objects. */
export function fieldText(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  if (typeof first === 'number' || typeof first === 'boolean') return String(first);
  return undefined;
}
