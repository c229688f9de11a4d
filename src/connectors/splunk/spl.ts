/**
 * Builds the SPL for a LogQuery: the base search, `IN` filters on the service and level
 * fields, the text as a quoted phrase, oldest first, capped at the limit, keeping only the
 * mapped fields. Quoted values escape `\` and `"`, so user text cannot change the search.
 */
import type { LogQuery } from '../../core/ports.js';
import { levelSpellings } from '../log-level.js';
import type { SplunkOptions } from './splunk-options.js';

export function splString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function buildSpl(
  query: LogQuery,
  options: Pick<SplunkOptions, 'base_search' | 'fields'>,
  limit: number,
): string {
  const { fields } = options;
  const terms = [`search ${options.base_search}`];
  if (query.services?.length)
    terms.push(`${fields.service} IN (${query.services.map(splString).join(', ')})`);
  if (query.levels?.length) {
    terms.push(`${fields.level} IN (${levelSpellings(query.levels).map(splString).join(', ')})`);
  }
  if (query.text) terms.push(splString(query.text));
  const kept = [...new Set(['_time', ...Object.values(fields)])].join(' ');
  return `${terms.join(' ')} | sort 0 _time | head ${limit} | fields ${kept}`;
}
