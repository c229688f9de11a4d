/** Bounds shared by the trace analyses, so a huge span dump cannot blow up an investigation. */

/** Traces considered by default; more are dropped (and the result says so). */
export const DEFAULT_MAX_TRACES = 20_000;
/** Example trace ids kept per aggregated row. */
export const DEFAULT_MAX_EXAMPLES = 5;

export interface TraceAnalysisOptions {
  /** Traces considered at most (default 20,000). */
  maxTraces?: number;
  /** Example trace ids kept per row (default 5). */
  maxExamples?: number;
}

/** What every analysis reports about its input. */
export interface TraceCoverage {
  traces_considered: number;
  /** True when traces were dropped to stay within `maxTraces`. */
  truncated: boolean;
}

/** Appends `id` to `examples` while fewer than `max` are kept. */
export function addExample(examples: string[], id: string, max: number): void {
  if (examples.length < max) examples.push(id);
}

/** Ratio of two counts, rounded to 4 decimals; 0 when the denominator is 0. */
export function share(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0;
}
