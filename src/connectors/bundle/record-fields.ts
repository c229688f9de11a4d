import { parseTimestamp } from '../../core/index.js';
import { BundleError } from './bundle-error.js';
import type { JsonPath } from './json-locate.js';

/** Renders a path as `alert.severity` or `services[2].name`. */
export function formatJsonPath(path: JsonPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

/** Describes a JSON value for an error message: `"verbose"`, `42`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

type JsonObject = Record<string, unknown>;

/**
 * Reads typed fields out of parsed JSON and throws a BundleError naming the file, line and
 * field when one is missing or has the wrong type. `lineOf` maps a field path to its line:
 * the record's own line in a JSONL file, or a located line in a JSON document.
 */
export class FieldReader {
  constructor(
    readonly file: string,
    private readonly lineOf: (path: JsonPath) => number | undefined,
  ) {}

  /** Throws a BundleError about the field at `path`. */
  fail(path: JsonPath, problem: string): never {
    throw new BundleError(this.file, problem, {
      line: this.lineOf(path),
      field: path.length ? formatJsonPath(path) : undefined,
    });
  }

  /** The value at `path` must be a JSON object. */
  object(value: unknown, path: JsonPath): JsonObject {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject;
    return this.fail(
      path,
      value === undefined ? 'missing' : `expected an object, found ${describeValue(value)}`,
    );
  }

  /** A non-empty string field. */
  string(owner: JsonObject, path: JsonPath): string {
    const value = owner[key(path)];
    if (typeof value === 'string' && value !== '') return value;
    return this.fail(
      path,
      value === undefined ? 'missing' : `expected a non-empty string, found ${describeValue(value)}`,
    );
  }

  /** A string field that may be empty (`message`). */
  text(owner: JsonObject, path: JsonPath): string {
    const value = owner[key(path)];
    if (typeof value === 'string') return value;
    return this.fail(
      path,
      value === undefined ? 'missing' : `expected a string, found ${describeValue(value)}`,
    );
  }

  /**
   * An optional identifier or label: absent or null gives undefined, numbers are taken as
   * their decimal text (exporters write `"version": 42`), anything else is an error.
   */
  optionalString(owner: JsonObject, path: JsonPath): string | undefined {
    const value = owner[key(path)];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return this.fail(path, `expected a string, found ${describeValue(value)}`);
  }

  /** A timestamp: Unix seconds (number or numeric string) or ISO-8601 with a zone. */
  timestamp(owner: JsonObject, path: JsonPath): number {
    const value = owner[key(path)];
    const seconds = parseTimestamp(value);
    if (seconds !== undefined) return seconds;
    return this.fail(
      path,
      value === undefined
        ? 'missing'
        : `expected Unix seconds or an ISO-8601 timestamp with a zone, found ${describeValue(value)}`,
    );
  }

  /** A finite, non-negative number. */
  nonNegative(owner: JsonObject, path: JsonPath): number {
    const value = owner[key(path)];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
    return this.fail(
      path,
      value === undefined ? 'missing' : `expected a number >= 0, found ${describeValue(value)}`,
    );
  }

  /**
   * One of a fixed set of words, matched case-insensitively; `aliases` maps other common
   * spellings onto the canonical word.
   */
  oneOf<T extends string>(
    owner: JsonObject,
    path: JsonPath,
    allowed: readonly T[],
    aliases: Readonly<Record<string, T>> = {},
  ): T {
    const value = owner[key(path)];
    if (typeof value === 'string') {
      // Most files already use the canonical lowercase words; skip the copies for them.
      if ((allowed as readonly string[]).includes(value)) return value as T;
      const word = value.trim().toLowerCase();
      if ((allowed as readonly string[]).includes(word)) return word as T;
      if (Object.hasOwn(aliases, word)) return aliases[word];
    }
    return this.fail(
      path,
      value === undefined
        ? `missing (expected one of ${allowed.join(', ')})`
        : `unknown value ${describeValue(value)} (expected one of ${allowed.join(', ')})`,
    );
  }
}

function key(path: JsonPath): string {
  return String(path[path.length - 1]);
}
