/**
 * LogSource over Elasticsearch or OpenSearch `_search`: a time-bounded bool filter sorted
 * by timestamp and a tiebreaker, paged with `search_after` until the range, the limit or the
 * byte budget runs out.
 */
import type { Outcome } from '../../core/outcome.js';
import type { LogQuery, LogSource, QueryContext } from '../../core/ports.js';
import type { LogRecord } from '../../core/telemetry.js';
import { describeLogQuery, LogCollector } from '../log-search.js';
import {
  type ElasticsearchOptions,
  type ElasticsearchOptionsInput,
  ElasticsearchOptionsSchema,
} from './elasticsearch-options.js';
import { buildSearchBody, type SortValue } from './search-body.js';
import { hitToRecord, searchHits } from './search-hits.js';
import { ElasticClientSearcher, HttpSearcher, type Searcher } from './searchers.js';

export class ElasticsearchLogSource implements LogSource {
  readonly id: string;
  readonly options: ElasticsearchOptions;
  private readonly searcher: Searcher;

  constructor(options: ElasticsearchOptions | ElasticsearchOptionsInput, searcher?: Searcher) {
    this.options = ElasticsearchOptionsSchema.parse(options);
    this.id = this.options.id;
    this.searcher =
      searcher ??
      (this.options.mode === 'http'
        ? new HttpSearcher(this.options)
        : new ElasticClientSearcher(this.options));
  }

  async search(query: LogQuery, ctx: QueryContext): Promise<Outcome<LogRecord[]>> {
    const source = { connector: this.id, query: `${this.options.index} ${describeLogQuery(query)}` };
    const collector = new LogCollector(query, this.options.max_bytes);
    try {
      await this.readPages(query, collector, ctx.signal);
    } catch (error) {
      collector.fail(error);
    }
    return collector.outcome(source);
  }

  private async readPages(query: LogQuery, collector: LogCollector, signal: AbortSignal): Promise<void> {
    let after: SortValue[] | undefined;
    let unreadable = 0;
    while (!collector.full) {
      const size = Math.min(this.options.page_size, collector.remaining);
      const body = buildSearchBody(query, this.options, size, after);
      const hits = searchHits(await this.searcher.search(this.options.index, body, signal));
      for (const hit of hits) {
        const record = hitToRecord(hit, this.options.fields);
        if (!record) unreadable += 1;
        else if (!collector.add(record)) break;
      }
      if (unreadable) collector.note(`${unreadable} hits without a readable timestamp skipped`);
      const last = hits[hits.length - 1];
      if (hits.length < size || !Array.isArray(last?.sort)) return;
      after = last.sort;
    }
  }
}
