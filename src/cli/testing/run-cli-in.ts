import { PassThrough } from 'node:stream';
import { runCli } from '../main.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `afr` in process with `AFR_DATA_DIR` set to `dataDir` for the call (restored after),
 * capturing standard output and error. `prefix` goes before the arguments (e.g. `--config`).
 */
export function cliIn(dataDir: string, prefix: readonly string[] = []) {
  return async (...args: string[]): Promise<CliRun> => {
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks: string[] = [];
    const errors: string[] = [];
    out.on('data', (c) => chunks.push(String(c)));
    err.on('data', (c) => errors.push(String(c)));
    const previous = process.env.AFR_DATA_DIR;
    process.env.AFR_DATA_DIR = dataDir;
    try {
      const code = await runCli(['node', 'afr', ...prefix, ...args], { out, err });
      return { code, out: chunks.join(''), err: errors.join('') };
    } finally {
      if (previous === undefined) delete process.env.AFR_DATA_DIR;
      else process.env.AFR_DATA_DIR = previous;
    }
  };
}
