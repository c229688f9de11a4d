/**
 * Small statistics for benchmark reports: nearest-rank percentiles of latency samples and
 * the machine's load average (benchmarks on a shared machine say how loaded it was).
 */
import { cpus, loadavg } from 'node:os';

export interface LatencySummary {
  runs: number;
  p50_ms: number;
  p95_ms: number;
  max_ms: number;
  mean_ms: number;
}

/** Nearest-rank percentile (0 < p <= 1) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  const round = (x: number) => Math.round(x * 10) / 10;
  const mean = samplesMs.reduce((a, b) => a + b, 0) / Math.max(1, samplesMs.length);
  return {
    runs: samplesMs.length,
    p50_ms: round(percentile(samplesMs, 0.5)),
    p95_ms: round(percentile(samplesMs, 0.95)),
    max_ms: round(Math.max(...samplesMs)),
    mean_ms: round(mean),
  };
}

/** "1.52 / 2.10 / 3.00 (2 cores)": the 1, 5 and 15 minute load averages. */
export function loadDescription(): string {
  const [one, five, fifteen] = loadavg().map((x) => x.toFixed(2));
  return `${one} / ${five} / ${fifteen} (${cpus().length} cores)`;
}

/** Reads `--name value` from argv as a number, or the fallback; rejects non-positive values. */
export function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} expects a positive number`);
  return value;
}

export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}
