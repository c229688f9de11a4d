/**
 * The production HttpGet for SNS (signing certificates, subscription confirmation), built on
 * the shared HTTP client: short timeout, one retry, a small response cap. Non-2xx answers
 * come back as a status rather than a throw.
 */
import { HttpClient } from '../../connectors/http/http-client.js';
import { HttpError } from '../../connectors/http/http-error.js';
import type { HttpGet } from './types.js';

export function createDefaultHttpGet(options: { timeoutMs?: number; fetch?: typeof fetch } = {}): HttpGet {
  return async (url, signal) => {
    const target = new URL(url);
    const client = new HttpClient({
      baseUrl: target.origin,
      timeoutMs: options.timeoutMs ?? 5_000,
      retries: 1,
      maxResponseBytes: 256 * 1024,
      fetch: options.fetch,
    });
    try {
      const response = await client.request({ path: `${target.pathname}${target.search}` }, signal);
      return { status: response.status, body: response.text };
    } catch (error) {
      if (error instanceof HttpError && error.status > 0) return { status: error.status, body: error.body };
      throw error;
    }
  };
}
