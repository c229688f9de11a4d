/**
 * A MetricsSource decorator that counts what an investigation read: metric-name lookups,
 * range queries, series and points returned. Wraps any source; passes calls through.
 */
import type { Outcome } from '../../src/core/outcome.js';
import type { MetricQuery, MetricsSource, QueryContext } from '../../src/core/ports.js';
import type { Series } from '../../src/core/telemetry.js';

export interface ReadCounts {
  name_lookups: number;
  range_queries: number;
  failed_queries: number;
  series: number;
  points: number;
  /** Wall time from the first query's start to the last one's end (queries overlap). */
  fetch_ms: number;
  /** Duration of each range query (in flight together with others), by metric. */
  query_ms: Record<string, number>;
}

export class CountingMetricsSource implements MetricsSource {
  readonly id: string;
  counts: ReadCounts = emptyCounts();
  private firstStart = Number.NaN;

  constructor(private readonly inner: MetricsSource) {
    this.id = inner.id;
  }

  reset(): ReadCounts {
    const last = this.counts;
    this.counts = emptyCounts();
    this.firstStart = Number.NaN;
    return last;
  }

  async metricNames(ctx: QueryContext): Promise<Outcome<string[]>> {
    this.counts.name_lookups++;
    return this.timed(() => this.inner.metricNames(ctx));
  }

  async range(query: MetricQuery, ctx: QueryContext): Promise<Outcome<Series[]>> {
    this.counts.range_queries++;
    const started = performance.now();
    const outcome = await this.timed(() => this.inner.range(query, ctx));
    this.counts.query_ms[query.metric] = performance.now() - started;
    if (outcome.kind === 'error') this.counts.failed_queries++;
    if (outcome.kind === 'ok') {
      this.counts.series += outcome.data.length;
      for (const s of outcome.data) this.counts.points += s.points.length;
    }
    return outcome;
  }

  private async timed<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    if (Number.isNaN(this.firstStart)) this.firstStart = started;
    try {
      return await work();
    } finally {
      this.counts.fetch_ms = performance.now() - this.firstStart;
    }
  }
}

function emptyCounts(): ReadCounts {
  return {
    name_lookups: 0,
    range_queries: 0,
    failed_queries: 0,
    series: 0,
    points: 0,
    fetch_ms: 0,
    query_ms: {},
  };
}
