/** Groups spans into per-trace trees within the analysis bounds. */
import type { Span } from '../../core/telemetry.js';
import { buildSpanTree, type SpanTree } from './span-tree.js';
import { groupByTrace } from './trace-groups.js';
import { DEFAULT_MAX_TRACES, type TraceCoverage } from './trace-options.js';

export interface SpanForest extends TraceCoverage {
  trees: SpanTree[];
}

export function buildSpanTrees(
  spans: readonly Span[],
  maxTraces = DEFAULT_MAX_TRACES,
  preferErrors = false,
): SpanForest {
  const grouped = groupByTrace(spans, {
    traceId: (span) => span.trace_id,
    isError: (span) => span.status === 'error',
    maxTraces,
    preferErrors,
  });
  return {
    trees: grouped.groups.map((group) => buildSpanTree(group.trace_id, group.items)),
    traces_considered: grouped.groups.length,
    truncated: grouped.truncated,
  };
}
