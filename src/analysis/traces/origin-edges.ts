/**
 * Where failing requests break, as caller → callee edges. In each trace with an error the
 * origin is the error span none of whose children errored (see error-origins). The edge is
 * the origin's service and the service that called it; when the origin is a leaf CLIENT
 * span whose operation names another known service ("HTTP POST payment-provider"), the
 * error came from that peer (an external dependency without telemetry of its own), so the
 * edge is origin service → peer. Origins with no caller (the trace's root failed by itself)
 * count as the service's own.
 *
 * Counts are split at `split` (the end of the baseline) by the origin span's start, so the
 * caller can tell a new failure path from the background of errors every system has.
 */
import type { Span } from '../../core/telemetry.js';
import { traceErrorOrigin } from './error-origins.js';
import { peerMatcher } from './peer-matcher.js';
import { edgeKey } from './service-calls.js';
import type { SpanTree } from './span-tree.js';
import { buildSpanTrees } from './span-trees.js';
import { addExample, DEFAULT_MAX_EXAMPLES, DEFAULT_MAX_TRACES, type TraceCoverage } from './trace-options.js';

export interface OriginEdge {
  caller: string;
  callee: string;
  /** Erroring traces whose origin is this edge, after `split`. */
  traces: number;
  /** The same before `split`. */
  baseline_traces: number;
  first_seen: number | null;
  last_seen: number | null;
  /** The peer was named by a client span's operation, not seen as a span of its own. */
  peer: boolean;
  example_trace_ids: string[];
}

export interface OriginEdges extends TraceCoverage {
  edges: OriginEdge[];
  /** Erroring traces after / before `split`, whatever their origin. */
  error_traces: number;
  baseline_error_traces: number;
  /** Origins with no caller (root spans that failed by themselves), by service, after `split`. */
  root_origins: Map<string, number>;
}

export interface OriginEdgeOptions {
  /** Spans starting before this are baseline. */
  split: number;
  /** Service names a client span's operation may name (peers without spans). */
  knownServices?: readonly string[];
  maxTraces?: number;
}

export function originEdges(spans: readonly Span[], options: OriginEdgeOptions): OriginEdges {
  const forest = buildSpanTrees(spans, options.maxTraces ?? DEFAULT_MAX_TRACES, true);
  const peers = peerMatcher(options.knownServices ?? []);
  const edges = new Map<string, OriginEdge>();
  const rootOrigins = new Map<string, number>();
  let errorTraces = 0;
  let baselineErrorTraces = 0;
  for (const tree of forest.trees) {
    const index = originIndex(tree);
    if (index < 0) continue;
    const origin = tree.spans[index];
    const incident = origin.start >= options.split;
    if (incident) errorTraces++;
    else baselineErrorTraces++;
    const pair = originPair(tree, index, peers);
    if (!pair) {
      if (incident) rootOrigins.set(origin.service, (rootOrigins.get(origin.service) ?? 0) + 1);
      continue;
    }
    const key = edgeKey(pair.caller, pair.callee);
    let edge = edges.get(key);
    if (!edge) {
      edge = {
        ...pair,
        traces: 0,
        baseline_traces: 0,
        first_seen: null,
        last_seen: null,
        example_trace_ids: [],
      };
      edges.set(key, edge);
    }
    if (!incident) {
      edge.baseline_traces++;
      continue;
    }
    edge.traces++;
    edge.first_seen = edge.first_seen === null ? origin.start : Math.min(edge.first_seen, origin.start);
    edge.last_seen = edge.last_seen === null ? origin.start : Math.max(edge.last_seen, origin.start);
    addExample(edge.example_trace_ids, tree.trace_id, DEFAULT_MAX_EXAMPLES);
  }
  return {
    edges: [...edges.values()].sort(
      (a, b) => b.traces - a.traces || a.caller.localeCompare(b.caller) || a.callee.localeCompare(b.callee),
    ),
    error_traces: errorTraces,
    baseline_error_traces: baselineErrorTraces,
    root_origins: rootOrigins,
    traces_considered: forest.traces_considered,
    truncated: forest.truncated,
  };
}

function originIndex(tree: SpanTree): number {
  const origin = traceErrorOrigin(tree);
  return origin ? tree.spans.indexOf(origin) : -1;
}

function originPair(
  tree: SpanTree,
  index: number,
  peers: (operation: string, self: string) => string | undefined,
): { caller: string; callee: string; peer: boolean } | undefined {
  const origin = tree.spans[index];
  if (tree.children[index].length === 0) {
    const peer = peers(origin.operation, origin.service);
    if (peer) return { caller: origin.service, callee: peer, peer: true };
  }
  // The nearest ancestor of another service is the caller.
  for (let p = tree.parent[index]; p >= 0; p = tree.parent[p]) {
    if (tree.spans[p].service !== origin.service)
      return { caller: tree.spans[p].service, callee: origin.service, peer: false };
  }
  return undefined;
}
