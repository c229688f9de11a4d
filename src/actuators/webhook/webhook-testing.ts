/** Shared helpers of the templated actuators' tests (webhook, script). */
import type { Outcome } from '../../core/outcome.js';
import type { QueryContext } from '../../core/ports.js';
import type { PlanStep } from '../../core/remediation-plan.js';
import type { Strategy } from '../../core/vocabulary.js';

export const ctx = (): QueryContext => ({ signal: new AbortController().signal });

/** Labels an attacker controls: shell, JSON and URL metacharacters, a line break, non-ASCII. */
export const HOSTILE = {
  shell: '"; rm -rf / #',
  substitution: '$(touch pwned)',
  backticks: '`touch pwned`',
  json: '"}, "admin": true, {"x": "\\',
  mixed: "a/b?c=d&e#f %20 ' < > \u2028 é ✓\ttab",
};

export function step(
  strategy: Strategy,
  params: Record<string, unknown> = {},
  target = 'checkout',
): PlanStep {
  return {
    id: 'inc-42-s2',
    strategy,
    target,
    description: `${strategy} ${target}`,
    estimated_duration_s: 60,
    params,
  };
}

export function data<T>(outcome: Outcome<T>): T {
  if (outcome.kind !== 'ok') throw new Error(outcome.kind === 'error' ? outcome.message : 'no data');
  return outcome.data;
}

export function errorOf<T>(outcome: Outcome<T>) {
  if (outcome.kind !== 'error') throw new Error(`expected an error, got ${outcome.kind}`);
  return { message: outcome.message, retryable: outcome.retryable };
}
