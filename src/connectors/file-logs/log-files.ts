/**
 * Resolves the configured path to the files to read: a file, every regular file in a
 * directory, or the files matching a glob (`*`, `?`) in the last path segment. Oldest
 * (by modification time) first, so rotated files come before the live one.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

export function hasWildcard(path: string): boolean {
  return /[*?]/.test(basename(path));
}

export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** The files `path` names, oldest first; throws when the path (or its directory) is missing. */
export async function resolveLogFiles(path: string): Promise<string[]> {
  let directory: string;
  let matches: (name: string) => boolean;
  if (hasWildcard(path)) {
    directory = dirname(path);
    const regex = globToRegExp(basename(path));
    matches = (name) => regex.test(name);
  } else {
    const info = await stat(path);
    if (!info.isDirectory()) return [path];
    directory = path;
    matches = () => true;
  }
  const entries = await readdir(directory, { withFileTypes: true });
  const files = await Promise.all(
    entries
      .filter((entry) => entry.isFile() && matches(entry.name))
      .map(async (entry) => {
        const file = join(directory, entry.name);
        return { file, mtime: (await stat(file)).mtimeMs };
      }),
  );
  return files.sort((a, b) => a.mtime - b.mtime || a.file.localeCompare(b.file)).map((f) => f.file);
}

/** The service a file's lines default to: its name without extension (`checkout.log` → `checkout`). */
export function serviceFromFileName(file: string): string {
  let name = basename(file);
  // Rotated copies: app.log.1, app.log.2.gz
  name = name.replace(/(\.\d+)?(\.gz)?$/, '');
  const ext = extname(name);
  return (ext ? name.slice(0, -ext.length) : name) || name;
}
