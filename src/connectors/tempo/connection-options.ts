/**
 * Connection settings shared by the HTTP trace connectors (Tempo, Jaeger), named as the
 * other connectors name them in config.yml: `url`, `bearer_token` or `username`/`password`,
 * `headers` (any other auth header goes here), `timeout_ms`, `retries`; plus the HttpClient
 * built from them.
 */
import { z } from 'zod';
import type { HttpAuth } from '../http/http-auth.js';
import { HttpClient } from '../http/http-client.js';

/** Fields every HTTP trace connector accepts. */
export const connectionFields = {
  /** Base URL of the query API (a path prefix such as `/tempo` is kept). */
  url: z.string().url({ error: 'expected an http(s) URL' }),
  bearer_token: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  /** Extra request headers. */
  headers: z.record(z.string(), z.string()).default({}),
  /** Per attempt. */
  timeout_ms: z.number().positive().default(10_000),
  /** Extra attempts on throttling and transient upstream failures. */
  retries: z.number().int().min(0).max(10).default(2),
  /** Largest single HTTP response accepted. */
  max_response_bytes: z
    .number()
    .int()
    .positive()
    .default(32 * 1024 * 1024),
  /** Requests in flight at once. */
  max_concurrency: z.number().int().min(1).max(64).default(4),
};

export interface ConnectionOptions {
  url: string;
  bearer_token?: string;
  username?: string;
  password?: string;
  headers: Record<string, string>;
  timeout_ms: number;
  retries: number;
  max_response_bytes: number;
}

/** Rejects a bearer token together with a username, and a username without a password. */
export function checkCredentials(
  options: { bearer_token?: string; username?: string; password?: string },
  ctx: z.RefinementCtx,
): void {
  if (options.bearer_token && options.username) {
    ctx.addIssue({
      code: 'custom',
      path: ['username'],
      message: 'use either bearer_token or username/password',
    });
  }
  if (options.username && options.password === undefined) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: 'required with username' });
  }
}

export function connectionAuth(options: ConnectionOptions): HttpAuth {
  if (options.bearer_token) return { kind: 'bearer', token: options.bearer_token };
  if (options.username)
    return { kind: 'basic', username: options.username, password: options.password ?? '' };
  return { kind: 'none' };
}

export function httpClientFor(
  options: ConnectionOptions,
  extraHeaders: Record<string, string> = {},
  fetchImpl?: typeof fetch,
): HttpClient {
  return new HttpClient({
    baseUrl: options.url,
    auth: connectionAuth(options),
    headers: { ...options.headers, ...extraHeaders },
    timeoutMs: options.timeout_ms,
    retries: options.retries,
    maxResponseBytes: options.max_response_bytes,
    fetch: fetchImpl,
  });
}
