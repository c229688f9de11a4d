import { describe, expect, it } from 'vitest';
import { quoteCsvField, splitCsvLine } from './csv-fields.js';

describe('splitCsvLine', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    [' a , b ,c ', ['a', 'b', 'c']],
    ['a,,', ['a', '', '']],
    ['"a,b",c', ['a,b', 'c']],
    ['"say ""hi""", x', ['say "hi"', 'x']],
    ['x, " padded " ,y', ['x', ' padded ', 'y']],
    ['"",b', ['', 'b']],
    ['a"b,c', ['a"b', 'c']],
  ])('%j', (line, cells) => {
    expect(splitCsvLine(line)).toEqual(cells);
  });

  it.each(['"open,b', 'a,"b"c', '"a" "b",c'])('rejects %j', (line) => {
    expect(splitCsvLine(line)).toBeUndefined();
  });
});

describe('quoteCsvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    [' edge', '" edge"'],
  ])('%j -> %s', (value, quoted) => {
    expect(quoteCsvField(value)).toBe(quoted);
    expect(splitCsvLine(`${quoted},next`)).toEqual([value, 'next']);
  });
});
