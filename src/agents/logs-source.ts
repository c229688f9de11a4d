import { truncateLine } from '../analysis/logs/index.js';
import type { LogRecord, LogSource, Outcome, SourceErrorFinding } from '../core/index.js';
import type { InvestigationContext } from './agent.js';
import { nextFindingId } from './agent.js';

// Reading the log backend for the logs agent: its answer, or what went wrong as a finding.

const TIMEOUT_WORDS = /timed? ?out|timeout|deadline|aborted/i;

/** How a failed search is reported: a timeout (deadline, or the backend says so) or an error. */
export function failureStatus(message: string, signal: AbortSignal): 'error' | 'timeout' {
  return signal.aborted || TIMEOUT_WORDS.test(message) ? 'timeout' : 'error';
}

/** The backend's answer; a connector that throws counts as an error outcome. */
export async function searchLogs(
  source: LogSource,
  context: InvestigationContext,
  limit: number,
): Promise<Outcome<LogRecord[]>> {
  try {
    return await source.search(
      { range: context.plan.window, services: context.plan.services, limit },
      { signal: context.signal },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'error', message, retryable: true, source: { connector: source.id, query: 'search' } };
  }
}

/** The log backend failed: a finding, so the report says the logs are missing and why. */
export function sourceErrorFinding(
  source: string,
  status: 'error' | 'timeout',
  message: string,
): SourceErrorFinding {
  return {
    id: nextFindingId('err'),
    agent: 'logs',
    kind: 'source_error',
    service: null,
    summary: `log source ${source} ${status === 'timeout' ? 'timed out' : 'failed'}: ${truncateLine(message, 200)}`,
    strength: 0,
    source,
    status,
    message,
  };
}
