import type { ChangeEvent, LogRecord, Point, Span, Topology } from '../../core/index.js';
import type { TimeRange } from '../../core/time.js';

/**
 * An in-memory body of telemetry: metric samples, logs, changes, spans and a topology.
 * The simulator appends to one as its world runs; a bundle is loaded into one. The memory
 * ports read from it. Appends are expected in time order per series; `sortAll` fixes
 * data that arrived out of order.
 */
export class TelemetryStore {
  private readonly samples = new Map<string, Map<string, Point[]>>();
  readonly logs: LogRecord[] = [];
  readonly changes: ChangeEvent[] = [];
  readonly spans: Span[] = [];
  topology: Topology | undefined;

  addSample(service: string, metric: string, timestamp: number, value: number): void {
    let byService = this.samples.get(metric);
    if (!byService) {
      byService = new Map();
      this.samples.set(metric, byService);
    }
    let points = byService.get(service);
    if (!points) {
      points = [];
      byService.set(service, points);
    }
    points.push([timestamp, value]);
  }

  addLog(record: LogRecord): void {
    this.logs.push(record);
  }

  addChange(change: ChangeEvent): void {
    this.changes.push(change);
  }

  addSpan(span: Span): void {
    this.spans.push(span);
  }

  metricNames(): string[] {
    return [...this.samples.keys()];
  }

  services(): string[] {
    const names = new Set<string>();
    for (const byService of this.samples.values()) for (const s of byService.keys()) names.add(s);
    for (const node of this.topology?.services ?? []) names.add(node.name);
    return [...names];
  }

  /** Points of one series inside the range (inclusive), in time order. */
  points(metric: string, service: string, range: TimeRange): Point[] {
    const points = this.samples.get(metric)?.get(service);
    if (!points) return [];
    const from = lowerBound(points, range.start);
    const out: Point[] = [];
    for (let i = from; i < points.length && points[i][0] <= range.end; i++) out.push(points[i]);
    return out;
  }

  servicesWith(metric: string): string[] {
    return [...(this.samples.get(metric)?.keys() ?? [])];
  }

  /** Sorts every series, the logs, changes and spans by time. */
  sortAll(): void {
    for (const byService of this.samples.values()) {
      for (const points of byService.values()) points.sort((a, b) => a[0] - b[0]);
    }
    this.logs.sort((a, b) => a.timestamp - b.timestamp);
    this.changes.sort((a, b) => a.timestamp - b.timestamp);
    this.spans.sort((a, b) => a.start - b.start);
  }
}

/** First index whose timestamp is >= t (points sorted by time). */
export function lowerBound(points: readonly Point[], t: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid][0] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index of a time-sorted array of records whose time is >= t. */
export function lowerBoundBy<T>(items: readonly T[], t: number, time: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time(items[mid]) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
