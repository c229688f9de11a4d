import type { Cause, Strategy } from '../core/index.js';
import { STRATEGY_SPECS } from './strategies.js';

export interface OutcomeCounts {
  successes: number;
  failures: number;
}

/**
 * Predicted success of a strategy for a (cause, mechanism): the mean of a Beta posterior
 * whose prior is the strategy's documented default and whose counts come from history.
 */
export class SuccessModel {
  private readonly counts = new Map<string, OutcomeCounts>();

  record(strategy: Strategy, cause: Cause, mechanism: string, success: boolean): void {
    const key = keyOf(strategy, cause, mechanism);
    const current = this.counts.get(key) ?? { successes: 0, failures: 0 };
    if (success) current.successes++;
    else current.failures++;
    this.counts.set(key, current);
  }

  load(entries: Iterable<[string, OutcomeCounts]>): void {
    for (const [key, counts] of entries) this.counts.set(key, { ...counts });
  }

  predict(strategy: Strategy, cause: Cause, mechanism: string): number {
    const { alpha, beta } = STRATEGY_SPECS[strategy].prior;
    const counts = this.counts.get(keyOf(strategy, cause, mechanism)) ?? { successes: 0, failures: 0 };
    return (alpha + counts.successes) / (alpha + beta + counts.successes + counts.failures);
  }
}

function keyOf(strategy: Strategy, cause: Cause, mechanism: string): string {
  return `${strategy}|${cause}|${mechanism}`;
}
