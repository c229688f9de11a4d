/**
 * Reads metrics.csv: long format, one sample per row, with a header naming at least the
 * columns `timestamp`, `service`, `metric` and `value` in any order (other columns are
 * ignored; names are matched case-insensitively).
 *
 * Values: decimal numbers, plus the non-finite words Prometheus writes (`NaN`, `+Inf`,
 * `-Inf`, also `Inf`/`Infinity`, any case). They load as NaN/±Infinity so an export is
 * never rejected for them; analysis is expected to drop non-finite samples.
 *
 * This is the largest file of a bundle (150k rows for 40 services over an hour), so rows
 * without quotes are cut by offsets in the file text, and the timestamp and service of the
 * previous row are reused when they repeat, instead of copying every cell.
 */
import { parseTimestamp } from '../../core/index.js';
import type { TelemetryStore } from '../memory/index.js';
import { BundleError } from './bundle-error.js';
import { BUNDLE_FILES } from './bundle-types.js';
import { splitCsvLine } from './csv-fields.js';
import { METRICS_CSV_COLUMNS, type MetricsCsvColumn } from './metrics-csv-columns.js';
import { describeValue } from './record-fields.js';
import { forEachLineSpan, stripBom } from './text-lines.js';

const FILE = BUNDLE_FILES.metrics;
const SPACE = 32;

const NON_FINITE: Readonly<Record<string, number>> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  '+inf': Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  '+infinity': Number.POSITIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
};

type ColumnIndex = Record<MetricsCsvColumn, number>;

/**
 * Loads every row of metrics.csv into the store; throws a BundleError on the first bad row.
 * Cells reach `addRow` trimmed (quoted names keep their spaces, quoted values do not).
 */
export function readMetricsCsv(text: string, store: TelemetryStore): void {
  const body = stripBom(text);
  let columns: ColumnIndex | undefined;
  let width = 0;
  let nextQuote = body.indexOf('"');
  const bounds: number[] = [];
  // undefined until the first row, so an empty first timestamp is not mistaken for a repeat.
  let lastTimeText: string | undefined;
  let lastTime = 0;
  let lastService = '';

  const addRow = (timeText: string, service: string, metric: string, valueText: string, line: number) => {
    if (timeText !== lastTimeText) {
      const seconds = parseTimestamp(timeText);
      if (seconds === undefined) {
        fail(
          line,
          'timestamp',
          `expected Unix seconds or ISO-8601 with a zone, found ${describeValue(timeText)}`,
        );
      }
      lastTimeText = timeText;
      lastTime = seconds;
    }
    if (service === '') fail(line, 'service', 'empty');
    if (metric === '') fail(line, 'metric', 'empty');
    lastService = service;
    store.addSample(service, metric, lastTime, parseValue(valueText, line));
  };

  /** The trimmed text of cell `i`, reusing `previous` when the cell holds the same text. */
  const cell = (i: number, previous: string): string => {
    let start = bounds[2 * i];
    let end = bounds[2 * i + 1];
    while (start < end && body.charCodeAt(start) <= SPACE) start++;
    while (end > start && body.charCodeAt(end - 1) <= SPACE) end--;
    if (end - start === previous.length && previous !== '' && body.startsWith(previous, start))
      return previous;
    return body.slice(start, end);
  };

  forEachLineSpan(body, (start, end, line) => {
    if (nextQuote !== -1 && nextQuote < start) nextQuote = body.indexOf('"', start);
    const quoted = nextQuote !== -1 && nextQuote < end;
    if (!columns || quoted) {
      const cells = splitCsvLine(body.slice(start, end));
      if (!cells)
        fail(line, undefined, 'malformed quoted field (an open quote, or text after the closing quote)');
      if (!columns) {
        columns = readHeader(cells, line);
        width = cells.length;
        return;
      }
      checkWidth(cells.length, width, line);
      const { timestamp, service, metric, value } = columns;
      addRow(cells[timestamp], cells[service], cells[metric], cells[value].trim(), line);
      return;
    }
    checkWidth(splitBounds(body, start, end, width, bounds), width, line);
    addRow(
      cell(columns.timestamp, lastTimeText ?? ''),
      cell(columns.service, lastService),
      cell(columns.metric, ''),
      cell(columns.value, ''),
      line,
    );
  });
  if (!columns) fail(1, 'header', 'missing header (the file is empty)');
}

/**
 * Writes the [start, end) offsets of the first `width` comma-separated cells of the line
 * into `bounds`; returns how many cells the line has.
 */
function splitBounds(body: string, start: number, end: number, width: number, bounds: number[]): number {
  let count = 0;
  let cellStart = start;
  for (;;) {
    const comma = body.indexOf(',', cellStart);
    const cellEnd = comma === -1 || comma > end ? end : comma;
    if (count < width) {
      bounds[2 * count] = cellStart;
      bounds[2 * count + 1] = cellEnd;
    }
    count++;
    if (cellEnd === end) return count;
    cellStart = cellEnd + 1;
  }
}

function checkWidth(found: number, width: number, line: number): void {
  if (found !== width) fail(line, 'row', `expected ${width} columns as in the header, found ${found}`);
}

function readHeader(cells: string[], line: number): ColumnIndex {
  const names = cells.map((cell) => cell.trim().toLowerCase());
  const found: Partial<ColumnIndex> = {};
  for (const column of METRICS_CSV_COLUMNS) {
    const index = names.indexOf(column);
    if (index === -1) {
      fail(
        line,
        'header',
        `missing column "${column}" (expected ${METRICS_CSV_COLUMNS.join(',')} in any order, found ${names.join(',')})`,
      );
    }
    if (names.indexOf(column, index + 1) !== -1) fail(line, 'header', `column "${column}" appears twice`);
    found[column] = index;
  }
  return found as ColumnIndex;
}

function parseValue(text: string, line: number): number {
  const value = Number(text);
  if (Number.isFinite(value) && !(value === 0 && text === '') && !isRadixLiteral(text)) return value;
  const word = text.toLowerCase();
  if (Object.hasOwn(NON_FINITE, word)) return NON_FINITE[word];
  return fail(line, 'value', word === '' ? 'empty' : `not a number: ${describeValue(text)}`);
}

/** `Number` also reads `0x1f`, `0b1` and `0o7`; a metrics export never means those. */
function isRadixLiteral(text: string): boolean {
  if (text.charCodeAt(0) !== 48 || text.length < 3) return false;
  const second = text.charCodeAt(1) | 0x20;
  return second === 0x78 || second === 0x62 || second === 0x6f;
}

function fail(line: number, field: string | undefined, problem: string): never {
  throw new BundleError(FILE, problem, { line, field });
}
