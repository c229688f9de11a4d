/**
 * Turns what the AWS SDK throws into an error Outcome: the service's error code and message
 * word for word, retryable for throttling, server faults and timeouts, not for a deadline
 * the caller set.
 */
import { failure, type Outcome, type SourceRef } from '../../core/outcome.js';

interface SdkError {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING = /Throttl|TooManyRequests|RequestLimitExceeded|LimitExceeded|SlowDown/i;

export function sdkFailure<T>(error: unknown, source: SourceRef, signal: AbortSignal): Outcome<T> {
  if (signal.aborted) return failure('request aborted: the caller deadline passed', source, false);
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkError;
  const name = e.name ?? 'Error';
  const message = e.message ?? String(error);
  if (name === 'AbortError' || name === 'TimeoutError') return failure('request timed out', source, true);
  const status = e.$metadata?.httpStatusCode ?? 0;
  const retryable =
    Boolean(e.$retryable) ||
    e.$fault === 'server' ||
    status === 429 ||
    status >= 500 ||
    THROTTLING.test(name) ||
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up/i.test(message);
  return failure(`${name}: ${message}`, source, retryable);
}

/** A MetricDataResult that reports a failure instead of data. */
export class MetricResultError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'MetricResultError';
  }
}
