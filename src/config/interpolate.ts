/**
 * `${VAR}` and `${VAR:-default}` in config values, resolved from the environment after the
 * YAML is parsed, so a variable's value can never change the file's structure. `$${` writes
 * a literal `${`. Keys are never interpolated.
 */
import { type ConfigIssue, formatPath } from './config-error.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A problem with a reference, with the key path as segments so the loader can find its line. */
export type InterpolationIssue = ConfigIssue & { segments: PropertyKey[] };

export interface Interpolated {
  value: unknown;
  issues: InterpolationIssue[];
  /** Key paths of the values that used a variable, for messages and audits. */
  references: { path: string; variable: string }[];
}

/** Replaces variable references in every string of a parsed YAML tree. */
export function interpolateEnv(tree: unknown, env: Record<string, string | undefined>): Interpolated {
  const result: Interpolated = { value: undefined, issues: [], references: [] };
  result.value = walk(tree, [], env, result);
  return result;
}

function walk(
  value: unknown,
  path: PropertyKey[],
  env: Record<string, string | undefined>,
  out: Interpolated,
): unknown {
  if (typeof value === 'string') return interpolateString(value, path, env, out);
  if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i], env, out));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = walk(item, [...path, key], env, out);
    return copy;
  }
  return value;
}

/**
 * Resolves the references in one string value; `segments` is its key path, for errors.
 *
 * @example interpolateString('${HOST:-localhost}:9090', ['agents', 'metrics', 'url'], {}, out) // 'localhost:9090'
 */
export function interpolateString(
  text: string,
  segments: PropertyKey[],
  env: Record<string, string | undefined>,
  out: Pick<Interpolated, 'issues' | 'references'>,
): string {
  const path = formatPath(segments);
  let result = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('$', i);
    if (start < 0) break;
    result += text.slice(i, start);
    if (text.startsWith('$${', start)) {
      result += '${';
      i = start + 3;
      continue;
    }
    if (text[start + 1] !== '{') {
      result += '$';
      i = start + 1;
      continue;
    }
    const end = text.indexOf('}', start + 2);
    if (end < 0) {
      out.issues.push({
        path,
        segments,
        message: `unclosed variable reference in ${JSON.stringify(text)}: expected "}"`,
      });
      return text;
    }
    const body = text.slice(start + 2, end);
    const separator = body.indexOf(':-');
    const name = separator < 0 ? body : body.slice(0, separator);
    const fallback = separator < 0 ? undefined : body.slice(separator + 2);
    if (!NAME.test(name)) {
      out.issues.push({
        path,
        segments,
        message: `malformed variable reference "\${${body}}": expected \${NAME} or \${NAME:-default}`,
      });
      return text;
    }
    out.references.push({ path, variable: name });
    const found = env[name];
    // Like the shell, ":-" also replaces a variable that is set but empty.
    if (found !== undefined && (found !== '' || fallback === undefined)) result += found;
    else if (fallback !== undefined) result += fallback;
    else {
      out.issues.push({
        path,
        segments,
        message: `environment variable ${name} is not set (set it, or write \${${name}:-default})`,
      });
    }
    i = end + 1;
  }
  return result + text.slice(i);
}
