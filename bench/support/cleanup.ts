/**
 * Cleanup for benchmarks that start processes and write temporary directories: register
 * each undo step as it is created; `runCleanup` runs them newest first (in a `finally`).
 * SIGINT/SIGTERM run them too before exiting, and if the process dies some other way each
 * step's synchronous fallback (kill, remove) still runs on exit, so no server or directory
 * is left behind.
 */
import { rmSync } from 'node:fs';

interface Step {
  run: () => void | Promise<void>;
  /** Best effort for the 'exit' event, where nothing asynchronous runs. */
  sync: () => void;
}

const steps: Step[] = [];
let running: Promise<void> | undefined;

export function onCleanup(run: () => void | Promise<void>, sync: () => void = () => {}): void {
  steps.push({ run, sync });
}

/** Removes `dir` (recursively) at cleanup. */
export function removeAtCleanup(dir: string): void {
  const remove = () => rmSync(dir, { recursive: true, force: true });
  onCleanup(remove, remove);
}

export function runCleanup(): Promise<void> {
  running ??= (async () => {
    while (steps.length) {
      const step = steps.pop()!;
      try {
        await step.run();
      } catch (error) {
        console.error('cleanup step failed:', error);
      }
    }
  })();
  return running;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void runCleanup().finally(() => process.exit(130));
  });
}

process.once('exit', () => {
  while (steps.length) {
    try {
      steps.pop()!.sync();
    } catch {
      // exiting anyway
    }
  }
});

// A closed pipe (`| head`) must not crash the benchmark past its cleanup.
process.stdout.on('error', () => {});
