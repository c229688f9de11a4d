/**
 * Reads a value from a JSON document by a configured path: an RFC 6901 JSON pointer
 * (`/labels/service`) or a dot path with optional indexes (`labels.service`, `items[0].id`).
 * The empty string and `$` mean the document itself.
 */

export function readPath(document: unknown, path: string): unknown {
  if (path === '' || path === '$') return document;
  const segments = path.startsWith('/') ? pointerSegments(path) : dotSegments(path);
  let current: unknown = document;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (typeof current === 'object' && current !== null) {
      if (!Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/** A path as it reads in an error message, relative to `base` (`alerts[2]` + `labels.app`). */
export function describePath(base: string, path: string): string {
  const relative = path.startsWith('/') ? pointerSegments(path).join('.') : path;
  if (!base) return relative || '$';
  return relative ? `${base}.${relative}` : base;
}

function pointerSegments(pointer: string): string[] {
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function dotSegments(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((part) => part !== '');
}
