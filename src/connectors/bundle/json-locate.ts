/**
 * Finds places inside JSON text, for error messages only: the offset of a syntax error
 * (V8's messages do not always carry a position) and the offset of the value at a path
 * (so "alert.severity is wrong" can name its line). Never on a hot path.
 */

/** A path into a JSON document: object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

class JsonSyntaxError extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at offset ${offset}`);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r'))
    i++;
  return i;
}

/** Index just past the string starting at `at` (which must be a quote). */
function skipString(text: string, at: number): number {
  if (text[at] !== '"') throw new JsonSyntaxError(at);
  let i = at + 1;
  let escaped = false;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      if (escaped) decodeString(text, at, i + 1);
      return i + 1;
    }
    if (c < 0x20) throw new JsonSyntaxError(i);
    if (c === 0x5c) escaped = true;
    i += c === 0x5c ? 2 : 1;
  }
  throw new JsonSyntaxError(text.length);
}

/** The value of the JSON string text[start, end); a bad escape is a syntax error at `start`. */
function decodeString(text: string, start: number, end: number): string {
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    throw new JsonSyntaxError(start);
  }
}

function expect(text: string, at: number, char: string): number {
  if (text[at] !== char) throw new JsonSyntaxError(at);
  return at + 1;
}

/**
 * Walks the members of the object or array starting at `at`, calling `visit` with each key
 * (or index) and the offset of its value; `visit` returns the offset just past the value, or
 * undefined to stop the walk. Returns the offset just past the container (undefined if stopped).
 */
function walkContainer(
  text: string,
  at: number,
  visit: (key: string | number, valueAt: number) => number | undefined,
): number | undefined {
  const isObject = text[at] === '{';
  const close = isObject ? '}' : ']';
  let i = skipSpace(text, at + 1);
  if (text[i] === close) return i + 1;
  for (let index = 0; ; index++) {
    let key: string | number = index;
    if (isObject) {
      const end = skipString(text, i);
      key = decodeString(text, i, end);
      i = expect(text, skipSpace(text, end), ':');
    }
    const valueEnd = visit(key, skipSpace(text, i));
    if (valueEnd === undefined) return undefined;
    i = skipSpace(text, valueEnd);
    if (text[i] === close) return i + 1;
    i = skipSpace(text, expect(text, i, ','));
  }
}

/** Index just past the JSON value starting at `at`. */
function skipValue(text: string, at: number): number {
  const c = text[at];
  if (c === '{' || c === '[')
    return walkContainer(text, at, (_key, valueAt) => skipValue(text, valueAt)) as number;
  if (c === '"') return skipString(text, at);
  for (const literal of LITERALS) if (text.startsWith(literal, at)) return at + literal.length;
  NUMBER.lastIndex = at;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  throw new JsonSyntaxError(at);
}

/** Offset of the first syntax error in `text`, or undefined when it is valid JSON. */
export function jsonSyntaxErrorOffset(text: string): number | undefined {
  try {
    const end = skipSpace(text, skipValue(text, skipSpace(text, 0)));
    return end < text.length ? end : undefined;
  } catch (error) {
    // Anything else (a stack overflow on absurd nesting) just means "position unknown".
    return error instanceof JsonSyntaxError ? error.offset : undefined;
  }
}

/**
 * Offset of the value at `path`; when part of the path is missing, the offset of the deepest
 * container that exists (where the missing field belongs). Undefined for invalid JSON.
 */
export function jsonPathOffset(text: string, path: JsonPath): number | undefined {
  try {
    return locate(text, skipSpace(text, 0), path, 0);
  } catch {
    return undefined;
  }
}

function locate(text: string, at: number, path: JsonPath, depth: number): number {
  if (depth === path.length) return at;
  const c = text[at];
  if (c !== '{' && c !== '[') return at;
  let found: number | undefined;
  walkContainer(text, at, (key, valueAt) => {
    if (key !== path[depth]) return skipValue(text, valueAt);
    found = locate(text, valueAt, path, depth + 1);
    return undefined;
  });
  return found ?? at;
}
