import type { AgentName, Evidence } from '../core/index.js';
import { round } from '../util/stats.js';

/**
 * The evidence ledger of one hypothesis: every term that moved its log-odds, with the
 * agent that saw it. `log_lr` is the natural-log likelihood ratio the term contributed.
 */
export class Ledger {
  readonly entries: Evidence[] = [];
  total = 0;

  add(agent: AgentName, logLr: number, summary: string, kind?: string): void {
    if (!Number.isFinite(logLr) || Math.abs(logLr) < 1e-3) return;
    this.total += logLr;
    this.entries.push({
      agent,
      supports: logLr > 0,
      weight: round(Math.min(1, Math.abs(logLr) / 4), 3),
      summary,
      log_lr: round(logLr, 3),
      kind,
    });
  }

  clone(): Ledger {
    const copy = new Ledger();
    copy.entries.push(...this.entries.map((e) => ({ ...e })));
    copy.total = this.total;
    return copy;
  }

  /** Strongest entries first, for display. */
  sorted(): Evidence[] {
    return [...this.entries].sort((a, b) => Math.abs(b.log_lr ?? 0) - Math.abs(a.log_lr ?? 0));
  }
}
