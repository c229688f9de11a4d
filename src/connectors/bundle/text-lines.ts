const BOM = 0xfeff;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;

/** The text without a leading UTF-8 byte-order mark (editors on Windows like to add one). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === BOM ? text.slice(1) : text;
}

/**
 * Calls `visit` with the bounds [start, end) of every non-blank line of `body` (a text
 * without BOM) and its 1-based line number, without copying the line. Handles CRLF line
 * ends and a last line without a newline. Scanning the whole text with `indexOf` is several
 * times faster than a readline stream, and a bundle has to fit in memory anyway because it
 * is loaded into a TelemetryStore.
 */
export function forEachLineSpan(
  body: string,
  visit: (start: number, end: number, lineNumber: number) => void,
): void {
  let start = 0;
  let lineNumber = 0;
  while (start < body.length) {
    let next = body.indexOf('\n', start);
    if (next === -1) next = body.length;
    lineNumber++;
    const end = next > start && body.charCodeAt(next - 1) === CARRIAGE_RETURN ? next - 1 : next;
    if (!isBlank(body, start, end)) visit(start, end, lineNumber);
    start = next + 1;
  }
}

/** Like forEachLineSpan, with the line's text (BOM stripped first). */
export function forEachLine(text: string, visit: (line: string, lineNumber: number) => void): void {
  const body = stripBom(text);
  forEachLineSpan(body, (start, end, lineNumber) => visit(body.slice(start, end), lineNumber));
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) > SPACE) return false;
  return true;
}

/** The 1-based line of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  const stop = Math.min(offset, text.length);
  for (let i = 0; i < stop; i++) if (text.charCodeAt(i) === NEWLINE) line++;
  return line;
}
