/** A failed HTTP exchange: the status (0 when no response came) and the upstream's words. */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryable: boolean,
    readonly body = '',
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Statuses worth retrying: throttling and transient upstream failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}
