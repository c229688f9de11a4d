/**
 * Follows each verification signal over the checks of a watch, so a recovery that does not
 * hold is seen for what it is: a signal that came back near its baseline at some check and
 * is no longer there at the end (a restart that only reset a leak) regressed, even when the
 * other signals never recovered at the same check.
 */
import type { VerificationResult } from '../core/index.js';

/** A signal's recovery that did not hold: when it came back, and the check that found it gone. */
export interface LostRecovery {
  signal: string;
  recovered_at: number;
  regressed_at: number;
  /** Consecutive checks, from `regressed_at` on, that found it still gone. */
  checks: number;
}

export class RecoveryTracker {
  /** Per signal, the start of its current run of recovered checks. */
  private readonly since = new Map<string, number>();
  private readonly lost = new Map<string, LostRecovery>();

  /** Takes one check into account; a signal without data keeps its previous state. */
  record(check: VerificationResult): void {
    for (const s of check.signals) {
      if (s.after === null) continue;
      const key = signalName(s);
      const since = this.since.get(key);
      if (s.recovered) {
        if (since === undefined) this.since.set(key, check.checked_at);
        this.lost.delete(key);
      } else if (since !== undefined) {
        this.lost.set(key, { signal: key, recovered_at: since, regressed_at: check.checked_at, checks: 1 });
        this.since.delete(key);
      } else {
        const lost = this.lost.get(key);
        if (lost) lost.checks++;
      }
    }
  }

  /** The signals not recovered in `last` that had recovered earlier, by when they were lost. */
  notHeld(last: VerificationResult): LostRecovery[] {
    return last.signals
      .filter((s) => s.after !== null && !s.recovered)
      .flatMap((s) => this.lost.get(signalName(s)) ?? [])
      .sort((a, b) => a.regressed_at - b.regressed_at);
  }
}

export function signalName(s: { service: string; metric: string }): string {
  return `${s.service} ${s.metric}`;
}
