/**
 * Connector calls return outcomes instead of throwing: ok with data, no data, or an error
 * carrying the upstream message word for word.
 */
export interface SourceRef {
  connector: string;
  query: string;
}

export type Outcome<T> =
  | { kind: 'ok'; data: T; source: SourceRef }
  | { kind: 'no_data'; source: SourceRef }
  | { kind: 'error'; message: string; retryable: boolean; source: SourceRef };

export function ok<T>(data: T, source: SourceRef): Outcome<T> {
  return { kind: 'ok', data, source };
}

export function noData<T>(source: SourceRef): Outcome<T> {
  return { kind: 'no_data', source };
}

export function failure<T>(message: string, source: SourceRef, retryable = false): Outcome<T> {
  return { kind: 'error', message, retryable, source };
}

/** Runs `work`, turning a throw into an error outcome. */
export async function outcomeOf<T>(
  source: SourceRef,
  work: () => Promise<T | undefined>,
): Promise<Outcome<T>> {
  try {
    const data = await work();
    return data === undefined ? noData(source) : ok(data, source);
  } catch (error) {
    return failure(error instanceof Error ? error.message : String(error), source, true);
  }
}
