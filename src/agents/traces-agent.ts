import { latencyOrigins } from '../analysis/traces/latency-origins.js';
import { type OriginEdge, originEdges } from '../analysis/traces/origin-edges.js';
import type { DependencyErrorFinding, Span } from '../core/index.js';
import { clamp, round } from '../util/stats.js';
import type { AgentResult, InvestigationAgent, InvestigationContext } from './agent.js';
import { nextFindingId } from './agent.js';

export interface TracesAgentOptions {
  /** Spans read at most per investigation (default 200,000). */
  maxSpans?: number;
  /** Erroring traces an edge needs during the incident (default 3). */
  minTraces?: number;
}

/**
 * The traces agent: reads the spans of the investigation window and reports where failing
 * requests broke (the error origin's caller → callee edge) and where they got slow (the hop
 * whose latency rose while its own callees' did not), as directed evidence edges. A peer
 * without spans (an external API) is recognised from its callers' client spans.
 */
export class TracesAgent implements InvestigationAgent {
  readonly name = 'traces' as const;
  private readonly maxSpans: number;
  private readonly minTraces: number;

  constructor(options: TracesAgentOptions = {}) {
    this.maxSpans = options.maxSpans ?? 200_000;
    this.minTraces = options.minTraces ?? 3;
  }

  async investigate(context: InvestigationContext): Promise<AgentResult> {
    const started = performance.now();
    const source = context.ports.traces;
    const done = (partial: Omit<AgentResult, 'agent' | 'duration_ms'>): AgentResult => ({
      agent: 'traces',
      ...partial,
      duration_ms: performance.now() - started,
    });
    if (!source) {
      return done({
        findings: [],
        observed_services: [],
        sources: [{ source: 'traces', status: 'absent', detail: 'no trace source' }],
      });
    }
    const { window, baseline_end: split } = context.plan;
    const outcome = await source.spans({ range: window, limit: this.maxSpans }, { signal: context.signal });
    if (outcome.kind === 'error') {
      return done({
        findings: [],
        observed_services: [],
        sources: [{ source: source.id, status: 'error', detail: outcome.message }],
      });
    }
    const spans = outcome.kind === 'ok' ? outcome.data : [];
    if (!spans.length) {
      return done({
        findings: [],
        observed_services: [],
        sources: [{ source: source.id, status: 'no_data', detail: 'no spans in the window' }],
      });
    }
    const known = knownServices(context, spans);
    const findings = [
      ...this.errorEdges(spans, split, window, known),
      ...latencyEdges(spans, split, window, known),
    ];
    return done({
      findings,
      observed_services: [...new Set(spans.map((s) => s.service))],
      sources: [{ source: source.id, status: 'ok', detail: `${spans.length} spans` }],
    });
  }

  private errorEdges(
    spans: readonly Span[],
    split: number,
    window: { start: number; end: number },
    known: string[],
  ): DependencyErrorFinding[] {
    const result = originEdges(spans, { split, knownServices: known });
    const incidentSeconds = Math.max(60, window.end - split);
    const baselineSeconds = Math.max(60, split - window.start);
    const byCaller = new Map<string, number>();
    for (const edge of result.edges)
      byCaller.set(edge.caller, (byCaller.get(edge.caller) ?? 0) + edge.traces);
    for (const [service, count] of result.root_origins)
      byCaller.set(service, (byCaller.get(service) ?? 0) + count);
    const out: DependencyErrorFinding[] = [];
    for (const edge of result.edges) {
      if (edge.traces < this.minTraces || edge.first_seen === null) continue;
      const surprise = edge.traces / incidentSeconds / ((edge.baseline_traces + 0.5) / baselineSeconds);
      if (surprise < 3) continue;
      const share = edge.traces / (byCaller.get(edge.caller) ?? edge.traces);
      const strength = clamp(share) * clamp(edge.traces / 10) * clamp(Math.log(surprise) / Math.log(10));
      out.push(errorFinding(edge, share, strength));
    }
    return out;
  }
}

function errorFinding(edge: OriginEdge, share: number, strength: number): DependencyErrorFinding {
  const how = edge.peer ? 'calls to' : 'calls from it to';
  return {
    id: nextFindingId('trc'),
    agent: 'traces',
    kind: 'dependency_error',
    service: edge.caller,
    summary: `${edge.traces} failing traces broke at ${how} ${edge.callee} (${Math.round(share * 100)}% of ${edge.caller}'s failing traces; ${edge.baseline_traces} before the incident); e.g. trace ${edge.example_trace_ids[0] ?? '?'}`,
    strength: round(strength),
    target: edge.callee,
    count: edge.traces,
    first_seen: edge.first_seen ?? 0,
    via: 'traces',
    share: round(clamp(share)),
  };
}

function latencyEdges(
  spans: readonly Span[],
  split: number,
  window: { start: number; end: number },
  known: string[],
): DependencyErrorFinding[] {
  const origins = latencyOrigins(
    spans,
    { start: window.start, end: split },
    { start: split, end: window.end + 1 },
    { knownServices: known },
  );
  return origins.map((hop) => {
    const strength = 0.8 * clamp((hop.ratio - 1) / 4);
    return {
      id: nextFindingId('trc'),
      agent: 'traces',
      kind: 'dependency_error',
      service: hop.caller,
      summary: `calls from ${hop.caller} to ${hop.callee} got ${Number(hop.ratio.toFixed(1))}× slower at p95 (${Math.round(hop.baseline_p95_ms)} → ${Math.round(hop.incident_p95_ms)} ms over ${hop.incident_calls} calls), while the calls ${hop.callee} makes did not`,
      strength: round(strength),
      target: hop.callee,
      count: hop.incident_calls,
      first_seen: split,
      via: 'traces',
      share: round(clamp((hop.ratio - 1) / 4)),
    };
  });
}

function knownServices(context: InvestigationContext, spans: readonly Span[]): string[] {
  const names = new Set<string>(context.plan.services);
  for (const s of context.topology?.services ?? []) names.add(s.name);
  for (const s of spans) names.add(s.service);
  return [...names];
}
