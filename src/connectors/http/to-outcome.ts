/** Runs a connector call, turning a thrown HttpError (or any error) into an error Outcome. */
import { failure, noData, type Outcome, ok, type SourceRef } from '../../core/outcome.js';
import { HttpError } from './http-error.js';

export async function httpOutcome<T>(
  source: SourceRef,
  work: () => Promise<T | undefined>,
): Promise<Outcome<T>> {
  try {
    const data = await work();
    if (data === undefined || (Array.isArray(data) && data.length === 0)) return noData(source);
    return ok(data, source);
  } catch (error) {
    if (error instanceof HttpError) return failure(error.message, source, error.retryable);
    return failure(error instanceof Error ? error.message : String(error), source, false);
  }
}
