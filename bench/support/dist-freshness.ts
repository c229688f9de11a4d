/**
 * Whether a compiled afr (the dist/ beside a bin/afr.js) is newer than every source file of
 * this checkout: a benchmark of `node bin/afr.js` measures the last build, not the tree.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function distIsFresh(binFile: string, srcDir: string): boolean {
  const built = join(dirname(binFile), '..', 'dist', 'cli', 'main.js');
  return existsSync(built) && newestSourceMtime(srcDir) <= statSync(built).mtimeMs;
}

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}
