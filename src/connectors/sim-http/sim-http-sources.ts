/**
 * Data ports over the live simulator's HTTP API (`afr sim serve`): logs, changes, spans and
 * the topology, stamped in wall time. Metrics come from a Prometheus scraping the
 * simulator, as they would in production.
 */
import type { Outcome, SourceRef } from '../../core/outcome.js';
import type {
  ChangeQuery,
  ChangeSource,
  LogQuery,
  LogSource,
  QueryContext,
  TopologySource,
  TraceQuery,
  TraceSource,
} from '../../core/ports.js';
import type { ChangeEvent, LogRecord, Span, Topology } from '../../core/telemetry.js';
import { HttpClient } from '../http/http-client.js';
import { httpOutcome } from '../http/to-outcome.js';

export interface SimHttpOptions {
  url: string;
  timeoutMs?: number;
}

class SimHttp {
  readonly http: HttpClient;
  constructor(options: SimHttpOptions) {
    this.http = new HttpClient({ baseUrl: options.url, timeoutMs: options.timeoutMs ?? 5000, retries: 1 });
  }
}

function ref(query: string): SourceRef {
  return { connector: 'simulator', query };
}

export class SimHttpLogSource implements LogSource {
  readonly id = 'simulator-logs';
  private readonly sim: SimHttp;
  constructor(options: SimHttpOptions) {
    this.sim = new SimHttp(options);
  }

  search(query: LogQuery, ctx: QueryContext): Promise<Outcome<LogRecord[]>> {
    const params = {
      start: query.range.start,
      end: query.range.end,
      service: query.services,
      level: query.levels,
      limit: query.limit,
    };
    return httpOutcome(ref('GET /api/v1/logs'), async () => {
      const records = await this.sim.http.getJson<LogRecord[]>('/api/v1/logs', params, ctx.signal);
      const text = query.text?.toLowerCase();
      return text ? records.filter((r) => r.message.toLowerCase().includes(text)) : records;
    });
  }
}

export class SimHttpChangeSource implements ChangeSource {
  readonly id = 'simulator-changes';
  private readonly sim: SimHttp;
  constructor(options: SimHttpOptions) {
    this.sim = new SimHttp(options);
  }

  changes(query: ChangeQuery, ctx: QueryContext): Promise<Outcome<ChangeEvent[]>> {
    const params = { start: query.range.start, end: query.range.end, service: query.services };
    return httpOutcome(ref('GET /api/v1/changes'), () =>
      this.sim.http.getJson<ChangeEvent[]>('/api/v1/changes', params, ctx.signal),
    );
  }
}

export class SimHttpTraceSource implements TraceSource {
  readonly id = 'simulator-traces';
  private readonly sim: SimHttp;
  constructor(options: SimHttpOptions) {
    this.sim = new SimHttp(options);
  }

  spans(query: TraceQuery, ctx: QueryContext): Promise<Outcome<Span[]>> {
    const params = {
      start: query.range.start,
      end: query.range.end,
      service: query.services,
      limit: query.limit,
    };
    return httpOutcome(ref('GET /api/v1/spans'), () =>
      this.sim.http.getJson<Span[]>('/api/v1/spans', params, ctx.signal),
    );
  }
}

export class SimHttpTopologySource implements TopologySource {
  readonly id = 'simulator-topology';
  private readonly sim: SimHttp;
  constructor(options: SimHttpOptions) {
    this.sim = new SimHttp(options);
  }

  topology(ctx: QueryContext): Promise<Outcome<Topology>> {
    return httpOutcome(ref('GET /api/v1/topology'), () =>
      this.sim.http.getJson<Topology>('/api/v1/topology', {}, ctx.signal),
    );
  }
}
