/**
 * LogSource over Grafana Loki's `GET /loki/api/v1/query_range`, oldest entries first
 * (`direction=forward`). A full page moves `start` to the last entry's nanosecond and skips
 * the entries already seen at that instant, until the range, the limit or the byte budget
 * runs out. Auth: bearer token or basic; `tenant` is sent as X-Scope-OrgID.
 */
import type { Outcome } from '../../core/outcome.js';
import type { LogQuery, LogSource, QueryContext } from '../../core/ports.js';
import type { LogRecord } from '../../core/telemetry.js';
import { HttpClient } from '../http/http-client.js';
import { describeLogQuery, LogCollector } from '../log-search.js';
import { buildLogQL } from './logql.js';
import { type LokiOptions, type LokiOptionsInput, LokiOptionsSchema, lokiAuth } from './loki-options.js';
import { entryToRecord, parseLokiStreams } from './loki-streams.js';

export const LOKI_QUERY_RANGE_PATH = '/loki/api/v1/query_range';

export class LokiLogSource implements LogSource {
  readonly id: string;
  readonly options: LokiOptions;
  private readonly http: HttpClient;

  constructor(options: LokiOptions | LokiOptionsInput, http?: HttpClient) {
    this.options = LokiOptionsSchema.parse(options);
    this.id = this.options.id;
    this.http =
      http ??
      new HttpClient({
        baseUrl: this.options.url,
        auth: lokiAuth(this.options),
        headers: {
          ...this.options.headers,
          ...(this.options.tenant ? { 'X-Scope-OrgID': this.options.tenant } : {}),
        },
        timeoutMs: this.options.timeout_ms,
        retries: this.options.retries,
        maxResponseBytes: this.options.max_response_bytes,
      });
  }

  async search(query: LogQuery, ctx: QueryContext): Promise<Outcome<LogRecord[]>> {
    const logql = buildLogQL(query, this.options);
    const source = { connector: this.id, query: `${logql} (${describeLogQuery(query)})` };
    const collector = new LogCollector(query, this.options.max_bytes, { levels: true });
    try {
      await this.readPages(logql, query, collector, ctx.signal);
    } catch (error) {
      collector.fail(error);
    }
    return collector.outcome(source);
  }

  private async readPages(logql: string, query: LogQuery, collector: LogCollector, signal: AbortSignal) {
    const endNs = secondsToNs(query.range.end);
    let startNs = secondsToNs(query.range.start);
    /** Entries already taken at `startNs`, the boundary instant of the previous page. */
    let boundary = new Set<string>();
    while (!collector.full && startNs < endNs) {
      // Ask for the entries already read at the boundary on top of a page.
      const pageLimit = Math.min(this.options.page_size, collector.remaining) + boundary.size;
      const body = await this.http.getJson(
        LOKI_QUERY_RANGE_PATH,
        {
          query: logql,
          start: startNs.toString(),
          end: endNs.toString(),
          limit: pageLimit,
          direction: 'forward',
        },
        signal,
      );
      const entries = parseLokiStreams(body);
      for (const entry of entries) {
        if (entry.ns === startNs && boundary.has(entryKey(entry))) continue;
        if (!collector.add(entryToRecord(entry, this.options.labels))) break;
      }
      if (entries.length < pageLimit || collector.full) return;
      const lastNs = entries[entries.length - 1].ns;
      if (lastNs === startNs) {
        // A whole page at one nanosecond: move past it rather than ask for the same page again.
        collector.note(`more than ${pageLimit} entries at ${lastNs}ns; some were skipped`);
        startNs = lastNs + 1n;
        boundary = new Set();
        continue;
      }
      boundary = new Set(entries.filter((e) => e.ns === lastNs).map(entryKey));
      startNs = lastNs;
    }
  }
}

function entryKey(entry: { ns: bigint; streamKey: string; line: string }): string {
  return `${entry.ns}\u0000${entry.streamKey}\u0000${entry.line}`;
}

/** Epoch seconds (possibly fractional, microsecond precision) as nanoseconds. */
export function secondsToNs(seconds: number): bigint {
  return BigInt(Math.round(seconds * 1e6)) * 1000n;
}
