/**
 * Assembling the spans a trace connector returns: duplicates dropped (the same span can
 * come back from several per-service queries), whole traces kept under the span limit so
 * no trace loses its parents, and the result ordered by start time.
 */
import type { Span } from '../../core/telemetry.js';

/** Collects spans once per (trace_id, span_id). */
export class SpanCollector {
  private readonly byTrace = new Map<string, Map<string, Span>>();

  add(spans: Iterable<Span>): void {
    for (const span of spans) {
      let trace = this.byTrace.get(span.trace_id);
      if (!trace) {
        trace = new Map();
        this.byTrace.set(span.trace_id, trace);
      }
      if (!trace.has(span.span_id)) trace.set(span.span_id, span);
    }
  }

  get traceCount(): number {
    return this.byTrace.size;
  }

  /**
   * Whole traces, earliest first, while their spans fit in `limit`; then all kept spans
   * sorted by start. A single trace larger than the limit is cut to the limit.
   */
  result(limit: number): Span[] {
    const traces = [...this.byTrace.values()].map((trace) => {
      const spans = [...trace.values()];
      let first = Number.POSITIVE_INFINITY;
      for (const span of spans) if (span.start < first) first = span.start;
      return { first, spans };
    });
    traces.sort((a, b) => a.first - b.first);
    const out: Span[] = [];
    for (const trace of traces) {
      if (out.length + trace.spans.length > limit) {
        if (out.length === 0) out.push(...trace.spans.slice(0, limit));
        break;
      }
      out.push(...trace.spans);
    }
    return out.sort((a, b) => a.start - b.start);
  }
}
