/**
 * A forced garbage collection for memory measurements, without asking the user to pass
 * `--expose-gc`: the flag is set at run time and `gc` taken from a fresh context.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Collects garbage (twice, so finalizers' leftovers go too) and returns the heap in use. */
export function heapAfterGc(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

export const MIB = 2 ** 20;
