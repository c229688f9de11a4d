/**
 * Where errors start. In each trace the origin is an error span none of whose children
 * errored (the error was not just passed up from below); when a trace has several, the
 * earliest-starting one wins, then the deepest. Origins are counted per service with the
 * operations that failed and example trace ids.
 */
import type { Span } from '../../core/telemetry.js';
import type { SpanTree } from './span-tree.js';
import { buildSpanTrees } from './span-trees.js';
import {
  addExample,
  DEFAULT_MAX_EXAMPLES,
  DEFAULT_MAX_TRACES,
  share,
  type TraceAnalysisOptions,
  type TraceCoverage,
} from './trace-options.js';

export interface OperationCount {
  operation: string;
  count: number;
}

export interface ServiceErrorOrigin {
  service: string;
  /** Traces whose error originated in this service. */
  traces: number;
  /** traces / traces_with_errors. */
  share: number;
  /** The failing operations, most frequent first. */
  operations: OperationCount[];
  example_trace_ids: string[];
}

export interface ErrorOrigins extends TraceCoverage {
  /** Most frequent origin first. */
  origins: ServiceErrorOrigin[];
  traces_with_errors: number;
}

/** The origin span of one trace's errors; undefined when nothing errored. */
export function traceErrorOrigin(tree: SpanTree): Span | undefined {
  let best = -1;
  for (let i = 0; i < tree.spans.length; i++) {
    if (tree.spans[i].status !== 'error') continue;
    if (tree.children[i].some((c) => tree.spans[c].status === 'error')) continue;
    if (best < 0 || isBefore(tree, i, best)) best = i;
  }
  return best < 0 ? undefined : tree.spans[best];
}

function isBefore(tree: SpanTree, a: number, b: number): boolean {
  const sa = tree.spans[a];
  const sb = tree.spans[b];
  if (sa.start !== sb.start) return sa.start < sb.start;
  if (tree.depth[a] !== tree.depth[b]) return tree.depth[a] > tree.depth[b];
  return sa.span_id < sb.span_id;
}

export function errorOrigins(spans: readonly Span[], options: TraceAnalysisOptions = {}): ErrorOrigins {
  const maxExamples = options.maxExamples ?? DEFAULT_MAX_EXAMPLES;
  const forest = buildSpanTrees(spans, options.maxTraces ?? DEFAULT_MAX_TRACES, true);
  const byService = new Map<
    string,
    { traces: number; operations: Map<string, number>; examples: string[] }
  >();
  let withErrors = 0;
  for (const tree of forest.trees) {
    const origin = traceErrorOrigin(tree);
    if (!origin) continue;
    withErrors += 1;
    let row = byService.get(origin.service);
    if (!row) {
      row = { traces: 0, operations: new Map(), examples: [] };
      byService.set(origin.service, row);
    }
    row.traces += 1;
    row.operations.set(origin.operation, (row.operations.get(origin.operation) ?? 0) + 1);
    addExample(row.examples, tree.trace_id, maxExamples);
  }
  const origins = [...byService.entries()].map(
    ([service, row]): ServiceErrorOrigin => ({
      service,
      traces: row.traces,
      share: share(row.traces, withErrors),
      operations: [...row.operations.entries()]
        .map(([operation, count]) => ({ operation, count }))
        .sort((a, b) => b.count - a.count || a.operation.localeCompare(b.operation)),
      example_trace_ids: row.examples,
    }),
  );
  origins.sort((a, b) => b.traces - a.traces || a.service.localeCompare(b.service));
  return {
    origins,
    traces_with_errors: withErrors,
    traces_considered: forest.traces_considered,
    truncated: forest.truncated,
  };
}
