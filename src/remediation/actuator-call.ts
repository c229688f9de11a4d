/**
 * Calls an actuator with a deadline: an actuator that hangs, throws or ignores its
 * AbortSignal still yields an error Outcome in time, so the executor can stop, undo and
 * escalate instead of waiting forever. Progressive execution is an optional capability.
 */
import type { Actuator, Outcome, PlanStep } from '../core/index.js';
import { failure } from '../core/index.js';

/** An actuator that can apply a step to a canary first (`params.canary` replicas/partitions). */
export interface ProgressiveActuator extends Actuator {
  supportsProgressive(step: PlanStep): boolean;
}

export function supportsProgressive(actuator: Actuator, step: PlanStep): boolean {
  const candidate = actuator as Partial<ProgressiveActuator>;
  return typeof candidate.supportsProgressive === 'function' && candidate.supportsProgressive(step) === true;
}

/** The message of an actuator call that ran out of time. */
export const TIMED_OUT = 'actuator did not answer within';

export async function callActuator<T>(
  actuator: Actuator,
  what: string,
  timeoutMs: number,
  outer: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  const source = { connector: actuator.id, query: what };
  const controller = new AbortController();
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('deadline'));
      resolve(failure(`${TIMED_OUT} ${timeoutMs} ms (${what})`, source, true));
    }, timeoutMs);
  });
  try {
    const call = work(controller.signal).catch((e: unknown) =>
      failure<T>(e instanceof Error ? e.message : String(e), source, true),
    );
    return await Promise.race([call, timedOut]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}
