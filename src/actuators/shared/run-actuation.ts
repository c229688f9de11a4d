/**
 * What every actuator call does around its work: a caller whose deadline already passed
 * gets a failure before anything is read or sent; the work's result becomes `ok`; a thrown
 * error becomes a failure, shaped by `failureOf` when the actuator recognises the error
 * (an API failure, with its own retryable flag), else its message, not retryable.
 */
import { HttpError } from '../../connectors/http/http-error.js';
import { failure, type Outcome, ok, type SourceRef } from '../../core/outcome.js';

export interface ActuationCall {
  source: SourceRef;
  /** The caller's deadline. */
  callerSignal: AbortSignal;
  /** This call's own deadline in milliseconds, on top of the caller's. */
  timeoutMs?: number;
  /** The outcome for an error the actuator recognises; `undefined` for any other. */
  failureOf?: FailureOf;
}

export type FailureOf = (
  error: unknown,
  source: SourceRef,
  signal: AbortSignal,
) => Outcome<never> | undefined;

/** Recognises an HttpError: its retryable flag, and the message `describe` gives it. */
export function httpFailure(describe: (error: HttpError) => string): FailureOf {
  return (error, source) =>
    error instanceof HttpError ? failure(describe(error), source, error.retryable) : undefined;
}

export async function runActuation<T>(
  call: ActuationCall,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<Outcome<T>> {
  const { source, callerSignal } = call;
  if (callerSignal.aborted) return callerDeadlinePassed(source);
  const signal =
    call.timeoutMs === undefined
      ? callerSignal
      : AbortSignal.any([callerSignal, AbortSignal.timeout(call.timeoutMs)]);
  try {
    return ok(await work(signal), source);
  } catch (error) {
    return call.failureOf?.(error, source, signal) ?? failure(messageOf(error), source, false);
  }
}

export function callerDeadlinePassed(source: SourceRef): Outcome<never> {
  return failure('request aborted: the caller deadline passed', source, false);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
