/**
 * Request flows reconstructed from log lines that share a trace id: for each trace, the
 * services in the order they first logged and the first service to log an error; then,
 * across traces, which service errs first most often and the most common service paths.
 *
 * Logs carry no parent links, so order comes from timestamps. Services often log when a
 * request completes, in which case the deepest callee logs first; "first error" is then the
 * innermost failure, which is what an investigation wants. Clock skew between hosts can
 * reorder lines of different services; ties keep the input order.
 */
import type { LogRecord } from '../../core/telemetry.js';
import { groupByTrace } from './trace-groups.js';
import {
  addExample,
  DEFAULT_MAX_EXAMPLES,
  DEFAULT_MAX_TRACES,
  share,
  type TraceAnalysisOptions,
  type TraceCoverage,
} from './trace-options.js';

export interface FirstError {
  service: string;
  timestamp: number;
  message: string;
}

export interface RequestFlow {
  trace_id: string;
  /** Distinct services in the order they first logged. */
  services: string[];
  first_error: FirstError | null;
  records: number;
  start: number;
  end: number;
}

export interface FirstErrorCount {
  service: string;
  /** Traces in which this service logged the first error. */
  traces: number;
  /** traces / traces_with_errors. */
  share: number;
  example_trace_ids: string[];
}

export interface FlowPath {
  services: string[];
  traces: number;
  /** Of those, traces with an error line. */
  errors: number;
}

export interface RequestFlows extends TraceCoverage {
  /** Flows with an error first (earliest first), then the others; at most `maxFlows`. */
  flows: RequestFlow[];
  /** Services that logged a trace's first error, most often first. */
  first_errors: FirstErrorCount[];
  /** The most common service paths, most frequent first; at most `maxPaths`. */
  paths: FlowPath[];
  traces_with_errors: number;
}

export interface RequestFlowOptions extends TraceAnalysisOptions {
  /** Flows returned at most (default 500); aggregates always cover every trace considered. */
  maxFlows?: number;
  /** Paths returned at most (default 20). */
  maxPaths?: number;
}

const ERROR_LEVELS = new Set(['error', 'fatal']);

export function requestFlows(records: readonly LogRecord[], options: RequestFlowOptions = {}): RequestFlows {
  const maxExamples = options.maxExamples ?? DEFAULT_MAX_EXAMPLES;
  const grouped = groupByTrace(records, {
    traceId: (record) => record.trace_id,
    isError: (record) => ERROR_LEVELS.has(record.level),
    maxTraces: options.maxTraces ?? DEFAULT_MAX_TRACES,
    preferErrors: true,
  });
  const flows = grouped.groups.map((group) => toFlow(group.trace_id, group.items));

  const firstErrors = new Map<string, { traces: number; examples: string[] }>();
  const paths = new Map<string, FlowPath>();
  let withErrors = 0;
  for (const flow of flows) {
    const pathKey = flow.services.join('\u0000');
    let path = paths.get(pathKey);
    if (!path) {
      path = { services: flow.services, traces: 0, errors: 0 };
      paths.set(pathKey, path);
    }
    path.traces += 1;
    if (!flow.first_error) continue;
    path.errors += 1;
    withErrors += 1;
    let row = firstErrors.get(flow.first_error.service);
    if (!row) {
      row = { traces: 0, examples: [] };
      firstErrors.set(flow.first_error.service, row);
    }
    row.traces += 1;
    addExample(row.examples, flow.trace_id, maxExamples);
  }

  const first_errors = [...firstErrors.entries()]
    .map(([service, row]) => ({
      service,
      traces: row.traces,
      share: share(row.traces, withErrors),
      example_trace_ids: row.examples,
    }))
    .sort((a, b) => b.traces - a.traces || a.service.localeCompare(b.service));
  const topPaths = [...paths.values()]
    .sort(
      (a, b) =>
        b.traces - a.traces || b.errors - a.errors || a.services.join().localeCompare(b.services.join()),
    )
    .slice(0, options.maxPaths ?? 20);
  const shown = flows
    .sort(
      (a, b) =>
        Number(b.first_error !== null) - Number(a.first_error !== null) ||
        a.start - b.start ||
        a.trace_id.localeCompare(b.trace_id),
    )
    .slice(0, options.maxFlows ?? 500);
  return {
    flows: shown,
    first_errors,
    paths: topPaths,
    traces_with_errors: withErrors,
    traces_considered: grouped.groups.length,
    truncated: grouped.truncated,
  };
}

function toFlow(traceId: string, records: LogRecord[]): RequestFlow {
  // Array.prototype.sort is stable, so equal timestamps keep the input order.
  const ordered = [...records].sort((a, b) => a.timestamp - b.timestamp);
  const services: string[] = [];
  const seen = new Set<string>();
  let firstError: FirstError | null = null;
  for (const record of ordered) {
    if (!seen.has(record.service)) {
      seen.add(record.service);
      services.push(record.service);
    }
    if (!firstError && ERROR_LEVELS.has(record.level)) {
      firstError = { service: record.service, timestamp: record.timestamp, message: record.message };
    }
  }
  return {
    trace_id: traceId,
    services,
    first_error: firstError,
    records: ordered.length,
    start: ordered[0].timestamp,
    end: ordered[ordered.length - 1].timestamp,
  };
}
