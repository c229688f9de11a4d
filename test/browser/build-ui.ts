/**
 * Makes sure `dist/ui` holds a build of the current `ui/` sources: reuses it when it is
 * newer than every source file, otherwise runs `vite build --config ui/vite.config.ts`.
 */
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? await newestMtime(path) : (await stat(path)).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}

/** Returns the directory of the built UI; `rebuilt` says whether a build ran. */
export async function ensureUiBuilt(repoRoot: string): Promise<{ distDir: string; rebuilt: boolean }> {
  const distDir = join(repoRoot, 'dist', 'ui');
  const built = await stat(join(distDir, 'index.html')).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (built > (await newestMtime(join(repoRoot, 'ui')))) return { distDir, rebuilt: false };
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  await run(
    process.execPath,
    [vite, 'build', '--config', join('ui', 'vite.config.ts'), '--logLevel', 'warn'],
    {
      cwd: repoRoot,
      timeout: 60_000,
    },
  );
  return { distDir, rebuilt: true };
}
