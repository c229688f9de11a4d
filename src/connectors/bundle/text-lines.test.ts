import { describe, expect, it } from 'vitest';
import { forEachLine, lineOfOffset, stripBom } from './text-lines.js';

function collect(text: string): [string, number][] {
  const out: [string, number][] = [];
  forEachLine(text, (line, n) => out.push([line, n]));
  return out;
}

describe('forEachLine', () => {
  it('yields lines without line ends, counting blank lines it skips', () => {
    expect(collect('\uFEFFa\r\n\r\n  \nb\n\tc \r\nd')).toEqual([
      ['a', 1],
      ['b', 4],
      ['\tc ', 5],
      ['d', 6],
    ]);
  });

  it('keeps a lone carriage return inside a line and yields nothing for empty text', () => {
    expect(collect('a\rb\n')).toEqual([['a\rb', 1]]);
    expect(collect('')).toEqual([]);
    expect(collect('\uFEFF')).toEqual([]);
  });
});

describe('stripBom / lineOfOffset', () => {
  it('strips only a leading BOM', () => {
    expect(stripBom('\uFEFFx\uFEFF')).toBe('x\uFEFF');
  });

  it('counts lines up to an offset', () => {
    expect([0, 1, 2, 3, 99].map((offset) => lineOfOffset('a\nb\n', offset))).toEqual([1, 1, 2, 2, 3]);
  });
});
