/**
 * Reads Splunk REST answers: the job id from a job creation, the state of a job, and the
 * result rows of `.../results?output_mode=json` as LogRecords through the field mapping.
 */
import type { LogRecord } from '../../core/telemetry.js';
import { levelFromLine, normalizeLevel } from '../log-level.js';
import { fieldText, logTimestamp } from '../log-search.js';
import type { SplunkOptions } from './splunk-options.js';

export function jobSid(body: unknown): string {
  const sid = (body as { sid?: unknown } | null)?.sid;
  if (typeof sid !== 'string' || sid === '') {
    throw new Error(`unexpected Splunk job creation response: ${JSON.stringify(body)?.slice(0, 200)}`);
  }
  return sid;
}

export interface JobState {
  done: boolean;
  failed: boolean;
  dispatchState: string;
  /** The job's error and fatal messages, word for word. */
  messages: string[];
}

export function jobState(body: unknown): JobState {
  const content = (body as { entry?: Array<{ content?: Record<string, unknown> }> } | null)?.entry?.[0]
    ?.content;
  if (!content || typeof content !== 'object') {
    throw new Error(`unexpected Splunk job status response: ${JSON.stringify(body)?.slice(0, 200)}`);
  }
  const messages = Array.isArray(content.messages)
    ? (content.messages as Array<{ type?: string; text?: string }>)
        .filter((m) => m?.type === 'FATAL' || m?.type === 'ERROR')
        .map((m) => String(m.text))
    : [];
  return {
    done: content.isDone === true || content.isDone === '1' || content.isDone === 1,
    failed: content.isFailed === true || content.isFailed === '1' || content.isFailed === 1,
    dispatchState: String(content.dispatchState ?? ''),
    messages,
  };
}

export function resultRows(body: unknown): Array<Record<string, unknown>> {
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) {
    throw new Error(`unexpected Splunk results response: ${JSON.stringify(body)?.slice(0, 200)}`);
  }
  return results as Array<Record<string, unknown>>;
}

export function rowToRecord(
  row: Record<string, unknown>,
  fields: SplunkOptions['fields'],
): LogRecord | undefined {
  const timestamp = logTimestamp(fieldText(row._time));
  if (timestamp === undefined) return undefined;
  const message = fieldText(row[fields.message]) ?? fieldText(row._raw) ?? '';
  const record: LogRecord = {
    timestamp,
    service: fieldText(row[fields.service]) ?? 'unknown',
    level: normalizeLevel(fieldText(row[fields.level])) ?? levelFromLine(message) ?? 'info',
    message,
  };
  const traceId = fieldText(row[fields.trace_id]);
  const spanId = fieldText(row[fields.span_id]);
  if (traceId) record.trace_id = traceId;
  if (spanId) record.span_id = spanId;
  return record;
}
