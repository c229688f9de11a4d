/**
 * Turns zod's issues into ConfigIssues a person can act on: the key path, what was
 * expected, what was found, and for an unknown key the known key it most resembles.
 */
import type { z } from 'zod';
import { type ConfigIssue, describeValue, formatPath } from './config-error.js';

type Segment = PropertyKey;

/** The value found at a key path of the (interpolated) YAML tree. */
export function valueAt(tree: unknown, path: readonly Segment[]): unknown {
  let node = tree;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** Looks through defaults, optionals and preprocessing to the schema that checks the value. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 20; depth++) {
    const def = defOf(current);
    if (
      def.innerType &&
      ['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch'].includes(def.type)
    ) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.out && def.in) {
      // A preprocess is a pipe from a transform into the real schema.
      current = defOf(def.in).type === 'transform' ? def.out : def.in;
    } else {
      return current;
    }
  }
  return current;
}

/** The keys the schema knows for the mapping at `path`, or undefined if that is no fixed mapping. */
export function knownKeysAt(schema: z.ZodType, path: readonly Segment[]): string[] | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    const def = defOf(current);
    if (def.type === 'object' && def.shape) current = def.shape[String(segment)];
    else if (def.type === 'record') current = def.valueType;
    else if (def.type === 'array') current = def.element;
    else return undefined;
    if (!current) return undefined;
    current = unwrap(current);
  }
  const def = defOf(current);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i ? (j ? 0 : i) : j)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known key closest to a mistyped one, if it is close enough to be a typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 4)) ? best : undefined;
}

function unknownKeyMessage(key: string, known: string[] | undefined): string {
  if (!known) return 'unknown key';
  const guess = closestKey(key, known);
  return guess ? `unknown key (did you mean ${guess}?)` : `unknown key; expected one of ${known.join(', ')}`;
}

/** ConfigIssues for a failed parse of `tree` against `schema`, in the order zod found them. */
export function issuesFromZod(
  error: z.ZodError,
  tree: unknown,
  schema: z.ZodType,
): (ConfigIssue & { segments: Segment[] })[] {
  const out: (ConfigIssue & { segments: Segment[] })[] = [];
  for (const issue of error.issues) {
    const segments = issue.path as Segment[];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, segments);
      for (const key of issue.keys) {
        const keyPath = [...segments, key];
        out.push({ path: formatPath(keyPath), segments: keyPath, message: unknownKeyMessage(key, known) });
      }
      continue;
    }
    let message = issue.message;
    if (message.startsWith('expected ')) {
      const found = valueAt(tree, segments);
      message = found === undefined ? `required, ${message}` : `${message}, got ${describeValue(found)}`;
    }
    out.push({ path: formatPath(segments), segments, message });
  }
  return out;
}
