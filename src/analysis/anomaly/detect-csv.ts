/**
 * The `afr detect` contract: a `timestamp,value` CSV in, the same rows with an online anomaly
 * score out. The score of each row depends only on that row and the rows before it.
 */
import { parseTimestamp } from '../../core/index.js';
import { createStreamingDetector } from './streaming-detector.js';

/** A malformed CSV header or row; `line` is 1-based. */
export class CsvInputError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'CsvInputError';
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads CSV with header `timestamp,value` (Unix seconds or ISO-8601 with zone); returns CSV
 * `timestamp,value,anomaly_score`, one row per input row in order, timestamps and values
 * echoed as given. Blank lines are skipped; CRLF and a trailing newline are fine. Throws
 * CsvInputError (with the line) for a malformed header or row, and UnknownDetectorError for
 * an unknown detector name.
 *
 * @example
 * detectCsv('timestamp,value\n1700000000,1.5\n', { detector: 'default', sensitivity: 0.5 });
 * // 'timestamp,value,anomaly_score\n1700000000,1.5,0\n'
 */
export function detectCsv(input: string, options: { detector?: string; sensitivity?: number } = {}): string {
  const detector = createStreamingDetector(options.detector ?? 'default', {
    sensitivity: options.sensitivity,
  });
  const lines = String(input ?? '')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const header = lines[0].split(',').map(unquote);
  if (header.length !== 2 || header[0].toLowerCase() !== 'timestamp' || header[1].toLowerCase() !== 'value') {
    const found = lines[0].trim() === '' ? 'an empty line' : `"${lines[0].trim()}"`;
    throw new CsvInputError(1, `expected the header "timestamp,value", found ${found}`);
  }
  const out: string[] = ['timestamp,value,anomaly_score'];
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === '') continue;
    const lineNumber = index + 1;
    const fields = line.split(',');
    if (fields.length !== 2) {
      throw new CsvInputError(lineNumber, `expected 2 fields (timestamp,value), found ${fields.length}`);
    }
    const timestampText = unquote(fields[0]);
    const valueText = unquote(fields[1]);
    const timestamp = parseTimestamp(timestampText);
    if (timestamp === undefined) {
      throw new CsvInputError(
        lineNumber,
        `timestamp "${timestampText}" is neither Unix seconds nor an ISO-8601 time with a zone`,
      );
    }
    if (!NUMBER.test(valueText))
      throw new CsvInputError(lineNumber, `value "${valueText}" is not a finite number`);
    const score = detector.update(timestamp, Number(valueText));
    out.push(`${timestampText},${valueText},${formatScore(score)}`);
  }
  return `${out.join('\n')}\n`;
}

function unquote(field: string): string {
  const trimmed = field.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1).trim()
    : trimmed;
}

function formatScore(score: number): string {
  return String(Math.round(score * 1e6) / 1e6);
}
