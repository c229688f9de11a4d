/**
 * Failing requests reconstructed from log lines that share a trace id, across services:
 * where the first error of each request occurred and the path the error took from there,
 * then, over all failing requests, which service errs first how often ("in 37 of 40 failing
 * requests the first error was in payment").
 *
 * Only traces with an error (or fatal) line are kept, and only those whose lines come from
 * two services or more: a request seen by one service alone says nothing about a flow.
 * Lines of every level count for that, and for ordering: an info access-log line of the
 * caller shows the request went through it. Order comes from timestamps (logs carry no
 * parent links); services usually log when their part of a request ends, so the innermost
 * failure logs first, and ties keep the input order. The error's path is the first failing
 * service, then every other service that logged a warning or error for the request after it.
 */
import type { LogLevel, LogRecord } from '../../core/telemetry.js';
import { truncateLine } from './truncate-line.js';

export interface LogRequestFlowOptions {
  /** Requests whose first error is at or after this time are the incident's; earlier ones the baseline's. */
  incidentStart: number;
  /** Failing traces considered at most (default 20,000); the result says when some were left out. */
  maxTraces?: number;
  /** Example lines and trace ids kept per first-error service (default 3). */
  maxExamples?: number;
  /** Paths kept per first-error service (default 3). */
  maxPaths?: number;
  /** Characters kept of an example line (default 300). */
  exampleChars?: number;
}

/** One failing request. */
export interface FailingRequest {
  trace_id: string;
  first_error: { service: string; timestamp: number; message: string };
  /** The failing service, then each service that logged a warning or error after it. */
  path: string[];
  /** Every service of the request, in the order it first logged. */
  services: string[];
}

export interface FlowPathCount {
  path: string[];
  count: number;
}

/** The failing requests whose first error was in one service. */
export interface FirstErrorGroup {
  service: string;
  /** Incident-period requests. */
  traces: number;
  /** Requests before the incident start. */
  baseline_traces: number;
  /** traces / all failing incident-period requests. */
  share: number;
  /** The most common paths of these requests, most frequent first. */
  paths: FlowPathCount[];
  /** First-error times of the incident-period requests. */
  first_seen: number;
  last_seen: number;
  /** First error lines (distinct, truncated) and trace ids of a few requests. */
  examples: string[];
  trace_ids: string[];
}

export interface LogRequestFlows {
  /** Failing cross-service requests in the incident period, and before it. */
  failing_traces: number;
  baseline_failing_traces: number;
  /** Failing traces logged by one service only (not flows). */
  single_service_traces: number;
  /** Groups with incident-period requests, most requests first. */
  groups: FirstErrorGroup[];
  /** True when failing traces beyond `maxTraces` were left out. */
  truncated: boolean;
}

const ERROR_RANK = 4;
const WARN_RANK = 3;
const RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };

/** The rank of a level; unknown levels (from a lenient source) count as info. */
function rankOf(level: string): number {
  return RANK[level as LogLevel] ?? RANK.info;
}

export function logRequestFlows(
  records: readonly LogRecord[],
  options: LogRequestFlowOptions,
): LogRequestFlows {
  const maxTraces = Math.max(0, Math.floor(options.maxTraces ?? 20_000));
  const maxExamples = options.maxExamples ?? 3;
  const maxPaths = options.maxPaths ?? 3;
  const exampleChars = options.exampleChars ?? 300;

  // Pass 1: the failing traces (few), so pass 2 keeps no line of a healthy request.
  const failing = new Map<string, LogRecord[]>();
  let truncated = false;
  for (const record of records) {
    const id = record.trace_id;
    if (!id || rankOf(record.level) < ERROR_RANK || failing.has(id)) continue;
    if (failing.size >= maxTraces) {
      truncated = true;
      continue;
    }
    failing.set(id, []);
  }
  if (failing.size === 0) {
    return { failing_traces: 0, baseline_failing_traces: 0, single_service_traces: 0, groups: [], truncated };
  }
  for (const record of records) {
    const id = record.trace_id;
    if (id) failing.get(id)?.push(record);
  }

  const groups = new Map<string, GroupBuilder>();
  let incidentCount = 0;
  let baselineCount = 0;
  let singleService = 0;
  for (const [traceId, lines] of failing) {
    const request = reconstruct(traceId, lines);
    if (request === null) {
      singleService++;
      continue;
    }
    const service = request.first_error.service;
    let group = groups.get(service);
    if (!group) {
      group = new GroupBuilder(service);
      groups.set(service, group);
    }
    if (request.first_error.timestamp < options.incidentStart) {
      baselineCount++;
      group.baseline++;
      continue;
    }
    incidentCount++;
    group.add(request, maxExamples, exampleChars);
  }
  const result = [...groups.values()]
    .filter((g) => g.traces > 0)
    .map((g) => g.build(incidentCount, maxPaths))
    .sort((a, b) => b.traces - a.traces || a.service.localeCompare(b.service));
  return {
    failing_traces: incidentCount,
    baseline_failing_traces: baselineCount,
    single_service_traces: singleService,
    groups: result,
    truncated,
  };
}

/** One failing request from its lines; null when only one service logged it. */
export function reconstruct(traceId: string, lines: readonly LogRecord[]): FailingRequest | null {
  // Sorting is stable: lines with equal timestamps keep the input order.
  const ordered = [...lines].sort((a, b) => a.timestamp - b.timestamp);
  const services: string[] = [];
  let errorAt = -1;
  for (let i = 0; i < ordered.length; i++) {
    const { service, level } = ordered[i];
    if (!services.includes(service)) services.push(service);
    if (errorAt < 0 && rankOf(level) >= ERROR_RANK) errorAt = i;
  }
  if (services.length < 2 || errorAt < 0) return null;
  const first = ordered[errorAt];
  const path = [first.service];
  for (let i = errorAt + 1; i < ordered.length; i++) {
    const { service, level } = ordered[i];
    if (rankOf(level) >= WARN_RANK && !path.includes(service)) path.push(service);
  }
  return {
    trace_id: traceId,
    first_error: { service: first.service, timestamp: first.timestamp, message: first.message },
    path,
    services,
  };
}

class GroupBuilder {
  traces = 0;
  baseline = 0;
  private firstSeen = Number.POSITIVE_INFINITY;
  private lastSeen = Number.NEGATIVE_INFINITY;
  private readonly paths = new Map<string, FlowPathCount>();
  private readonly examples: string[] = [];
  private readonly traceIds: string[] = [];

  constructor(private readonly service: string) {}

  add(request: FailingRequest, maxExamples: number, exampleChars: number): void {
    this.traces++;
    const { timestamp, message } = request.first_error;
    this.firstSeen = Math.min(this.firstSeen, timestamp);
    this.lastSeen = Math.max(this.lastSeen, timestamp);
    const key = request.path.join('\u0000');
    const counted = this.paths.get(key);
    if (counted) counted.count++;
    else this.paths.set(key, { path: request.path, count: 1 });
    if (this.traceIds.length < maxExamples) this.traceIds.push(request.trace_id);
    const example = truncateLine(message, exampleChars);
    if (this.examples.length < maxExamples && !this.examples.includes(example)) this.examples.push(example);
  }

  build(failing: number, maxPaths: number): FirstErrorGroup {
    const paths = [...this.paths.values()]
      .sort(
        (a, b) =>
          b.count - a.count || b.path.length - a.path.length || a.path.join().localeCompare(b.path.join()),
      )
      .slice(0, maxPaths);
    return {
      service: this.service,
      traces: this.traces,
      baseline_traces: this.baseline,
      share: failing > 0 ? this.traces / failing : 0,
      paths,
      first_seen: this.firstSeen,
      last_seen: this.lastSeen,
      examples: this.examples,
      trace_ids: this.traceIds,
    };
  }
}
