/**
 * Runs a command to completion and measures its wall time, process start included: from
 * just before the spawn to the exit of the child with all its output read; and the CPU time
 * it used (user + system, from this process' reaped-children times in /proc/self/stat, so
 * one child at a time), which a loaded machine disturbs far less than wall time.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface TimedRun {
  wall_ms: number;
  /** Null where /proc is missing. */
  cpu_ms: number | null;
  code: number | null;
  stdout: string;
  stderr: string;
}

export function timedRun(command: string, args: readonly string[], cwd: string): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuMs();
    const start = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const wall = performance.now() - start;
      const cpuAfter = childrenCpuMs();
      resolve({
        wall_ms: wall,
        cpu_ms: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Runs it and fails with its stderr unless it exits 0. */
export async function runOk(command: string, args: readonly string[], cwd: string): Promise<TimedRun> {
  const run = await timedRun(command, args, cwd);
  if (run.code !== 0)
    throw new Error(`${[command, ...args].join(' ')} exited with ${run.code}:\n${run.stderr.slice(-2000)}`);
  return run;
}

let ticksPerSecond: number | undefined;

/** CPU milliseconds of this process' children that have exited and been waited for. */
function childrenCpuMs(): number | null {
  try {
    // Asked first: getconf is a child too.
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}
