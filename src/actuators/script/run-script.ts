/**
 * Runs one executable without a shell (`spawn` with an argument vector), so no value can
 * be interpreted as shell syntax: each argument arrives as exactly one argv entry. The run
 * has a deadline and a cap on output bytes; past either, or when the caller aborts, the
 * whole process group is stopped (SIGTERM, then SIGKILL after a grace period).
 */
import { spawn } from 'node:child_process';

export interface ScriptRun {
  command: string;
  args: readonly string[];
  env: Record<string, string>;
  cwd?: string;
  timeoutMs: number;
  /** stdout and stderr together. */
  maxOutputBytes: number;
  signal: AbortSignal;
  /** Between SIGTERM and SIGKILL. */
  graceMs?: number;
}

export interface ScriptResult {
  exitCode: number | null;
  /** The signal that ended the process, if one did. */
  killedBy: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Why afr stopped it, if it did. */
  stopped?: 'timeout' | 'output_cap' | 'aborted';
}

/** Rejects only when the executable cannot be started. */
export function runScript(run: ScriptRun): Promise<ScriptResult> {
  for (const [i, arg] of run.args.entries()) {
    if (arg.includes('\0')) return Promise.reject(new Error(`argument ${i + 1} holds a NUL byte; refused`));
  }
  for (const [name, value] of Object.entries(run.env)) {
    if (value.includes('\0'))
      return Promise.reject(new Error(`environment variable ${name} holds a NUL byte; refused`));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(run.command, [...run.args], {
      cwd: run.cwd,
      env: run.env,
      shell: false,
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let stopped: ScriptResult['stopped'];
    let killTimer: ReturnType<typeof setTimeout> | undefined;

    const stop = (why: NonNullable<ScriptResult['stopped']>) => {
      if (stopped) return;
      stopped = why;
      signalGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), run.graceMs ?? 2_000);
    };
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      if (stopped === 'output_cap') return;
      const room = run.maxOutputBytes - bytes;
      into.push(chunk.byteLength > room ? chunk.subarray(0, Math.max(0, room)) : chunk);
      bytes += chunk.byteLength;
      if (bytes > run.maxOutputBytes) stop('output_cap');
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));

    const deadline = setTimeout(() => stop('timeout'), run.timeoutMs);
    const onAbort = () => stop('aborted');
    run.signal.addEventListener('abort', onAbort, { once: true });
    if (run.signal.aborted) onAbort();

    const cleanUp = () => {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      run.signal.removeEventListener('abort', onAbort);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      cleanUp();
      reject(new Error(`cannot run ${run.command}: ${error.code ?? error.message}`));
    });
    child.on('close', (exitCode, killedBy) => {
      cleanUp();
      resolve({
        exitCode,
        killedBy,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ...(stopped ? { stopped } : {}),
      });
    });
  });
}

/** The process group when the child leads one (POSIX), else the child alone. */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
