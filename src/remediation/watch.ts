/**
 * Watches a chain link's verification signals on the incident's clock: every interval
 * until the deadline, stopping early when they degrade further than before the action
 * (two checks in a row), then classifying the end state against the pre-incident baseline.
 * The whole window counts, not the last sample alone: a recovery that does not hold (the
 * signals, or one of them, recovered at some check and no longer have at the deadline) is
 * `regressed`, with when it recovered and when it was lost. `shouldStop` is asked after
 * every check: a reason ends the watch early (`stopped`).
 */
import type { Clock, Finding, MetricsSource, VerificationResult, VerificationSpec } from '../core/index.js';
import { degradedSignals, type Resolution, resolutionOf } from './progress.js';
import { type LostRecovery, RecoveryTracker } from './recovery-tracker.js';
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
  /** Consecutive checks a signal's recovery must stay lost to end the watch as regressed (default 2). */
  regressChecks?: number;
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
  /** A recovery that did not hold: when the signals recovered, and the check that found it lost. */
  regression?: Regression;
  /** Every check of the window, oldest first. */
  checks: WatchCheck[];
}

export interface WatchCheck {
  at: number;
  outcome: VerificationResult['outcome'];
  detail: string;
  /** Signals back near baseline, of those with data. */
  recovered: number;
  measured: number;
}

export interface Regression {
  /** When the signals (or the first of `signals`) had recovered. */
  recovered_at: number;
  /** The check that found the recovery gone. */
  regressed_at: number;
  /** The signals whose recovery did not hold. */
  signals: LostRecovery[];
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
  let lost: { recovered_at: number; regressed_at: number } | null = null;
  const tracker = new RecoveryTracker();
  const checks: WatchCheck[] = [];
  let streak = 0;
  let last: VerificationResult | undefined;
  while (elapsed < deadline) {
    const wait = Math.min(w.intervalSeconds, deadline - elapsed);
    await w.clock.sleep(wait, w.signal);
    elapsed += wait;
    last = await measure(w.spec, w.findings, w.metrics, w.clock.now(), w.signal);
    const measured = last.signals.filter((x) => x.after !== null);
    checks.push({
      at: last.checked_at,
      outcome: last.outcome,
      detail: last.detail,
      recovered: measured.filter((x) => x.recovered).length,
      measured: measured.length,
    });
    tracker.record(last);
    if (last.outcome === 'recovered') {
      everRecovered = true;
      recoveredAt ??= w.clock.now();
      lost = null;
    } else {
      if (recoveredAt !== null) lost = { recovered_at: recoveredAt, regressed_at: w.clock.now() };
      recoveredAt = null;
    }
    const stopped = await w.shouldStop?.();
    if (stopped) {
      return {
        result: last,
        resolution: resolutionOf(last, w.before),
        recoveredAt,
        degraded: [],
        stopped,
        checks,
      };
    }
    const confirmed = tracker.notHeld(last).filter((l) => l.checks >= (w.regressChecks ?? 2));
    if (confirmed.length) return regressed(last, confirmed, checks);
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
        checks,
      };
    }
  }
  const result = last ?? (await measure(w.spec, w.findings, w.metrics, w.clock.now(), w.signal));
  const notHeld = result.outcome === 'recovered' ? [] : tracker.notHeld(result);
  if (result.outcome !== 'recovered' && (everRecovered || notHeld.length)) {
    return regressed(result, notHeld, checks, everRecovered ? lost : null);
  }
  return { result, resolution: resolutionOf(result, w.before), recoveredAt, degraded: [], checks };
}

/** The verdict on a recovery that did not hold (of every signal at once: `overall`). */
function regressed(
  result: VerificationResult,
  notHeld: LostRecovery[],
  checks: WatchCheck[],
  overall: { recovered_at: number; regressed_at: number } | null = null,
): WatchResult {
  const first = overall ?? notHeld[0];
  const which = overall ? '' : ` (${notHeld.map((l) => l.signal).join(', ')})`;
  return {
    result: {
      ...result,
      outcome: 'regressed',
      detail: `recovered, then regressed${which}: ${result.detail}`,
    },
    resolution: 'not_resolved',
    recoveredAt: null,
    degraded: [],
    ...(first && {
      regression: { recovered_at: first.recovered_at, regressed_at: first.regressed_at, signals: notHeld },
    }),
    checks,
  };
}
