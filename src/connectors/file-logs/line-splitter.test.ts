import { describe, expect, it } from 'vitest';
import { jsonTimestamp } from './line-parser.js';
import { LineSplitter } from './line-splitter.js';

function split(chunks: Buffer[], max = 1024): { lines: string[]; cut: number } {
  const splitter = new LineSplitter(max);
  const lines: string[] = [];
  for (const chunk of chunks) splitter.push(chunk, (l) => lines.push(l));
  splitter.flush((l) => lines.push(l));
  return { lines, cut: splitter.cutLines };
}

describe('LineSplitter', () => {
  it('joins lines across chunks, including a CRLF and a multi-byte character split in two', () => {
    const euro = Buffer.from('€'); // 3 bytes
    const { lines } = split([
      Buffer.from('ab\r'),
      Buffer.from('\ncd'),
      euro.subarray(0, 1),
      euro.subarray(1),
      Buffer.from('\nlast'),
    ]);
    expect(lines).toEqual(['ab', 'cd€', 'last']);
  });

  it('drops a BOM only at the start and cuts over-long lines', () => {
    const { lines, cut } = split(
      [Buffer.from('\uFEFFhello\n\uFEFFx\n'), Buffer.from(`${'z'.repeat(20)}\nok\n`)],
      8,
    );
    expect(lines).toEqual(['hello', '\uFEFFx', 'zzzzzzzz', 'ok']);
    expect(cut).toBe(1);
  });
});

describe('jsonTimestamp', () => {
  it('tells seconds, milliseconds, microseconds and nanoseconds apart', () => {
    expect(jsonTimestamp(1_714_564_800, 'auto')).toBe(1_714_564_800);
    expect(jsonTimestamp(1_714_564_800_500, 'auto')).toBe(1_714_564_800.5);
    expect(jsonTimestamp(1_714_564_800_500_000, 'auto')).toBe(1_714_564_800.5);
    expect(jsonTimestamp('1714564800500000000', 'auto')).toBe(1_714_564_800.5);
    expect(jsonTimestamp(1500, 'ms')).toBe(1.5);
    expect(jsonTimestamp('2024-05-01T12:00:00Z', 'auto')).toBe(1_714_564_800);
    expect(jsonTimestamp(true, 'auto')).toBeUndefined();
  });
});
