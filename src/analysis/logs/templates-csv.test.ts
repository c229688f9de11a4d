import { describe, expect, it } from 'vitest';
import { csvField, templatesCsv } from './templates-csv.js';

function rows(csv: string): string[] {
  return csv.trimEnd().split('\n');
}

describe('templatesCsv', () => {
  it('reports each line with its final template (two passes)', () => {
    const csv = templatesCsv('disk sda1 at 91% full\ndisk sdb1 at 97% full\n\nservice started\n');
    const [header, first, second, third] = rows(csv);
    expect(header).toBe('line,template_id,template');
    const id = first.split(',')[1];
    expect(first).toBe(`1,${id},disk <*> at <*>% full`);
    expect(second).toBe(`2,${id},disk <*> at <*>% full`);
    expect(third).toMatch(/^4,[0-9a-f]{8},service started$/);
    expect(rows(csv)).toHaveLength(4);
  });

  it('quotes fields per RFC 4180', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
    const csv = templatesCsv('Times: total = 1, boot = 2\nTimes: total = 3, boot = 4');
    expect(rows(csv)[1]).toMatch(/^1,[0-9a-f]{8},"Times: total = <\*>, boot = <\*>"$/);
    expect(rows(templatesCsv('user "bob" said "hi"'))[1]).toMatch(/,"user ""bob"" said ""hi"""$/);
  });

  it('reads bundle-style JSON lines and handles CRLF', () => {
    const input =
      '{"timestamp": 1772368260.5, "service": "payment", "level": "error", "message": "timeout after 30000ms"}\r\n' +
      '{"timestamp": 1772368261, "service": "payment", "level": "error", "message": "timeout after 25000ms"}\r\n';
    const lines = rows(templatesCsv(input, { format: 'jsonl' }));
    expect(lines.slice(1).map((l) => l.replace(/,[0-9a-f]{8},/, ',ID,'))).toEqual([
      '1,ID,timeout after <*>',
      '2,ID,timeout after <*>',
    ]);
  });

  it('names the line of malformed JSON', () => {
    const input = '{"message": "ok"}\n{"message": "also ok"}\n{"message": broken}\n';
    expect(() => templatesCsv(input, { format: 'jsonl' })).toThrow(/^line 3: malformed JSON/);
    expect(() => templatesCsv('{"msg": "x"}', { format: 'jsonl' })).toThrow(
      'line 1: field "message" must be a string',
    );
    expect(() => templatesCsv('[1]', { format: 'jsonl' })).toThrow(/line 1: expected a JSON object/);
  });

  it('returns only the header for empty input', () => {
    expect(templatesCsv('')).toBe('line,template_id,template\n');
  });
});
