/**
 * Runs `afr serve` in its own Node process for a benchmark, so the load generator never
 * shares (or steals) the server's event loop. Two ways, both with node itself as the child
 * (not `npx`, so the child's pid is the server's own and its memory can be read):
 * - `build`: the real command, `node bin/afr.js --config <file> serve`, on the compiled
 *   `dist/` (what users run); the listening address is read from its JSON log line.
 * - `source`: `node --import tsx afr-serve-entry.ts <file>`, straight from src/ (no build
 *   needed; tsx's compiler adds about 100 MB of RSS).
 * `auto` takes `build` when dist/ is newer than every file under src/, else `source`.
 * The config is written to a temporary file; the child is stopped (graceful, then SIGKILL)
 * by `stop()` or at benchmark cleanup. `memory()` reads the server's resident set size from
 * /proc: now (VmRSS) and the kernel's high-water mark (VmHWM, the true peak, which no
 * sampling can miss).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup, removeAtCleanup } from './cleanup.js';

export type ServerMode = 'build' | 'source';

export interface AfrServeProcess {
  url: string;
  pid: number;
  mode: ServerMode;
  /** Resident set size in MiB: current and peak so far; null where /proc is missing. */
  memory(): { rss_mb: number; peak_rss_mb: number } | null;
  stop(): Promise<void>;
}

export interface AfrServeProcessOptions {
  /** The whole config.yml text. */
  configYaml: string;
  /** Extra environment (tokens, AFR_BENCH_POLL_MS). */
  env?: Record<string, string>;
  /** Startup deadline, ms (default 60 s: tsx compiles the server on a loaded machine). */
  startupMs?: number;
  mode?: ServerMode | 'auto';
}

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..', '..');

export async function startAfrServeProcess(options: AfrServeProcessOptions): Promise<AfrServeProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'afr-bench-serve-'));
  removeAtCleanup(dir);
  const configFile = join(dir, 'config.yml');
  writeFileSync(configFile, options.configYaml);
  const mode = options.mode === undefined || options.mode === 'auto' ? defaultMode() : options.mode;
  // AFR_BENCH_SERVER_NODE_ARGS adds Node flags to the server only (e.g. --cpu-prof for profiling).
  const nodeArgs = (process.env.AFR_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args =
    mode === 'build'
      ? [join(packageRoot, 'bin', 'afr.js'), '--config', configFile, 'serve']
      : ['--import', 'tsx', join(here, 'afr-serve-entry.ts'), configFile];
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: packageRoot,
    env: { ...process.env, AFR_LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', mode === 'build' ? 'pipe' : 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-8000);
  });
  const stop = () => stopChild(child);
  onCleanup(stop, () => child.kill('SIGKILL'));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`afr serve did not start in time:\n${stderr}`)),
      options.startupMs ?? 60_000,
    );
    const done = (address: string) => {
      clearTimeout(timer);
      resolve(address);
    };
    child.once('message', (message: { url?: string }) => {
      if (message.url) done(message.url);
    });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      for (let nl = stdout.indexOf('\n'); nl >= 0; nl = stdout.indexOf('\n')) {
        const line = stdout.slice(0, nl);
        stdout = stdout.slice(nl + 1);
        const address = listeningAddress(line);
        if (address) done(address);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`afr serve exited during startup (code ${code}):\n${stderr}`));
    });
  });
  const pid = child.pid!;
  return { url, pid, mode, memory: () => processMemory(pid), stop };
}

/** The address in afr serve's "listening" JSON log line, if this is that line. */
function listeningAddress(line: string): string | undefined {
  if (!line.includes('afr serve listening')) return undefined;
  try {
    const address = (JSON.parse(line) as { address?: unknown }).address;
    return typeof address === 'string' ? address : undefined;
  } catch {
    return undefined;
  }
}

/** `build` when dist/ exists and is newer than every source file, else `source`. */
export function defaultMode(): ServerMode {
  const built = join(packageRoot, 'dist', 'cli', 'main.js');
  if (!existsSync(built)) return 'source';
  return newestMtime(join(packageRoot, 'src')) <= statSync(built).mtimeMs ? 'build' : 'source';
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** VmRSS and VmHWM of a process in MiB, from /proc/<pid>/status; null when unreadable. */
export function processMemory(pid: number): { rss_mb: number; peak_rss_mb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    const rss = kib('VmRSS');
    const peak = kib('VmHWM');
    if (!Number.isFinite(rss) || !Number.isFinite(peak)) return null;
    return { rss_mb: Math.round((rss / 1024) * 10) / 10, peak_rss_mb: Math.round((peak / 1024) * 10) / 10 };
  } catch {
    return null;
  }
}
