import { BundleError } from './bundle-error.js';
import { jsonPathOffset, jsonSyntaxErrorOffset } from './json-locate.js';
import { FieldReader } from './record-fields.js';
import { forEachLine, lineOfOffset, stripBom } from './text-lines.js';

/** A parsed JSON file plus a FieldReader that names the line of any field it rejects. */
export interface JsonDocument {
  value: unknown;
  fields: FieldReader;
}

/** Parses a whole-file JSON document (manifest.json, topology.json, a truth file). */
export function parseJsonDocument(file: string, text: string): JsonDocument {
  const body = stripBom(text);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const offset = jsonSyntaxErrorOffset(body) ?? 0;
    throw new BundleError(file, `invalid JSON: ${(error as Error).message}`, {
      line: lineOfOffset(body, offset),
    });
  }
  const fields = new FieldReader(file, (path) => lineOfOffset(body, jsonPathOffset(body, path) ?? 0));
  return { value, fields };
}

/**
 * Parses a JSON Lines file, calling `visit` with each record (an object) and a FieldReader
 * whose errors name that record's line. Blank lines are skipped.
 */
export function forEachJsonLine(
  file: string,
  text: string,
  visit: (record: Record<string, unknown>, fields: FieldReader) => void,
): void {
  let current = 0;
  const fields = new FieldReader(file, () => current);
  forEachLine(text, (line, lineNumber) => {
    current = lineNumber;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new BundleError(file, `invalid JSON: ${(error as Error).message}`, { line: lineNumber });
    }
    visit(fields.object(value, []), fields);
  });
}
