/**
 * Reads a NerdGraph answer to `actor { account { nrql { results } } }`: GraphQL `errors[]`
 * become a NerdGraphError; TIMESERIES rows (`beginTimeSeconds`, optional `facet`, one value
 * field) become points per service.
 */
import type { Point } from '../../core/telemetry.js';
import { HttpError } from '../http/http-error.js';

/** An answer that arrived (HTTP 200) but reports a failure or cannot be read. */
export class NerdGraphError extends HttpError {
  constructor(message: string, retryable: boolean) {
    super(message, 200, retryable);
    this.name = 'NerdGraphError';
  }
}

interface GraphQlError {
  message?: unknown;
  extensions?: { errorClass?: unknown; code?: unknown };
}

const TRANSIENT = /TIMEOUT|SERVER_ERROR|INTERNAL|UNAVAILABLE|RATE_LIMIT|TOO_MANY/i;

/** The `results` array, or a NerdGraphError carrying the GraphQL errors word for word. */
export function nrqlResults(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null)
    throw new NerdGraphError('NerdGraph: response is not an object', false);
  const response = body as { errors?: unknown; data?: unknown };
  if (Array.isArray(response.errors) && response.errors.length > 0) {
    const errors = response.errors as GraphQlError[];
    const message = errors
      .map((e) => (typeof e?.message === 'string' ? e.message : JSON.stringify(e)))
      .join('; ');
    const retryable = errors.some((e) =>
      TRANSIENT.test(String(e?.extensions?.errorClass ?? e?.extensions?.code ?? '')),
    );
    throw new NerdGraphError(message, retryable);
  }
  const nrql = (
    response.data as { actor?: { account?: { nrql?: { results?: unknown } | null } | null } } | undefined
  )?.actor?.account?.nrql;
  if (!nrql || !Array.isArray(nrql.results)) {
    throw new NerdGraphError('NerdGraph: data.actor.account.nrql.results is missing', false);
  }
  return nrql.results;
}

const NOT_VALUES = new Set(['beginTimeSeconds', 'endTimeSeconds', 'facet', 'timestamp']);

/**
 * Groups TIMESERIES rows into points per service. `facetAttribute` set: the service is the
 * row's facet; unset: every row belongs to `service`. Rows without a finite value are dropped.
 */
export function pointsByService(
  rows: unknown[],
  target: { facetAttribute: string } | { service: string },
): Map<string, Point[]> {
  const out = new Map<string, Point[]>();
  for (const raw of rows) {
    if (typeof raw !== 'object' || raw === null)
      throw new NerdGraphError('NerdGraph: result row is not an object', false);
    const row = raw as Record<string, unknown>;
    const begin = row.beginTimeSeconds;
    if (typeof begin !== 'number') {
      throw new NerdGraphError(
        'NerdGraph: result row has no beginTimeSeconds (is TIMESERIES missing?)',
        false,
      );
    }
    const service = 'service' in target ? target.service : facetOf(row, target.facetAttribute);
    if (service === undefined) continue;
    const ignored = 'facetAttribute' in target ? target.facetAttribute : undefined;
    const value = rowValue(row, ignored);
    if (value === undefined) continue;
    const points = out.get(service) ?? [];
    points.push([begin, value]);
    out.set(service, points);
  }
  for (const points of out.values()) points.sort((a, b) => a[0] - b[0]);
  return out;
}

function facetOf(row: Record<string, unknown>, attribute: string): string | undefined {
  const facet = Array.isArray(row.facet) ? row.facet[0] : row.facet;
  if (typeof facet === 'string' && facet !== '') return facet;
  const named = row[attribute];
  return typeof named === 'string' && named !== '' ? named : undefined;
}

/** The row's value: the `value` alias, else its only other field; percentiles nest one level. */
function rowValue(row: Record<string, unknown>, facetAttribute?: string): number | undefined {
  const keys = Object.keys(row).filter((k) => !NOT_VALUES.has(k) && k !== facetAttribute);
  const key = keys.includes('value') ? 'value' : keys.length === 1 ? keys[0] : undefined;
  if (key === undefined) {
    throw new NerdGraphError(
      `NerdGraph: cannot tell which of ${keys.join(', ') || '(no fields)'} holds the value; alias it AS 'value'`,
      false,
    );
  }
  let value = row[key];
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const nested = Object.values(value);
    value = nested.length === 1 ? nested[0] : undefined;
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
