/**
 * Caller→callee service edges observed in traces, with call and error counts and the
 * callee-side latency (p50/p95 of the child span's duration) of each edge.
 */
import type { Span } from '../../core/telemetry.js';
import { latencyStats } from './quantile.js';
import { edgeKey, forEachServiceCall } from './service-calls.js';
import { buildSpanTrees } from './span-trees.js';
import { DEFAULT_MAX_TRACES, share, type TraceAnalysisOptions, type TraceCoverage } from './trace-options.js';

export interface CallEdge {
  caller: string;
  callee: string;
  calls: number;
  /** Calls whose callee span ended in error. */
  errors: number;
  error_rate: number;
  p50_ms: number | null;
  p95_ms: number | null;
}

export interface CallEdges extends TraceCoverage {
  edges: CallEdge[];
}

/** Edges sorted by calls (most first), then by name. O(n log n) in the number of spans. */
export function callEdges(spans: readonly Span[], options: TraceAnalysisOptions = {}): CallEdges {
  const forest = buildSpanTrees(spans, options.maxTraces ?? DEFAULT_MAX_TRACES);
  const acc = new Map<string, { caller: string; callee: string; errors: number; durations: number[] }>();
  for (const tree of forest.trees) {
    forEachServiceCall(tree, (caller, callee) => {
      const key = edgeKey(caller.service, callee.service);
      let edge = acc.get(key);
      if (!edge) {
        edge = { caller: caller.service, callee: callee.service, errors: 0, durations: [] };
        acc.set(key, edge);
      }
      edge.durations.push(callee.duration_ms);
      if (callee.status === 'error') edge.errors += 1;
    });
  }
  const edges = [...acc.values()].map((edge): CallEdge => {
    const calls = edge.durations.length;
    return {
      caller: edge.caller,
      callee: edge.callee,
      calls,
      errors: edge.errors,
      error_rate: share(edge.errors, calls),
      ...latencyStats(edge.durations),
    };
  });
  edges.sort(
    (a, b) => b.calls - a.calls || a.caller.localeCompare(b.caller) || a.callee.localeCompare(b.callee),
  );
  return { edges, traces_considered: forest.traces_considered, truncated: forest.truncated };
}
