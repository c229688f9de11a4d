/**
 * Builds Tempo search parameters (Tempo HTTP API, "Search": `GET /api/search` with `q` for
 * TraceQL or `tags` in logfmt, `start`/`end` in Unix seconds, `limit`) and reads the trace
 * ids out of the answer (`{traces: [{traceID, rootServiceName, startTimeUnixNano, ...}]}`).
 */
import type { TimeRange } from '../../core/time.js';
import type { QueryValue } from '../http/http-client.js';

export interface SearchSpec {
  mode: 'traceql' | 'tags';
  serviceAttribute: string;
  /** Undefined searches every service. */
  service?: string;
  range: TimeRange;
  limit: number;
}

export function searchParameters(spec: SearchSpec): Record<string, QueryValue> {
  const window = { start: Math.floor(spec.range.start), end: Math.ceil(spec.range.end), limit: spec.limit };
  if (spec.mode === 'tags') {
    return spec.service === undefined
      ? window
      : { tags: `${spec.serviceAttribute}=${logfmtValue(spec.service)}`, ...window };
  }
  const query =
    spec.service === undefined
      ? '{}'
      : `{ resource.${traceqlAttribute(spec.serviceAttribute)} = ${traceqlString(spec.service)} }`;
  return { q: query, ...window };
}

/** Hex trace ids of a search answer, in answer order; throws on an unexpected shape. */
export function searchTraceIds(payload: unknown): string[] {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new Error('unexpected Tempo search payload: not an object');
  }
  const traces = (payload as { traces?: unknown }).traces;
  if (traces === undefined || traces === null) return [];
  if (!Array.isArray(traces)) throw new Error('unexpected Tempo search payload: traces is not an array');
  const ids: string[] = [];
  for (const trace of traces) {
    const id = (trace as { traceID?: unknown } | null)?.traceID;
    if (typeof id === 'string' && /^[0-9a-f]+$/i.test(id)) ids.push(id.toLowerCase());
  }
  return ids;
}

function traceqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Attribute names with characters beyond `[\w.-]` must be quoted in TraceQL. */
function traceqlAttribute(name: string): string {
  return /^[\w.-]+$/.test(name) ? name : traceqlString(name);
}

function logfmtValue(value: string): string {
  return /[\s"=]/.test(value) ? `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : value;
}
