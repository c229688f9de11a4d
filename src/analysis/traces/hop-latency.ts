/**
 * Per-edge latency before versus during an incident: for each caller→callee edge, the
 * callee span's p50/p95 in a baseline window and in the incident window, and their ratio.
 * A call belongs to the window its callee span starts in (windows are half-open).
 *
 * Windows left out are derived from the spans: without an incident window the last quarter
 * of the covered time is the incident; without a baseline, everything before the incident.
 */

import type { Span } from '../../core/telemetry.js';
import type { TimeRange } from '../../core/time.js';
import { latencyStats } from './quantile.js';
import { edgeKey, forEachServiceCall } from './service-calls.js';
import type { SpanTree } from './span-tree.js';
import { buildSpanTrees, type SpanForest } from './span-trees.js';
import { DEFAULT_MAX_TRACES, type TraceAnalysisOptions, type TraceCoverage } from './trace-options.js';

export interface WindowLatency {
  calls: number;
  errors: number;
  p50_ms: number | null;
  p95_ms: number | null;
}

export interface HopLatency {
  caller: string;
  callee: string;
  baseline: WindowLatency;
  incident: WindowLatency;
  /** incident p50 / baseline p50; null without both (or with a zero baseline). */
  p50_ratio: number | null;
  p95_ratio: number | null;
}

export interface HopLatencies extends TraceCoverage {
  baseline: TimeRange;
  incident: TimeRange;
  /** Largest p95 slow-down first; edges without a ratio last. */
  hops: HopLatency[];
}

/** Fraction of the covered time treated as the incident when no window is given. */
const DEFAULT_INCIDENT_FRACTION = 0.25;
/** Makes a derived window include the last span (windows are half-open). */
const END_PAD_S = 1e-3;

export function hopLatency(
  spans: readonly Span[],
  baselineRange?: TimeRange,
  incidentRange?: TimeRange,
  options: TraceAnalysisOptions = {},
): HopLatencies {
  return hopLatencyOfForest(
    buildSpanTrees(spans, options.maxTraces ?? DEFAULT_MAX_TRACES),
    baselineRange,
    incidentRange,
  );
}

/** `hopLatency` over trees already built (callers that analyse the same spans twice build them once). */
export function hopLatencyOfForest(
  forest: SpanForest,
  baselineRange?: TimeRange,
  incidentRange?: TimeRange,
): HopLatencies {
  const { baseline, incident } = windows(forest.trees, baselineRange, incidentRange);
  const acc = new Map<string, { caller: string; callee: string; before: Sample; during: Sample }>();
  for (const tree of forest.trees) {
    forEachServiceCall(tree, (caller, callee) => {
      const inBaseline = contains(baseline, callee.start);
      const inIncident = contains(incident, callee.start);
      if (!inBaseline && !inIncident) return;
      const key = edgeKey(caller.service, callee.service);
      let edge = acc.get(key);
      if (!edge) {
        edge = { caller: caller.service, callee: callee.service, before: sample(), during: sample() };
        acc.set(key, edge);
      }
      if (inBaseline) add(edge.before, callee);
      if (inIncident) add(edge.during, callee);
    });
  }
  const hops = [...acc.values()].map((edge): HopLatency => {
    const before = summarize(edge.before);
    const during = summarize(edge.during);
    return {
      caller: edge.caller,
      callee: edge.callee,
      baseline: before,
      incident: during,
      p50_ratio: ratio(during.p50_ms, before.p50_ms),
      p95_ratio: ratio(during.p95_ms, before.p95_ms),
    };
  });
  hops.sort(
    (a, b) =>
      (b.p95_ratio ?? Number.NEGATIVE_INFINITY) - (a.p95_ratio ?? Number.NEGATIVE_INFINITY) ||
      b.incident.calls - a.incident.calls ||
      a.caller.localeCompare(b.caller) ||
      a.callee.localeCompare(b.callee),
  );
  return {
    baseline,
    incident,
    hops,
    traces_considered: forest.traces_considered,
    truncated: forest.truncated,
  };
}

interface Sample {
  durations: number[];
  errors: number;
}

function sample(): Sample {
  return { durations: [], errors: 0 };
}

function add(target: Sample, span: Span): void {
  target.durations.push(span.duration_ms);
  if (span.status === 'error') target.errors += 1;
}

function summarize(s: Sample): WindowLatency {
  return { calls: s.durations.length, errors: s.errors, ...latencyStats(s.durations) };
}

function ratio(during: number | null, before: number | null): number | null {
  if (during === null || before === null || before <= 0) return null;
  return Math.round((during / before) * 1000) / 1000;
}

function contains(range: TimeRange, t: number): boolean {
  return t >= range.start && t < range.end;
}

function windows(
  trees: SpanTree[],
  baselineRange: TimeRange | undefined,
  incidentRange: TimeRange | undefined,
): { baseline: TimeRange; incident: TimeRange } {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const tree of trees) {
    for (const span of tree.spans) {
      if (span.start < first) first = span.start;
      if (span.start > last) last = span.start;
    }
  }
  if (first > last) first = last = 0;
  const incident = incidentRange ?? {
    start: baselineRange ? baselineRange.end : last - (last - first) * DEFAULT_INCIDENT_FRACTION,
    end: last + END_PAD_S,
  };
  const baseline = baselineRange ?? { start: Math.min(first, incident.start), end: incident.start };
  return { baseline, incident };
}
