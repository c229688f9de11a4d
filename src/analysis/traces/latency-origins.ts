/**
 * Where requests got slow, as caller → callee edges. A hop (a caller's call into a callee,
 * or a leaf client span naming a peer without spans of its own) whose p95 during the
 * incident is `minRatio` times its baseline is slow; it is the *origin* of the slowness when
 * none of the callee's own outgoing hops slowed down comparably (then the time is spent in
 * the callee itself, not passed up from below).
 */

import type { Span } from '../../core/telemetry.js';
import type { TimeRange } from '../../core/time.js';
import { hopLatencyOfForest } from './hop-latency.js';
import { peerMatcher } from './peer-matcher.js';
import { latencyStats } from './quantile.js';
import { buildSpanTrees, type SpanForest } from './span-trees.js';
import { DEFAULT_MAX_TRACES } from './trace-options.js';

export interface LatencyOrigin {
  caller: string;
  callee: string;
  baseline_p95_ms: number;
  incident_p95_ms: number;
  ratio: number;
  incident_calls: number;
  peer: boolean;
}

export interface LatencyOriginOptions {
  knownServices?: readonly string[];
  /** A hop this many times slower at p95 is slow (default 2). */
  minRatio?: number;
  /** Calls needed in each window (default 20). */
  minCalls?: number;
  maxTraces?: number;
}

export function latencyOrigins(
  spans: readonly Span[],
  baseline: TimeRange,
  incident: TimeRange,
  options: LatencyOriginOptions = {},
): LatencyOrigin[] {
  const minRatio = options.minRatio ?? 2;
  const minCalls = options.minCalls ?? 20;
  const hops: LatencyOrigin[] = [];
  // One forest for both kinds of hop: the same spans, the same trace selection.
  const forest = buildSpanTrees(spans, options.maxTraces ?? DEFAULT_MAX_TRACES);
  for (const hop of hopLatencyOfForest(forest, baseline, incident).hops) {
    if (hop.p95_ratio === null || hop.baseline.calls < minCalls || hop.incident.calls < minCalls) continue;
    hops.push({
      caller: hop.caller,
      callee: hop.callee,
      baseline_p95_ms: hop.baseline.p95_ms ?? 0,
      incident_p95_ms: hop.incident.p95_ms ?? 0,
      ratio: hop.p95_ratio,
      incident_calls: hop.incident.calls,
      peer: false,
    });
  }
  hops.push(...peerHops(spans, forest, baseline, incident, options.knownServices ?? [], minCalls));
  const slowOut = new Map<string, number>();
  for (const hop of hops) slowOut.set(hop.caller, Math.max(slowOut.get(hop.caller) ?? 0, hop.ratio));
  return hops
    .filter((hop) => hop.ratio >= minRatio && (slowOut.get(hop.callee) ?? 0) < 0.5 * hop.ratio)
    .sort((a, b) => b.ratio - a.ratio || a.caller.localeCompare(b.caller));
}

/** Leaf client spans naming a peer service, as caller → peer hops. */
function peerHops(
  spans: readonly Span[],
  forest: SpanForest,
  baseline: TimeRange,
  incident: TimeRange,
  knownServices: readonly string[],
  minCalls: number,
): LatencyOrigin[] {
  if (!knownServices.length) return [];
  const peerOf = peerMatcher(knownServices);
  const observed = new Set(spans.map((s) => s.service));
  const acc = new Map<string, { caller: string; callee: string; before: number[]; during: number[] }>();
  for (const tree of forest.trees) {
    for (let i = 0; i < tree.spans.length; i++) {
      if (tree.children[i].length) continue;
      const span = tree.spans[i];
      const peer = peerOf(span.operation, span.service);
      // A peer with spans of its own is measured by its server spans instead.
      if (!peer || observed.has(peer)) continue;
      const key = `${span.service}\u0000${peer}`;
      let row = acc.get(key);
      if (!row) {
        row = { caller: span.service, callee: peer, before: [], during: [] };
        acc.set(key, row);
      }
      if (span.start >= baseline.start && span.start < baseline.end) row.before.push(span.duration_ms);
      else if (span.start >= incident.start && span.start < incident.end) row.during.push(span.duration_ms);
    }
  }
  const out: LatencyOrigin[] = [];
  for (const row of acc.values()) {
    if (row.before.length < minCalls || row.during.length < minCalls) continue;
    const before = latencyStats(row.before).p95_ms ?? 0;
    const during = latencyStats(row.during).p95_ms ?? 0;
    if (before <= 0) continue;
    out.push({
      caller: row.caller,
      callee: row.callee,
      baseline_p95_ms: before,
      incident_p95_ms: during,
      ratio: Math.round((during / before) * 1000) / 1000,
      incident_calls: row.during.length,
      peer: true,
    });
  }
  return out;
}
