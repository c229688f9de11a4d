/**
 * Two ways to send a `_search`: through the official Elasticsearch v8 client, or as plain
 * HTTP (for OpenSearch, which the official client refuses). Both throw HttpError with the
 * server's own error type and reason, so the connector reports them the same way.
 */
import { Client, errors } from '@elastic/elasticsearch';
import type { HttpAuth } from '../http/http-auth.js';
import { HttpClient } from '../http/http-client.js';
import { HttpError, isRetryableStatus } from '../http/http-error.js';
import type { ElasticsearchOptions } from './elasticsearch-options.js';
import type { SearchBody } from './search-body.js';

export interface Searcher {
  search(index: string, body: SearchBody, signal: AbortSignal): Promise<unknown>;
}

export function searchPath(index: string): string {
  return `/${encodeURIComponent(index)}/_search`;
}

function httpAuth(options: ElasticsearchOptions): HttpAuth {
  if (options.api_key) return { kind: 'header', name: 'authorization', value: `ApiKey ${options.api_key}` };
  if (options.bearer_token) return { kind: 'bearer', token: options.bearer_token };
  if (options.username)
    return { kind: 'basic', username: options.username, password: options.password ?? '' };
  return { kind: 'none' };
}

/** `_search` over the shared HTTP client: `POST /<index>/_search` with a JSON body. */
export class HttpSearcher implements Searcher {
  private readonly http: HttpClient;

  constructor(options: ElasticsearchOptions, http?: HttpClient) {
    this.http =
      http ??
      new HttpClient({
        baseUrl: options.url,
        auth: httpAuth(options),
        headers: options.headers,
        timeoutMs: options.timeout_ms,
        retries: options.retries,
        maxResponseBytes: options.max_response_bytes,
      });
  }

  async search(index: string, body: SearchBody, signal: AbortSignal): Promise<unknown> {
    return this.http.postJson(searchPath(index), body, signal);
  }
}

/** `_search` through the official `@elastic/elasticsearch` v8 client. */
export class ElasticClientSearcher implements Searcher {
  readonly client: Client;

  constructor(options: ElasticsearchOptions, client?: Client) {
    this.client =
      client ??
      new Client({
        node: options.url,
        auth: options.api_key
          ? { apiKey: options.api_key }
          : options.bearer_token
            ? { bearer: options.bearer_token }
            : options.username
              ? { username: options.username, password: options.password ?? '' }
              : undefined,
        headers: options.headers,
        requestTimeout: options.timeout_ms,
        maxRetries: options.retries,
        maxResponseSize: options.max_response_bytes,
      });
  }

  async search(index: string, body: SearchBody, signal: AbortSignal): Promise<unknown> {
    try {
      // `body` is built from our own typed fields; the client's request type is wider.
      return await this.client.search({ index, ...body } as Parameters<Client['search']>[0], { signal });
    } catch (error) {
      throw toHttpError(error, `POST ${searchPath(index)}`, signal);
    }
  }
}

/** The client's errors as HttpError: status, the server's error type and reason, retryability. */
export function toHttpError(error: unknown, request: string, signal?: AbortSignal): HttpError {
  if (error instanceof errors.ResponseError) {
    const status = error.meta.statusCode ?? 0;
    return new HttpError(
      `HTTP ${status} from ${request}: ${describeEsError(error.meta.body) ?? error.message}`,
      status,
      isRetryableStatus(status),
      JSON.stringify(error.meta.body ?? ''),
    );
  }
  if (error instanceof errors.ProductNotSupportedError) {
    return new HttpError(
      'the server did not identify itself as Elasticsearch (no x-elastic-product header); ' +
        'for OpenSearch or Elasticsearch before 7.14 set mode: http',
      0,
      false,
    );
  }
  if (error instanceof errors.RequestAbortedError || signal?.aborted) {
    return new HttpError('request aborted: the caller deadline passed', 0, false);
  }
  if (error instanceof errors.TimeoutError)
    return new HttpError(`request timed out: ${error.message}`, 0, true);
  if (error instanceof errors.ConnectionError || error instanceof errors.NoLivingConnectionsError) {
    return new HttpError(`request failed: ${error.message}`, 0, true);
  }
  return new HttpError(error instanceof Error ? error.message : String(error), 0, false);
}

/** `type: reason` of an Elasticsearch error body, with the first root cause when it differs. */
export function describeEsError(body: unknown): string | undefined {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error === 'string') return error;
  if (!error || typeof error !== 'object') return undefined;
  const { type, reason, root_cause } = error as { type?: string; reason?: string; root_cause?: unknown };
  let text = [type, reason].filter(Boolean).join(': ');
  const first = Array.isArray(root_cause) ? (root_cause[0] as { type?: string; reason?: string }) : undefined;
  if (first?.reason && first.reason !== reason) text += ` (root cause ${first.type}: ${first.reason})`;
  return text || undefined;
}
