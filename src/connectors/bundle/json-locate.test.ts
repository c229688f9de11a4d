import { describe, expect, it } from 'vitest';
import { jsonPathOffset, jsonSyntaxErrorOffset } from './json-locate.js';

describe('jsonSyntaxErrorOffset', () => {
  it.each([
    ['{"a": 1}', undefined],
    [' [1, -2.5e3, "x\\"y", true, null, {}] ', undefined],
    ['{"a": tru}', 6],
    ['{"a": 1,}', 8],
    ['[1 2]', 3],
    ['{"a": "b', 8], // an unterminated string fails where the text ends
    ['{"a": 1} x', 9],
    ['', 0],
    ['{"a": 01}', 7],
    ['{"ok": 1,\n "b\\q": 2}', 11],
    ['["\\u12"]', 1],
  ])('%j -> %s', (text, offset) => {
    expect(jsonSyntaxErrorOffset(text)).toBe(offset);
  });
});

describe('jsonPathOffset', () => {
  const text = '{"a": {"b": [10, {"c": 3}]}, "d": "x"}';

  it('finds nested values through keys and indexes', () => {
    expect(jsonPathOffset(text, [])).toBe(0);
    expect(jsonPathOffset(text, ['d'])).toBe(text.indexOf('"x"'));
    expect(jsonPathOffset(text, ['a', 'b', 1, 'c'])).toBe(text.indexOf('3'));
    expect(jsonPathOffset(text, ['a', 'b', 0])).toBe(text.indexOf('10'));
  });

  it('falls back to the deepest existing container for a missing field', () => {
    expect(jsonPathOffset(text, ['a', 'b', 1, 'zzz'])).toBe(text.indexOf('{"c"'));
    expect(jsonPathOffset(text, ['a', 'b', 5])).toBe(text.indexOf('[10'));
    expect(jsonPathOffset(text, ['d', 'deeper'])).toBe(text.indexOf('"x"'));
  });

  it('does not match a key inside a string or a sibling object', () => {
    const tricky = '{"s": "\\"c\\": 1", "o": {"c": 1}, "c": 2}';
    expect(jsonPathOffset(tricky, ['c'])).toBe(tricky.lastIndexOf('2'));
  });

  it('gives no position, instead of throwing, for nesting too deep to walk', () => {
    const deep = `${'['.repeat(200_000)}1${']'.repeat(199_999)}`;
    expect(jsonSyntaxErrorOffset(deep)).toBeUndefined();
    expect(jsonPathOffset(deep, [0, 0])).toBe(2);
    expect(jsonPathOffset(deep, [1])).toBeUndefined();
  });

  it('gives up on invalid JSON', () => {
    expect(jsonPathOffset('{"a": [1,,2], "b": 1}', ['b'])).toBeUndefined();
  });
});
