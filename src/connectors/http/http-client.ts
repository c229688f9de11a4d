/**
 * The one HTTP client every connector uses: base URL, auth, per-attempt timeout, the
 * caller's deadline (AbortSignal), retries with jittered backoff on transient failures,
 * and a cap on response bytes so a runaway query cannot exhaust memory.
 */
import { authHeaders, type HttpAuth } from './http-auth.js';
import { HttpError, isRetryableStatus } from './http-error.js';
import { backoffMs, delay, retryAfterMs } from './retry.js';

export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Appended to the base URL's path. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON unless it is a string or URLSearchParams. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
}

export interface HttpClientOptions {
  baseUrl: string;
  auth?: HttpAuth;
  headers?: Record<string, string>;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Extra attempts after the first on a transient failure. Default 2. */
  retries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Largest response body accepted. Default 32 MiB. */
  maxResponseBytes?: number;
  fetch?: typeof fetch;
}

export class HttpClient {
  readonly baseUrl: string;
  private readonly options: Required<Omit<HttpClientOptions, 'auth' | 'headers' | 'fetch'>> & {
    fetch: typeof fetch;
    headers: Record<string, string>;
  };

  constructor(options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.options = {
      baseUrl: this.baseUrl,
      timeoutMs: options.timeoutMs ?? 10_000,
      retries: options.retries ?? 2,
      retryBaseMs: options.retryBaseMs ?? 200,
      retryMaxMs: options.retryMaxMs ?? 5_000,
      maxResponseBytes: options.maxResponseBytes ?? 32 * 1024 * 1024,
      fetch: options.fetch ?? fetch,
      headers: { ...authHeaders(options.auth), ...lowerCaseKeys(options.headers ?? {}) },
    };
  }

  url(path: string, query?: Record<string, QueryValue>): string {
    const url = new URL(this.baseUrl + (path.startsWith('/') ? path : `/${path}`));
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item));
      else url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /** Sends the request; a non-2xx status throws HttpError (after retries when transient). */
  async request(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    let attempt = 0;
    for (;;) {
      try {
        return await this.attempt(request, signal);
      } catch (error) {
        const httpError = toHttpError(error, signal);
        if (!httpError.retryable || attempt >= this.options.retries || signal?.aborted) throw httpError;
        const wait =
          (error instanceof RetryAfter ? error.waitMs : undefined) ??
          backoffMs(attempt, this.options.retryBaseMs, this.options.retryMaxMs);
        await delay(wait, signal);
        attempt += 1;
      }
    }
  }

  async getJson<T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal): Promise<T> {
    return (await this.request({ path, query }, signal)).json<T>();
  }

  async postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    return (await this.request({ method: 'POST', path, body }, signal)).json<T>();
  }

  private async attempt(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const { body, contentType } = encodeBody(request.body);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...this.options.headers,
      ...(contentType ? { 'content-type': contentType } : {}),
      ...lowerCaseKeys(request.headers ?? {}),
    };
    const response = await this.options.fetch(this.url(request.path, request.query), {
      method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: combined,
    });
    const text = await readLimited(response, this.options.maxResponseBytes);
    if (!response.ok) {
      const message = `HTTP ${response.status} from ${request.method ?? 'GET'} ${request.path}: ${excerpt(text)}`;
      const error = new HttpError(message, response.status, isRetryableStatus(response.status), text);
      const waitMs = retryAfterMs(response.headers.get('retry-after'));
      throw waitMs === undefined ? error : new RetryAfter(error, Math.min(waitMs, this.options.retryMaxMs));
    }
    return {
      status: response.status,
      headers: response.headers,
      text,
      json<T>() {
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new HttpError(
            `invalid JSON from ${request.path}: ${excerpt(text)}`,
            response.status,
            false,
            text,
          );
        }
      },
    };
  }
}

class RetryAfter extends Error {
  constructor(
    override readonly cause: HttpError,
    readonly waitMs: number,
  ) {
    super(cause.message);
  }
}

function toHttpError(error: unknown, signal?: AbortSignal): HttpError {
  if (error instanceof RetryAfter) return error.cause;
  if (error instanceof HttpError) return error;
  if (signal?.aborted) return new HttpError('request aborted: the caller deadline passed', 0, false);
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new HttpError('request timed out', 0, true);
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new HttpError(`request failed: ${detail}`, 0, true);
}

function encodeBody(body: unknown): { body?: string | URLSearchParams; contentType?: string } {
  if (body === undefined) return {};
  if (typeof body === 'string') return { body };
  if (body instanceof URLSearchParams) return { body, contentType: 'application/x-www-form-urlencoded' };
  return { body: JSON.stringify(body), contentType: 'application/json' };
}

async function readLimited(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw new HttpError(
      `response of ${declared} bytes exceeds the ${limit}-byte limit`,
      response.status,
      false,
    );
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new HttpError(`response exceeds the ${limit}-byte limit`, response.status, false);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat || '(empty body)';
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
