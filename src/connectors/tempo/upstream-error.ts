/**
 * Turns a failed request into the words of an error Outcome: the upstream's own message
 * (from an HttpError's body when the vendor wraps it in JSON) and whether a retry may help.
 */
import { HttpError } from '../http/http-error.js';

export interface UpstreamError {
  message: string;
  retryable: boolean;
  status: number;
}

export function upstreamError(error: unknown): UpstreamError {
  if (error instanceof HttpError) {
    return { message: error.message, retryable: error.retryable, status: error.status };
  }
  return { message: error instanceof Error ? error.message : String(error), retryable: false, status: 0 };
}
