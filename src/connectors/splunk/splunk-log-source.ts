/**
 * LogSource over the Splunk search jobs REST API: creates a job (`POST
 * /services/search/jobs` with the SPL, `earliest_time`/`latest_time` in epoch seconds),
 * polls `GET /services/search/jobs/{sid}` until it is done or failed, reads
 * `.../results` pages with `count`/`offset`, and deletes the job when finished or abandoned
 * (the caller's deadline passing included).
 */
import type { Outcome } from '../../core/outcome.js';
import type { LogQuery, LogSource, QueryContext } from '../../core/ports.js';
import type { LogRecord } from '../../core/telemetry.js';
import { HttpClient } from '../http/http-client.js';
import { delay } from '../http/retry.js';
import { describeLogQuery, LogCollector } from '../log-search.js';
import { buildSpl } from './spl.js';
import {
  type SplunkOptions,
  type SplunkOptionsInput,
  SplunkOptionsSchema,
  splunkAuth,
} from './splunk-options.js';
import { jobSid, jobState, resultRows, rowToRecord } from './splunk-results.js';

export const SPLUNK_JOBS_PATH = '/services/search/jobs';

export class SplunkLogSource implements LogSource {
  readonly id: string;
  readonly options: SplunkOptions;
  private readonly http: HttpClient;

  constructor(options: SplunkOptions | SplunkOptionsInput, http?: HttpClient) {
    this.options = SplunkOptionsSchema.parse(options);
    this.id = this.options.id;
    this.http =
      http ??
      new HttpClient({
        baseUrl: this.options.url,
        auth: splunkAuth(this.options),
        headers: this.options.headers,
        timeoutMs: this.options.timeout_ms,
        retries: this.options.retries,
        maxResponseBytes: this.options.max_response_bytes,
      });
  }

  async search(query: LogQuery, ctx: QueryContext): Promise<Outcome<LogRecord[]>> {
    const collector = new LogCollector(query, this.options.max_bytes);
    const spl = buildSpl(query, this.options, collector.limit);
    const source = { connector: this.id, query: `${spl} (${describeLogQuery(query)})` };
    let sid: string | undefined;
    try {
      sid = await this.createJob(spl, query, ctx.signal);
      await this.waitForJob(sid, ctx.signal);
      await this.readResults(sid, collector, ctx.signal);
    } catch (error) {
      collector.fail(error);
    } finally {
      if (sid) await this.deleteJob(sid);
    }
    return collector.outcome(source);
  }

  private async createJob(spl: string, query: LogQuery, signal: AbortSignal): Promise<string> {
    const form = new URLSearchParams({
      search: spl,
      earliest_time: String(query.range.start),
      latest_time: String(query.range.end),
      exec_mode: 'normal',
      output_mode: 'json',
    });
    const response = await this.http.request({ method: 'POST', path: SPLUNK_JOBS_PATH, body: form }, signal);
    return jobSid(response.json());
  }

  private async waitForJob(sid: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      const state = jobState(
        await this.http.getJson(
          `${SPLUNK_JOBS_PATH}/${encodeURIComponent(sid)}`,
          { output_mode: 'json' },
          signal,
        ),
      );
      if (state.failed || state.dispatchState === 'FAILED') {
        throw new Error(
          `Splunk search job ${sid} failed: ${state.messages.join('; ') || state.dispatchState}`,
        );
      }
      if (state.done) return;
      await delay(this.options.poll_interval_ms, signal);
    }
  }

  private async readResults(sid: string, collector: LogCollector, signal: AbortSignal): Promise<void> {
    const base = this.options.results_api === 'v2' ? '/services/search/v2/jobs' : SPLUNK_JOBS_PATH;
    const path = `${base}/${encodeURIComponent(sid)}/results`;
    let offset = 0;
    let unreadable = 0;
    while (!collector.full) {
      const count = Math.min(this.options.page_size, collector.remaining);
      const rows = resultRows(await this.http.getJson(path, { output_mode: 'json', count, offset }, signal));
      for (const row of rows) {
        const record = rowToRecord(row, this.options.fields);
        if (!record) unreadable += 1;
        else if (!collector.add(record)) break;
      }
      if (unreadable) collector.note(`${unreadable} results without a readable _time skipped`);
      if (rows.length < count) return;
      offset += rows.length;
    }
  }

  /** Best effort: the job expires on its own (its ttl) if this fails. */
  private async deleteJob(sid: string): Promise<void> {
    await this.http
      .request(
        {
          method: 'DELETE',
          path: `${SPLUNK_JOBS_PATH}/${encodeURIComponent(sid)}`,
          query: { output_mode: 'json' },
        },
        AbortSignal.timeout(2000),
      )
      .catch(() => undefined);
  }
}
