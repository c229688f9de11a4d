export { type CallEdge, type CallEdges, callEdges } from './call-edges.js';
export {
  type ErrorOrigins,
  errorOrigins,
  type OperationCount,
  type ServiceErrorOrigin,
  traceErrorOrigin,
} from './error-origins.js';
export { type HopLatencies, type HopLatency, hopLatency, type WindowLatency } from './hop-latency.js';
export { type LatencyOrigin, type LatencyOriginOptions, latencyOrigins } from './latency-origins.js';
export { type OriginEdge, type OriginEdgeOptions, type OriginEdges, originEdges } from './origin-edges.js';
export { peerMatcher } from './peer-matcher.js';
export { latencyStats, quantileSorted } from './quantile.js';
export {
  type FirstError,
  type FirstErrorCount,
  type FlowPath,
  type RequestFlow,
  type RequestFlowOptions,
  type RequestFlows,
  requestFlows,
} from './request-flows.js';
export { buildSpanTree, type SpanTree } from './span-tree.js';
export { buildSpanTrees, type SpanForest } from './span-trees.js';
export { DEFAULT_MAX_TRACES, type TraceAnalysisOptions, type TraceCoverage } from './trace-options.js';
