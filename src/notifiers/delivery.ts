/**
 * What every HTTP notifier shares: the delivery options (per-attempt timeout, retries with
 * jittered exponential backoff, the incident link template), an HttpClient for one full
 * URL (webhook URLs carry their secret in the path or query), and the conversion of a
 * delivery into an Outcome that carries the vendor's own error words.
 */
import { z } from 'zod';
import { HttpClient, type HttpClientOptions, type QueryValue } from '../connectors/http/http-client.js';
import { HttpError } from '../connectors/http/http-error.js';
import { failure, type Outcome, ok, type SourceRef } from '../core/outcome.js';

/** Option keys every notifier accepts (snake_case, as in config.yml). */
export const deliveryOptionFields = {
  /** Per-attempt HTTP timeout. */
  timeout_ms: z.number().int().positive().default(10_000),
  /** Extra attempts after a transient failure (429, 502-504, network), with jittered backoff. */
  retries: z.number().int().min(0).max(10).default(2),
  /** First backoff step; doubles each attempt, capped by retry_max_ms; Retry-After wins when sent. */
  retry_base_ms: z.number().int().positive().default(250),
  retry_max_ms: z.number().int().positive().default(5_000),
  /** Link to the incident in afr's UI: a template with `{incident_id}`. */
  incident_url: z.string().optional(),
  /**
   * Where afr serve is reachable from outside (e.g. https://afr.example.com): the resolved
   * notification links the postmortem report API endpoint, and incident_url defaults to the UI page.
   */
  public_url: z.url().optional(),
};

export interface DeliveryOptions {
  timeout_ms: number;
  retries: number;
  retry_base_ms: number;
  retry_max_ms: number;
  incident_url?: string;
  public_url?: string;
}

/** Dependencies a test or the host may inject. */
export interface NotifierDeps {
  fetch?: typeof fetch;
}

/** A failure the vendor reported inside a successful HTTP exchange (Slack `ok:false`, ...). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export function httpClientFor(
  baseUrl: string,
  options: DeliveryOptions,
  deps: NotifierDeps,
  extra: Pick<HttpClientOptions, 'auth' | 'headers'> = {},
): HttpClient {
  return new HttpClient({
    baseUrl,
    timeoutMs: options.timeout_ms,
    retries: options.retries,
    retryBaseMs: options.retry_base_ms,
    retryMaxMs: options.retry_max_ms,
    maxResponseBytes: 1024 * 1024,
    fetch: deps.fetch,
    ...extra,
  });
}

export interface Endpoint {
  baseUrl: string;
  path: string;
  query: Record<string, QueryValue>;
}

/** Splits a full URL so the HttpClient sends its path and query back unchanged. */
export function endpointOf(url: string): Endpoint {
  const parsed = new URL(url);
  const query: Record<string, string[]> = {};
  for (const [key, value] of parsed.searchParams) query[key] = [...(query[key] ?? []), value];
  return { baseUrl: parsed.origin, path: parsed.pathname, query };
}

/**
 * Runs one delivery. A thrown HttpError or DeliveryError becomes an error Outcome whose
 * message is the vendor's (via `describe`, when it can read the body) and never a throw.
 */
export async function deliver(
  source: SourceRef,
  work: () => Promise<void>,
  describe?: (body: unknown) => string | undefined,
): Promise<Outcome<void>> {
  try {
    await work();
    return ok(undefined, source);
  } catch (error) {
    if (error instanceof HttpError) {
      // Built from status and body only: webhook URLs carry their secret in the path.
      if (error.status === 0) return failure(error.message, source, error.retryable);
      const vendor = describe?.(parseJson(error.body)) ?? excerpt(error.body);
      return failure(`HTTP ${error.status}: ${vendor}`, source, error.retryable);
    }
    if (error instanceof DeliveryError) return failure(error.message, source, error.retryable);
    return failure(error instanceof Error ? error.message : String(error), source, false);
  }
}

export function excerpt(text: string, max = 500): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat || '(empty body)';
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
