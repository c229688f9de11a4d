import { describe, expect, it } from 'vitest';
import { type CsvInputError, detectCsv } from './detect-csv.js';
import { createStreamingDetector } from './streaming-detector.js';
import { blip, synthesize } from './testing/synthetic-series.js';

const rowsOf = (csv: string) => csv.trimEnd().split('\n');

describe('detectCsv', () => {
  const points = synthesize({ seed: 1, length: 300, noise: 1, shape: blip(250, 30) });
  const csv = `timestamp,value\n${points.map(([t, v]) => `${t},${v}`).join('\n')}\n`;

  it('echoes every row in order with a score, and flags the anomaly', () => {
    const rows = rowsOf(detectCsv(csv));
    expect(rows[0]).toBe('timestamp,value,anomaly_score');
    expect(rows).toHaveLength(301);
    const scores = rows.slice(1).map((row) => Number(row.split(',')[2]));
    expect(rows[1].startsWith(`${points[0][0]},${points[0][1]},`)).toBe(true);
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(scores[250]).toBeGreaterThan(0.9);
    expect(Math.max(...scores.slice(0, 250))).toBeLessThan(0.5);
  });

  it('matches the streaming detector it names, row for row', () => {
    const detector = createStreamingDetector('cusum', { sensitivity: 0.7 });
    const expected = points.map(([t, v]) => Math.round(detector.update(t, v) * 1e6) / 1e6);
    const scores = rowsOf(detectCsv(csv, { detector: 'cusum', sensitivity: 0.7 }))
      .slice(1)
      .map((row) => Number(row.split(',')[2]));
    expect(scores).toEqual(expected);
  });

  it('is online: appending rows leaves earlier scores unchanged', () => {
    const lines = csv.trimEnd().split('\n');
    const short = rowsOf(detectCsv(lines.slice(0, 200).join('\n')));
    expect(short).toEqual(rowsOf(detectCsv(csv)).slice(0, 200));
  });

  it('accepts ISO-8601 with zones, CRLF, quotes and no trailing newline, echoing timestamps as given', () => {
    const input =
      'timestamp,value\r\n2026-03-01T12:00:00Z,1\r\n"2026-03-01T12:00:15+00:00",2.5\r\n1772366430,-3e-2';
    expect(detectCsv(input)).toBe(
      'timestamp,value,anomaly_score\n2026-03-01T12:00:00Z,1,0\n2026-03-01T12:00:15+00:00,2.5,0\n1772366430,-3e-2,0\n',
    );
  });

  it('names the line of a malformed header or row', () => {
    const errorOf = (input: string) => {
      try {
        detectCsv(input);
      } catch (error) {
        return error as CsvInputError;
      }
      throw new Error('expected a CsvInputError');
    };
    expect(errorOf('time,value\n1,2\n')).toMatchObject({ name: 'CsvInputError', line: 1 });
    expect(errorOf('').line).toBe(1);
    expect(errorOf('timestamp,value\n1,2\n2,abc\n').message).toBe(
      'line 3: value "abc" is not a finite number',
    );
    expect(errorOf('timestamp,value\n1,2\r\n\r\nyesterday,3\n')).toMatchObject({ line: 4 });
    expect(errorOf('timestamp,value\n2026-03-01T12:00:00,3\n').message).toMatch(/line 2: timestamp .* zone/);
    expect(errorOf('timestamp,value\n1,2,3\n').message).toBe(
      'line 2: expected 2 fields (timestamp,value), found 3',
    );
    expect(errorOf('timestamp,value\n1,\n').line).toBe(2);
    expect(errorOf('timestamp,value\n1,NaN\n').line).toBe(2);
  });

  it('returns just the header for a header-only input and rejects unknown detectors', () => {
    expect(detectCsv('timestamp,value\n')).toBe('timestamp,value,anomaly_score\n');
    expect(() => detectCsv(csv, { detector: 'magic' })).toThrow(/unknown anomaly detector "magic"/);
  });
});
