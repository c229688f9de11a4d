/**
 * Reading and picking fields of plain Kubernetes objects by path (`['spec', 'replicas']`).
 * `pick` keeps only the named paths, always with their parent objects, so a merge patch
 * computed between two picks never nulls a whole parent such as `metadata`.
 */
import { isObject, type Json, type JsonObject } from './json-diff.js';

export type FieldPath = readonly string[];

export function get(object: unknown, path: FieldPath): Json | undefined {
  let value: unknown = object;
  for (const key of path) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value as Json | undefined;
}

export function getString(object: unknown, path: FieldPath): string | undefined {
  const value = get(object, path);
  return typeof value === 'string' ? value : undefined;
}

export function getObject(object: unknown, path: FieldPath): JsonObject {
  const value = get(object, path);
  return isObject(value) ? value : {};
}

/** A copy of `object` holding only `paths` (absent leaves stay absent, parents exist). */
export function pick(object: unknown, paths: readonly FieldPath[]): JsonObject {
  const out: JsonObject = {};
  for (const path of paths) {
    let target = out;
    for (const key of path.slice(0, -1)) {
      if (!isObject(target[key])) target[key] = {};
      target = target[key] as JsonObject;
    }
    const value = get(object, path);
    if (value !== undefined) target[path[path.length - 1]] = structuredClone(value);
  }
  return out;
}

/** `object` with `value` set at `path` (a copy; parents created as needed). */
export function withField(object: JsonObject, path: FieldPath, value: Json): JsonObject {
  const out = structuredClone(object);
  let target = out;
  for (const key of path.slice(0, -1)) {
    if (!isObject(target[key])) target[key] = {};
    target = target[key] as JsonObject;
  }
  target[path[path.length - 1]] = value;
  return out;
}

/** `k1=v1,k2=v2` from a `matchLabels` map. */
export function labelSelector(labels: JsonObject): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(',');
}
