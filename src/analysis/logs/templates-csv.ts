import { TemplateMiner, type TemplateMinerOptions } from './template-miner.js';

export interface TemplatesCsvOptions {
  /** `text`: one message per line. `jsonl`: bundle-style JSON lines with a `message` field. */
  format?: 'text' | 'jsonl';
  miner?: TemplateMinerOptions;
}

/** Quotes one CSV field per RFC 4180 when it holds a comma, quote, CR or LF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Templates every line of a log: CSV `line,template_id,template` with 1-based line numbers
 * and CRLF-free `\n` row endings. Blank lines are skipped (their numbers are kept).
 *
 * Two passes: the miner first learns every line, then each line is reported with the final
 * template of the cluster it joined, so early lines show the same (generalized) template as
 * later ones. For `jsonl`, a line that is not a JSON object with a string `message` throws
 * an Error naming its line number.
 *
 * @example
 * templatesCsv('disk 1 full\ndisk 2 full\n');
 * // 'line,template_id,template\n1,<id>,disk <*> full\n2,<id>,disk <*> full\n'
 */
export function templatesCsv(input: string, options: TemplatesCsvOptions = {}): string {
  const format = options.format ?? 'text';
  const miner = new TemplateMiner({ ...options.miner, maxTemplates: Number.MAX_SAFE_INTEGER });
  const lines = input.split(/\r?\n/);
  const assigned: Array<{ line: number; id: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '') continue;
    const message = format === 'jsonl' ? messageOfJsonLine(raw, i + 1) : raw;
    assigned.push({ line: i + 1, id: miner.add(message).id });
  }
  let csv = 'line,template_id,template\n';
  for (const { line, id } of assigned) {
    const final = miner.resolve(id);
    if (!final) continue;
    csv += `${line},${csvField(final.id)},${csvField(final.template)}\n`;
  }
  return csv;
}

function messageOfJsonLine(raw: string, lineNumber: number): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`line ${lineNumber}: malformed JSON (${reason})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`line ${lineNumber}: expected a JSON object with a "message" field`);
  }
  const message = (parsed as Record<string, unknown>).message;
  if (typeof message !== 'string') {
    throw new Error(`line ${lineNumber}: field "message" must be a string`);
  }
  return message;
}
