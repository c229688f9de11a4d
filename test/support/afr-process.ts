/**
 * Runs `afr serve` as a real child process (the CLI from src/ through tsx), for tests and
 * chaos runs that kill replicas with signals. The replica's JSON log lines (pino, stdout)
 * are kept and parsed; the listening address is read from its "afr serve listening" line.
 *
 * Run directly, this file is the CLI entry: `node --import tsx test/support/afr-process.ts serve ...`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const THIS_FILE = fileURLToPath(import.meta.url);

export interface LogLine {
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

export interface AfrReplica {
  name: string;
  url: string;
  pid: number;
  process: ChildProcess;
  /** Parsed JSON log lines so far (stdout). */
  logs: LogLine[];
  /** Everything the process wrote, for failure messages (last 8 KB). */
  output(): string;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown code runs (a crash, an OOM kill, a lost node). */
  crash(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ReplicaOptions {
  name: string;
  configPath: string;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the listening line (default 60 s: tsx compiles on a cold cache). */
  startTimeoutMs?: number;
}

export async function startReplica(options: ReplicaOptions): Promise<AfrReplica> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', THIS_FILE, '--config', options.configPath, 'serve', '--port', '0'],
    {
      env: { ...process.env, AFR_LOG_LEVEL: 'info', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: LogLine[] = [];
  let text = '';
  let pending = '';
  const keep = (chunk: string) => {
    text = (text + chunk).slice(-8192);
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    keep(chunk);
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ msg: line });
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
  });

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  let url: string | undefined;
  while (!url) {
    const line = logs.find((l) => l.msg === 'afr serve listening');
    if (line && typeof line.address === 'string') url = line.address;
    else if (gone || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`replica ${options.name} did not start:\n${text}`);
    } else await new Promise((r) => setTimeout(r, 50));
  }

  const signal = async (sig: NodeJS.Signals) => {
    if (!gone) child.kill(sig);
    await exited;
  };
  return {
    name: options.name,
    url,
    pid: child.pid ?? -1,
    process: child,
    logs,
    output: () => text,
    exited,
    crash: () => signal('SIGKILL'),
    stop: async (graceMs = 15_000) => {
      if (gone) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await signal('SIGTERM');
      clearTimeout(timer);
    },
  };
}

/** True when this module is the process' entry point (not imported by a test). */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(THIS_FILE);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const { runCli } = await import('../../src/cli/main.js');
  await runCli(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`afr: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
