/**
 * Builds NRQL from a template: string literals escaped, one query per service or one FACET
 * query for several, and the absolute time window with a TIMESERIES bucket.
 */
import type { TimeRange } from '../../core/time.js';

/** New Relic returns at most this many TIMESERIES buckets per query. */
export const MAX_BUCKETS = 366;

/** `attr = '{service}'`, the filter a FACET query replaces. */
const SERVICE_FILTER = /(`[^`]+`|[A-Za-z_][\w.]*)\s*=\s*'\{service\}'/g;

/** The text of an NRQL single-quoted string literal (quotes and backslashes escaped). */
export function escapeNrqlString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

function withAttribute(template: string, attribute: string): string {
  return template.replaceAll('{service_attribute}', attribute);
}

export function serviceNrql(template: string, attribute: string, service: string): string {
  return withAttribute(template, attribute).replaceAll('{service}', escapeNrqlString(service));
}

export interface FacetNrql {
  nrql: string;
  /** The faceted attribute as results name it (without backticks). */
  attribute: string;
}

/**
 * One query for several services (or all, when `services` is undefined): the template's
 * `attr = '{service}'` filter becomes `attr IN (...)` (or `attr IS NOT NULL`) and the query
 * facets by `attr`. Undefined when the template has no such filter, several, or a FACET.
 */
export function facetNrql(
  template: string,
  attribute: string,
  services?: readonly string[],
): FacetNrql | undefined {
  const text = withAttribute(template, attribute);
  if (/\bFACET\b/i.test(text)) return undefined;
  const filters = [...text.matchAll(SERVICE_FILTER)];
  if (filters.length !== 1 || text.replace(SERVICE_FILTER, '').includes('{service}')) return undefined;
  const attr = filters[0][1];
  const condition = services
    ? `${attr} IN (${services.map((s) => `'${escapeNrqlString(s)}'`).join(', ')})`
    : `${attr} IS NOT NULL`;
  const limit = services ? Math.max(services.length, 1) : 'MAX';
  return {
    nrql: `${text.replace(SERVICE_FILTER, condition)} FACET ${attr} LIMIT ${limit}`,
    attribute: attr.replace(/^`|`$/g, ''),
  };
}

/** The bucket, in whole seconds, for a window: the step asked for, coarsened to fit MAX_BUCKETS. */
export function bucketSeconds(range: TimeRange, step: number): number {
  const span = Math.max(1, range.end - range.start);
  return Math.max(1, Math.ceil(step), Math.ceil(span / MAX_BUCKETS));
}

/** `SINCE <ms> UNTIL <ms> TIMESERIES <n> seconds` (NRQL reads absolute times as epoch ms). */
export function windowClause(range: TimeRange, bucket: number): string {
  const since = Math.floor(range.start * 1000);
  const until = Math.max(since + 1, Math.ceil(range.end * 1000));
  return `SINCE ${since} UNTIL ${until} TIMESERIES ${bucket} seconds`;
}
