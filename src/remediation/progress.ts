/**
 * How the verification signals moved since an action: worse than before it (degraded, so
 * abort and undo), and at the deadline resolved, partially resolved or not resolved,
 * judged against the pre-incident baseline. Deviations count only on the bad side of the
 * baseline (the side the anomaly went), normalised by the anomaly's size (peak − baseline).
 */
import type { VerificationResult } from '../core/index.js';

export type Resolution = 'resolved' | 'partially_resolved' | 'not_resolved';

type Signal = VerificationResult['signals'][number];

/** Degraded: deviation above twice the worst seen before the action. */
export const DEGRADE_FACTOR = 2;

/** Bad-side deviation from baseline in units of the anomaly (1 = at the peak), or null. */
export function normalisedDeviation(s: Signal): number | null {
  if (s.after === null || s.baseline === null || s.before === null) return null;
  const span = s.before - s.baseline;
  if (Math.abs(span) < 1e-12) return null;
  return Math.max(0, (s.after - s.baseline) / span);
}

/**
 * Signals that got clearly worse than the worst the incident had been before the action:
 * the reference is the larger of the deviation just before acting and the anomaly's peak
 * (1), because a young incident keeps worsening for a while after any action; degraded
 * means more than DEGRADE_FACTOR times that reference.
 */
export function degradedSignals(before: VerificationResult, now: VerificationResult): string[] {
  const earlier = new Map(before.signals.map((s) => [`${s.service}|${s.metric}`, normalisedDeviation(s)]));
  const out: string[] = [];
  for (const s of now.signals) {
    const then = earlier.get(`${s.service}|${s.metric}`);
    const current = normalisedDeviation(s);
    if (then === undefined || current === null) continue;
    if (current > DEGRADE_FACTOR * Math.max(1, then ?? 0)) out.push(`${s.service} ${s.metric}`);
  }
  return out;
}

/**
 * The state at the deadline: every measured signal recovered → resolved; some recovered, or
 * the total deviation at most half of the worst before the action → partially resolved.
 */
export function resolutionOf(result: VerificationResult, before: VerificationResult | null): Resolution {
  if (result.outcome === 'recovered') return 'resolved';
  const measured = result.signals.filter((s) => s.after !== null);
  if (measured.length === 0) return 'not_resolved';
  if (measured.some((s) => s.recovered)) return 'partially_resolved';
  if (!before) return 'not_resolved';
  // Compare the signals measured both before the action and now.
  const earlier = new Map(before.signals.map((s) => [`${s.service}|${s.metric}`, normalisedDeviation(s)]));
  let then = 0;
  let now = 0;
  for (const s of measured) {
    const previous = earlier.get(`${s.service}|${s.metric}`);
    const current = normalisedDeviation(s);
    if (previous === undefined || current === null) continue;
    then += Math.max(1, previous ?? 0);
    now += current;
  }
  return then > 0 && now <= then / 2 ? 'partially_resolved' : 'not_resolved';
}
