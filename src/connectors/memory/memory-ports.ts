import type {
  ChangeEvent,
  ChangeQuery,
  ChangeSource,
  LogQuery,
  LogRecord,
  LogSource,
  MetricQuery,
  MetricsSource,
  Outcome,
  QueryContext,
  Series,
  Span,
  Topology,
  TopologySource,
  TraceQuery,
  TraceSource,
} from '../../core/index.js';
import { failure, noData, ok } from '../../core/index.js';
import { lowerBoundBy, type TelemetryStore } from './telemetry-store.js';

function aborted<T>(ctx: QueryContext, connector: string, query: string): Outcome<T> | undefined {
  if (!ctx.signal.aborted) return undefined;
  return failure('deadline exceeded before the query ran', { connector, query }, true);
}

/** MetricsSource over a TelemetryStore. */
export class MemoryMetricsSource implements MetricsSource {
  constructor(
    private readonly store: TelemetryStore,
    readonly id = 'memory-metrics',
  ) {}

  async metricNames(ctx: QueryContext): Promise<Outcome<string[]>> {
    const source = { connector: this.id, query: 'metric names' };
    const stop = aborted<string[]>(ctx, this.id, source.query);
    if (stop) return stop;
    const names = this.store.metricNames();
    return names.length ? ok(names, source) : noData(source);
  }

  async range(query: MetricQuery, ctx: QueryContext): Promise<Outcome<Series[]>> {
    const source = { connector: this.id, query: query.metric };
    const stop = aborted<Series[]>(ctx, this.id, source.query);
    if (stop) return stop;
    const services = query.services ?? this.store.servicesWith(query.metric);
    const series: Series[] = [];
    for (const service of services) {
      const points = this.store.points(query.metric, service, query.range);
      if (points.length) series.push({ service, metric: query.metric, points });
    }
    return series.length ? ok(series, source) : noData(source);
  }
}

/** LogSource over a TelemetryStore (records kept in time order). */
export class MemoryLogSource implements LogSource {
  constructor(
    private readonly store: TelemetryStore,
    readonly id = 'memory-logs',
  ) {}

  async search(query: LogQuery, ctx: QueryContext): Promise<Outcome<LogRecord[]>> {
    const source = { connector: this.id, query: describeLogQuery(query) };
    const stop = aborted<LogRecord[]>(ctx, this.id, source.query);
    if (stop) return stop;
    const services = query.services ? new Set(query.services) : undefined;
    const levels = query.levels ? new Set(query.levels) : undefined;
    const text = query.text?.toLowerCase();
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const logs = this.store.logs;
    const out: LogRecord[] = [];
    for (let i = lowerBoundBy(logs, query.range.start, (r) => r.timestamp); i < logs.length; i++) {
      const record = logs[i];
      if (record.timestamp > query.range.end || out.length >= limit) break;
      if (services && !services.has(record.service)) continue;
      if (levels && !levels.has(record.level)) continue;
      if (text && !record.message.toLowerCase().includes(text)) continue;
      out.push(record);
    }
    return out.length ? ok(out, source) : noData(source);
  }
}

function describeLogQuery(query: LogQuery): string {
  const parts = [`${query.range.start}..${query.range.end}`];
  if (query.services) parts.push(`services=${query.services.join(',')}`);
  if (query.levels) parts.push(`levels=${query.levels.join(',')}`);
  if (query.text) parts.push(`text=${query.text}`);
  return parts.join(' ');
}

export class MemoryChangeSource implements ChangeSource {
  constructor(
    private readonly store: TelemetryStore,
    readonly id = 'memory-changes',
  ) {}

  async changes(query: ChangeQuery, ctx: QueryContext): Promise<Outcome<ChangeEvent[]>> {
    const source = { connector: this.id, query: `${query.range.start}..${query.range.end}` };
    const stop = aborted<ChangeEvent[]>(ctx, this.id, source.query);
    if (stop) return stop;
    const services = query.services ? new Set(query.services) : undefined;
    const out = this.store.changes.filter(
      (c) =>
        c.timestamp >= query.range.start &&
        c.timestamp <= query.range.end &&
        (!services || services.has(c.service)),
    );
    // An empty change list is an answer ("no changes"), not missing data.
    return ok(out, source);
  }
}

export class MemoryTopologySource implements TopologySource {
  constructor(
    private readonly store: TelemetryStore,
    readonly id = 'memory-topology',
  ) {}

  async topology(ctx: QueryContext): Promise<Outcome<Topology>> {
    const source = { connector: this.id, query: 'topology' };
    const stop = aborted<Topology>(ctx, this.id, source.query);
    if (stop) return stop;
    return this.store.topology ? ok(this.store.topology, source) : noData(source);
  }
}

export class MemoryTraceSource implements TraceSource {
  constructor(
    private readonly store: TelemetryStore,
    readonly id = 'memory-traces',
  ) {}

  async spans(query: TraceQuery, ctx: QueryContext): Promise<Outcome<Span[]>> {
    const source = { connector: this.id, query: `${query.range.start}..${query.range.end}` };
    const stop = aborted<Span[]>(ctx, this.id, source.query);
    if (stop) return stop;
    const services = query.services ? new Set(query.services) : undefined;
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const spans = this.store.spans;
    const out: Span[] = [];
    for (let i = lowerBoundBy(spans, query.range.start, (s) => s.start); i < spans.length; i++) {
      const span = spans[i];
      if (span.start > query.range.end || out.length >= limit) break;
      if (!services || services.has(span.service)) out.push(span);
    }
    return out.length ? ok(out, source) : noData(source);
  }
}
