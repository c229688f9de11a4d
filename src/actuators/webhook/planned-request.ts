/**
 * An HTTP request an actuator is about to send, or would send in a dry run, written out
 * exactly (method, full URL, headers, body bytes) for previews, receipts and the audit
 * log. Credentials are masked: a header whose name says it carries one shows `<redacted>`.
 */
import type { HttpClient, QueryValue } from '../../connectors/http/http-client.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface PlannedRequest {
  method: HttpMethod;
  /** Absolute URL, query included. */
  url: string;
  headers: Record<string, string>;
  /** The exact body bytes, when there is a body. */
  body?: string;
}

/** A call on an API client: path and query under its base URL, a JSON body. */
export interface ApiCall {
  method: HttpMethod;
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
}

const SECRET_HEADER = /authorization|token|secret|password|api[-_]?key|cookie|auth/i;

export function plannedCall(client: HttpClient, call: ApiCall, headers: Record<string, string> = {}) {
  const lower = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const planned: PlannedRequest = {
    method: call.method,
    url: client.url(call.path, call.query),
    headers: call.body === undefined ? lower : { ...lower, 'content-type': 'application/json' },
  };
  if (call.body !== undefined) planned.body = JSON.stringify(call.body);
  return planned;
}

/** `POST https://host/path?q=1`, then the headers and the body, one per line. */
export function showRequest(request: PlannedRequest): string {
  const lines = [`${request.method} ${request.url}`];
  for (const [name, value] of Object.entries(request.headers)) {
    lines.push(`${name}: ${SECRET_HEADER.test(name) ? '<redacted>' : value}`);
  }
  if (request.body !== undefined) lines.push(request.body);
  return lines.join('\n');
}
