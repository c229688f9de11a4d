/**
 * Builds the Logs Insights query for a LogQuery (`fields`, `filter ... in [...]`,
 * `filter @message like /(?i).../`, `sort @timestamp asc`, `limit`) and reads the result
 * rows (arrays of {field, value}) into LogRecords.
 */
import type { ResultField } from '@aws-sdk/client-cloudwatch-logs';
import type { LogQuery } from '../../core/ports.js';
import type { LogRecord } from '../../core/telemetry.js';
import { levelFromLine, levelSpellings, normalizeLevel } from '../log-level.js';
import { logTimestamp } from '../log-search.js';
import type { CloudWatchLogsOptions } from './cloudwatch-logs-options.js';

/** A field name, in backticks when it holds characters outside `[\w.@]`. */
export function insightsField(name: string): string {
  return /^[@\w.]+$/.test(name) ? name : `\`${name.replace(/`/g, '')}\``;
}

/** A double-quoted Insights string. */
export function insightsString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `text` as a case-insensitive Insights regex literal. */
export function insightsRegex(text: string): string {
  return `/(?i)${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/`;
}

export function buildInsightsQuery(
  query: LogQuery,
  options: Pick<CloudWatchLogsOptions, 'fields' | 'service_from'>,
  limit: number,
): string {
  const { fields } = options;
  const shown = [...new Set(['@timestamp', '@log', ...Object.values(fields)])].map(insightsField);
  const lines = [`fields ${shown.join(', ')}`];
  if (query.services?.length && options.service_from === 'field') {
    lines.push(
      `filter ${insightsField(fields.service)} in [${query.services.map(insightsString).join(', ')}]`,
    );
  }
  if (query.levels?.length) {
    lines.push(
      `filter ${insightsField(fields.level)} in [${levelSpellings(query.levels).map(insightsString).join(', ')}]`,
    );
  }
  if (query.text) lines.push(`filter ${insightsField(fields.message)} like ${insightsRegex(query.text)}`);
  lines.push('sort @timestamp asc', `limit ${limit}`);
  return lines.join('\n| ');
}

/** `/aws/lambda/checkout` or `123456789012:/aws/lambda/checkout` → `checkout`. */
export function serviceOfLogGroup(logGroup: string): string {
  const name = logGroup.slice(logGroup.indexOf(':') + 1);
  return name.split('/').filter(Boolean).at(-1) ?? name;
}

export function rowToRecord(
  row: ResultField[],
  options: Pick<CloudWatchLogsOptions, 'fields' | 'service_from'>,
): { record?: LogRecord; ptr?: string } {
  const values = new Map<string, string>();
  for (const cell of row)
    if (cell.field !== undefined && cell.value !== undefined) values.set(cell.field, cell.value);
  const ptr = values.get('@ptr');
  const timestamp = logTimestamp(values.get('@timestamp'));
  if (timestamp === undefined) return { ptr };
  const { fields } = options;
  const message = values.get(fields.message) ?? values.get('@message') ?? '';
  const logGroup = values.get('@log');
  const service =
    options.service_from === 'log_group' && logGroup
      ? serviceOfLogGroup(logGroup)
      : values.get(fields.service);
  const record: LogRecord = {
    timestamp,
    service: service || 'unknown',
    level: normalizeLevel(values.get(fields.level)) ?? levelFromLine(message) ?? 'info',
    message,
  };
  const traceId = values.get(fields.trace_id);
  const spanId = values.get(fields.span_id);
  if (traceId) record.trace_id = traceId;
  if (spanId) record.span_id = spanId;
  return { record, ptr };
}
