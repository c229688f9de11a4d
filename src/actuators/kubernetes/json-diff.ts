/**
 * Plain-JSON helpers for patches and previews: `mergePatchBetween` writes the RFC 7386
 * JSON merge patch that turns one object into another (`null` removes a key; arrays and
 * scalars are replaced whole), `applyMergePatch` applies one, and `fieldDiff` lists the changed leaves as
 * `path: before → after` lines a human can approve. Arrays of named items (containers,
 * env) are shown by name: `containers[app].image`.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The JSON form of a client object: Dates become strings, undefined fields disappear. */
export function toPlain<T = JsonObject>(value: unknown): T {
  return (value === undefined ? undefined : JSON.parse(JSON.stringify(value))) as T;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!jsonEqual(a[key], b[key])) return false;
    return true;
  }
  return false;
}

/** The merge patch that turns `from` into `to`; `{}` when they are equal. */
export function mergePatchBetween(from: JsonObject, to: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    const before = from[key];
    if (jsonEqual(before, value)) continue;
    patch[key] = isObject(before) && isObject(value) ? mergePatchBetween(before, value) : value;
  }
  return patch;
}

/** RFC 7386: objects merge key by key, `null` removes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: JsonObject = isObject(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v) as Json;
  }
  return out;
}

/** One `path: before → after` line per changed leaf (`(none)` for an absent side). */
export function fieldDiff(before: unknown, after: unknown, path = ''): string[] {
  if (jsonEqual(before, after)) return [];
  const bothObjects = (isObject(before) || before === undefined) && (isObject(after) || after === undefined);
  if (bothObjects) {
    before ??= {};
    after ??= {};
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => fieldDiff(before[key], after[key], join(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const named = byName(before) && byName(after);
    if (named) {
      const left = new Map(before.map((item) => [(item as JsonObject).name as string, item]));
      const right = new Map(after.map((item) => [(item as JsonObject).name as string, item]));
      const names = [...new Set([...left.keys(), ...right.keys()])];
      return names.flatMap((name) => fieldDiff(left.get(name), right.get(name), `${path}[${name}]`));
    }
  }
  return [`${path || '(root)'}: ${show(before)} → ${show(after)}`];
}

function byName(items: Json[]): boolean {
  return items.every((item) => isObject(item) && typeof item.name === 'string');
}

function join(path: string, key: string): string {
  const part = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `"${key}"`;
  return path ? `${path}.${part}` : part;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
