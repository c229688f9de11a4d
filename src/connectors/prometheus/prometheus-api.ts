/**
 * The Prometheus HTTP API (`/api/v1`): instant and range queries, series, label names and
 * values, build info. Parses the response envelope and sample values, including the
 * "NaN", "+Inf" and "-Inf" strings; API errors (`bad_data`, `execution`, `timeout`...)
 * become PrometheusApiError with the server's own message.
 */
import type { HttpClient } from '../http/http-client.js';
import { HttpError } from '../http/http-error.js';

export type PromLabels = Record<string, string>;
export type PromSample = [number, string];

export interface MatrixSeries {
  metric: PromLabels;
  values?: PromSample[];
}
export interface VectorSample {
  metric: PromLabels;
  value: PromSample;
}

export type QueryData =
  | { resultType: 'matrix'; result: MatrixSeries[] }
  | { resultType: 'vector'; result: VectorSample[] }
  | { resultType: 'scalar' | 'string'; result: PromSample };

interface Envelope<T> {
  status: 'success' | 'error';
  data?: T;
  errorType?: string;
  error?: string;
  warnings?: string[];
}

export class PrometheusApiError extends Error {
  constructor(
    message: string,
    readonly errorType: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'PrometheusApiError';
  }
}

/** A sample value as a number; NaN for anything unreadable. */
export function sampleValue(value: string): number {
  if (value === '+Inf') return Number.POSITIVE_INFINITY;
  if (value === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(value);
}

export class PrometheusApi {
  constructor(private readonly http: HttpClient) {}

  async query(expr: string, time: number | undefined, signal?: AbortSignal): Promise<QueryData> {
    return this.post<QueryData>('/api/v1/query', { query: expr, time }, signal);
  }

  async queryRange(
    expr: string,
    start: number,
    end: number,
    stepSeconds: number,
    signal?: AbortSignal,
  ): Promise<MatrixSeries[]> {
    const data = await this.post<QueryData>(
      '/api/v1/query_range',
      { query: expr, start, end, step: stepSeconds },
      signal,
    );
    if (data.resultType !== 'matrix') {
      throw new PrometheusApiError(
        `expected a matrix from query_range, got ${data.resultType}`,
        'bad_response',
        false,
      );
    }
    return data.result;
  }

  async series(match: string[], start: number, end: number, signal?: AbortSignal): Promise<PromLabels[]> {
    return this.get<PromLabels[]>('/api/v1/series', { 'match[]': match, start, end }, signal);
  }

  async labelNames(signal?: AbortSignal): Promise<string[]> {
    return this.get<string[]>('/api/v1/labels', {}, signal);
  }

  async labelValues(label: string, match: string[] = [], signal?: AbortSignal): Promise<string[]> {
    return this.get<string[]>(
      `/api/v1/label/${encodeURIComponent(label)}/values`,
      { 'match[]': match },
      signal,
    );
  }

  async buildInfo(signal?: AbortSignal): Promise<Record<string, string>> {
    return this.get<Record<string, string>>('/api/v1/status/buildinfo', {}, signal);
  }

  private async get<T>(
    path: string,
    query: Record<string, string | number | string[]>,
    signal?: AbortSignal,
  ) {
    return this.unwrap<T>(() => this.http.request({ path, query }, signal));
  }

  /** POST with a form body: long PromQL and many matchers do not hit URL length limits. */
  private async post<T>(
    path: string,
    params: Record<string, string | number | undefined>,
    signal?: AbortSignal,
  ) {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) body.set(key, String(value));
    return this.unwrap<T>(() => this.http.request({ method: 'POST', path, body }, signal));
  }

  private async unwrap<T>(send: () => Promise<{ text: string }>): Promise<T> {
    let text: string;
    try {
      text = (await send()).text;
    } catch (error) {
      // Prometheus answers bad queries with 400/422 and a JSON envelope: keep its words.
      if (error instanceof HttpError && error.body) {
        const envelope = tryParse<Envelope<T>>(error.body);
        if (envelope?.status === 'error') throw apiError(envelope, error.retryable || error.status === 503);
      }
      throw error;
    }
    const envelope = tryParse<Envelope<T>>(text);
    if (!envelope || typeof envelope !== 'object') {
      throw new PrometheusApiError(
        `not a Prometheus API response: ${text.slice(0, 200)}`,
        'bad_response',
        false,
      );
    }
    if (envelope.status !== 'success') throw apiError(envelope, false);
    if (envelope.data === undefined)
      throw new PrometheusApiError('response has no data', 'bad_response', false);
    return envelope.data;
  }
}

function apiError(envelope: Envelope<unknown>, retryable: boolean): PrometheusApiError {
  const type = envelope.errorType ?? 'unknown';
  const transient = retryable || type === 'timeout' || type === 'unavailable';
  return new PrometheusApiError(`${type}: ${envelope.error ?? 'no message'}`, type, transient);
}

function tryParse<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
