/**
 * LogSource over CloudWatch Logs Insights: StartQuery over the log groups (start and end
 * in epoch seconds), GetQueryResults polled until Complete (Failed, Cancelled, Timeout and
 * Unknown are errors), StopQuery when the caller's deadline passes first. Insights returns
 * at most 10,000 rows per query, so a full answer is followed by another query starting at
 * the last row's second, skipping rows already read (by `@ptr`).
 */
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  type ResultField,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Outcome } from '../../core/outcome.js';
import type { LogQuery, LogSource, QueryContext } from '../../core/ports.js';
import type { LogRecord } from '../../core/telemetry.js';
import { HttpError, isRetryableStatus } from '../http/http-error.js';
import { delay } from '../http/retry.js';
import { describeLogQuery, LogCollector } from '../log-search.js';
import {
  type CloudWatchLogsOptions,
  type CloudWatchLogsOptionsInput,
  CloudWatchLogsOptionsSchema,
} from './cloudwatch-logs-options.js';
import { buildInsightsQuery, rowToRecord, serviceOfLogGroup } from './insights-query.js';

const FAILED_STATES = new Set(['Failed', 'Cancelled', 'Timeout', 'Unknown']);
/** Errors worth trying again later: throttling, the concurrent-query limit, outages. */
const TRANSIENT_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'LimitExceededException',
  'ServiceUnavailableException',
]);

export class CloudWatchLogsSource implements LogSource {
  readonly id: string;
  readonly options: CloudWatchLogsOptions;
  private readonly client: CloudWatchLogsClient;

  constructor(options: CloudWatchLogsOptions | CloudWatchLogsOptionsInput, client?: CloudWatchLogsClient) {
    this.options = CloudWatchLogsOptionsSchema.parse(options);
    this.id = this.options.id;
    const o = this.options;
    this.client =
      client ??
      new CloudWatchLogsClient({
        region: o.region,
        endpoint: o.endpoint,
        maxAttempts: o.max_attempts,
        credentials:
          o.access_key_id && o.secret_access_key
            ? {
                accessKeyId: o.access_key_id,
                secretAccessKey: o.secret_access_key,
                sessionToken: o.session_token,
              }
            : undefined,
      });
  }

  async search(query: LogQuery, ctx: QueryContext): Promise<Outcome<LogRecord[]>> {
    const collector = new LogCollector(query, this.options.max_bytes, { services: true });
    const limit = Math.min(this.options.page_size, collector.limit);
    const groups = this.logGroups(query);
    const queryString = buildInsightsQuery(query, this.options, limit);
    const source = {
      connector: this.id,
      query: `${groups.join(',')}: ${queryString.replace(/\n/g, ' ')} (${describeLogQuery(query)})`,
    };
    if (groups.length === 0) return collector.outcome(source);
    try {
      await this.readAll(query, groups, collector, ctx.signal);
    } catch (error) {
      collector.fail(toHttpError(error, ctx.signal));
    }
    return collector.outcome(source);
  }

  /** The log groups to query: all, or with `service_from: log_group` those of the services asked for. */
  private logGroups(query: LogQuery): string[] {
    const all = this.options.log_group_names;
    if (this.options.service_from !== 'log_group' || !query.services?.length) return all;
    const wanted = new Set(query.services);
    return all.filter((group) => wanted.has(serviceOfLogGroup(group)));
  }

  private async readAll(query: LogQuery, groups: string[], collector: LogCollector, signal: AbortSignal) {
    const seen = new Set<string>();
    let start = Math.floor(query.range.start);
    const end = Math.ceil(query.range.end);
    while (!collector.full) {
      const limit = Math.min(this.options.page_size, collector.remaining + seen.size);
      const rows = await this.runQuery(
        groups,
        start,
        end,
        buildInsightsQuery(query, this.options, limit),
        limit,
        signal,
      );
      let fresh = 0;
      let last: number | undefined;
      for (const row of rows) {
        const { record, ptr } = rowToRecord(row, this.options);
        if (ptr !== undefined && seen.has(ptr)) continue;
        if (ptr !== undefined) seen.add(ptr);
        fresh += 1;
        if (!record) continue;
        last = record.timestamp;
        if (!collector.add(record)) return;
      }
      if (rows.length < limit) return;
      if (fresh === 0 || last === undefined || Math.floor(last) < start) {
        collector.truncate(`more than ${limit} events from ${start}s; the rest were not read`);
        return;
      }
      // Next query from the last row's second; rows of that second already read are skipped.
      start = Math.floor(last);
    }
  }

  private async runQuery(
    groups: string[],
    start: number,
    end: number,
    queryString: string,
    limit: number,
    signal: AbortSignal,
  ): Promise<ResultField[][]> {
    const started = await this.client.send(
      new StartQueryCommand({ logGroupNames: groups, startTime: start, endTime: end, queryString, limit }),
      { abortSignal: signal },
    );
    const queryId = started.queryId;
    if (!queryId) throw new Error('StartQuery returned no queryId');
    try {
      for (;;) {
        const answer = await this.client.send(new GetQueryResultsCommand({ queryId }), {
          abortSignal: signal,
        });
        const status = answer.status ?? 'Unknown';
        if (status === 'Complete') return answer.results ?? [];
        if (FAILED_STATES.has(status))
          throw new Error(`Logs Insights query ${queryId} ended with status ${status}`);
        await delay(this.options.poll_interval_ms, signal);
      }
    } catch (error) {
      if (signal.aborted) await this.stop(queryId);
      throw error;
    }
  }

  /** Best effort: a query left running stops on its own after 60 minutes. */
  private async stop(queryId: string): Promise<void> {
    await this.client
      .send(new StopQueryCommand({ queryId }), { abortSignal: AbortSignal.timeout(2000) })
      .catch(() => undefined);
  }
}

/** An SDK error as HttpError: `<ExceptionName>: <message>`, its HTTP status, retryability. */
export function toHttpError(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return new HttpError('aborted: the caller deadline passed', 0, false);
  const sdk = error as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  const status = sdk?.$metadata?.httpStatusCode;
  if (status === undefined || !(error instanceof Error)) return error;
  const retryable =
    isRetryableStatus(status) ||
    status >= 500 ||
    sdk.$retryable !== undefined ||
    TRANSIENT_ERRORS.has(sdk.name ?? '');
  return new HttpError(`${sdk.name}: ${sdk.message}`, status, retryable);
}
