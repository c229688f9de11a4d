/**
 * Builds the LogQL log query for a LogQuery: a stream selector from the service label (and
 * configured extra matchers), a case-insensitive line filter for the text, and a level
 * label filter. Values are regex-escaped (RE2) and then escaped for a double-quoted LogQL
 * string, so user text can never change the query's shape.
 */
import type { LogQuery } from '../../core/ports.js';
import { levelWords } from '../log-level.js';
import type { LokiOptions } from './loki-options.js';

/** A double-quoted LogQL string literal (Go string syntax). */
export function logqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/** `text` with every RE2 metacharacter escaped. */
export function regexEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function buildLogQL(
  query: LogQuery,
  options: Pick<LokiOptions, 'labels' | 'matchers' | 'filter_levels_in_query'>,
): string {
  const matchers = [...options.matchers];
  const services = query.services ?? [];
  if (services.length === 1) matchers.push(`${options.labels.service}=${logqlString(services[0])}`);
  else if (services.length > 1) {
    matchers.push(`${options.labels.service}=~${logqlString(services.map(regexEscape).join('|'))}`);
  } else if (matchers.length === 0) matchers.push(`${options.labels.service}=~".+"`);
  let logql = `{${matchers.join(', ')}}`;
  if (query.text) logql += ` |~ ${logqlString(`(?i)${regexEscape(query.text)}`)}`;
  if (query.levels?.length && options.filter_levels_in_query) {
    const words = query.levels.flatMap(levelWords);
    logql += ` | ${options.labels.level}=~${logqlString(`(?i)(${words.join('|')})`)}`;
  }
  return logql;
}
