/**
 * The small part of RFC 4180 that metrics.csv needs: comma-separated fields, optionally
 * double-quoted so a name may hold a comma, a quote (`""` inside quotes) or edge spaces.
 * Unquoted fields are trimmed, so `1772368200, checkout, cpu, 0.4` reads as intended.
 * Fields never span lines.
 */

/** Splits one CSV line into fields, or returns undefined for a malformed quoted field. */
export function splitCsvLine(line: string): string[] | undefined {
  if (!line.includes('"')) {
    const cells = line.split(',');
    for (let i = 0; i < cells.length; i++) cells[i] = cells[i].trim();
    return cells;
  }
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    const quoted = line[i] === '"' ? readQuoted(line, i + 1) : undefined;
    if (quoted) i = quoted.end;
    else if (line[i] === '"') return undefined;
    const comma = line.indexOf(',', i);
    const rest = line.slice(i, comma === -1 ? undefined : comma);
    if (!quoted) cells.push(rest.trim());
    else if (rest.trim() === '') cells.push(quoted.value);
    else return undefined;
    if (comma === -1) return cells;
    i = comma + 1;
  }
}

/** Reads a quoted field whose text starts at `from`; `end` is just past the closing quote. */
function readQuoted(line: string, from: number): { value: string; end: number } | undefined {
  let value = '';
  let i = from;
  for (;;) {
    const close = line.indexOf('"', i);
    if (close === -1) return undefined;
    value += line.slice(i, close);
    if (line[close + 1] !== '"') return { value, end: close + 1 };
    value += '"';
    i = close + 2;
  }
}

/** A field as written to CSV: quoted only when it holds a comma, a quote or edge spaces. */
export function quoteCsvField(value: string): string {
  const needsQuotes = value.includes(',') || value.includes('"') || value.trim() !== value;
  return needsQuotes ? `"${value.replaceAll('"', '""')}"` : value;
}
