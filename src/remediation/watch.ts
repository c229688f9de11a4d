/**
 * Watches a chain link's verification signals on the incident's clock: every interval
 * until the deadline, stopping early when they degrade further than before the action
 * (two checks in a row), then classifying the end state against the pre-incident baseline.
 * `shouldStop` is asked after every check: a reason ends the watch early (`stopped`).
 */
import type { Clock, Finding, MetricsSource, VerificationResult, VerificationSpec } from '../core/index.js';
import { degradedSignals, type Resolution, resolutionOf } from './progress.js';
import { checkRecovery } from './verifier.js';

export interface WatchInput {
  spec: VerificationSpec;
  findings: readonly Finding[];
  metrics: MetricsSource | undefined;
  clock: Clock;
  intervalSeconds: number;
  /** The signals just before the action; null: degradation cannot be judged. */
  before: VerificationResult | null;
  signal: AbortSignal;
  /** Watch only this long (a canary), instead of the spec's deadline. */
  forSeconds?: number;
  /** Consecutive degraded checks that abort (default 2; a short canary watch uses 1). */
  degradeChecks?: number;
  /** Asked after every check; a reason (a human took over) ends the watch at once. */
  shouldStop?: () => Promise<string | null>;
}

export interface WatchResult {
  result: VerificationResult;
  resolution: Resolution;
  recoveredAt: number | null;
  /** Signals that got worse than before the action; non-empty means abort and undo. */
  degraded: string[];
  /** Why the watch ended early at `shouldStop`'s request. */
  stopped?: string;
}

export async function measure(
  spec: VerificationSpec,
  findings: readonly Finding[],
  metrics: MetricsSource | undefined,
  now: number,
  signal: AbortSignal,
): Promise<VerificationResult> {
  return checkRecovery(spec, findings, metrics, now, { signal });
}

export async function watchSignals(w: WatchInput): Promise<WatchResult> {
  const deadline = w.forSeconds ?? w.spec.deadline_s;
  let elapsed = 0;
  let recoveredAt: number | null = null;
  let everRecovered = false;
  let streak = 0;
  let last: VerificationResult | undefined;
  while (elapsed < deadline) {
    const wait = Math.min(w.intervalSeconds, deadline - elapsed);
    await w.clock.sleep(wait, w.signal);
    elapsed += wait;
    last = await measure(w.spec, w.findings, w.metrics, w.clock.now(), w.signal);
    if (last.outcome === 'recovered') {
      everRecovered = true;
      recoveredAt ??= w.clock.now();
    } else {
      recoveredAt = null;
    }
    const stopped = await w.shouldStop?.();
    if (stopped) {
      return { result: last, resolution: resolutionOf(last, w.before), recoveredAt, degraded: [], stopped };
    }
    const degraded = w.before ? degradedSignals(w.before, last) : [];
    streak = degraded.length ? streak + 1 : 0;
    if (streak >= (w.degradeChecks ?? 2)) {
      return {
        result: {
          ...last,
          outcome: 'regressed',
          detail: `degraded further after the action: ${degraded.join(', ')}`,
        },
        resolution: 'not_resolved',
        recoveredAt: null,
        degraded,
      };
    }
  }
  const result = last ?? (await measure(w.spec, w.findings, w.metrics, w.clock.now(), w.signal));
  if (result.outcome !== 'recovered' && everRecovered) {
    return {
      result: { ...result, outcome: 'regressed', detail: `recovered, then regressed: ${result.detail}` },
      resolution: 'not_resolved',
      recoveredAt: null,
      degraded: [],
    };
  }
  return { result, resolution: resolutionOf(result, w.before), recoveredAt, degraded: [] };
}
