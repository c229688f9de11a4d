import { MAX_TOKEN_CHARS, maskFreeTextQuotes, maskToken, WILDCARD } from './mask-variables.js';

// The separators of the loop below (code units 0-32) as a pattern, to skip blobs quickly.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters separate tokens, by design.
const SEPARATOR = /[\u0000-\u0020]/g;

/** Only this many tokens of a line are templated; the rest of a huge line is ignored. */
export const DEFAULT_MAX_TOKENS = 128;

/** The first line of a message, without its line terminator (LF, CRLF or CR). */
export function firstLine(message: string): string {
  let end = message.length;
  const lf = message.indexOf('\n');
  if (lf >= 0) end = lf;
  const cr = message.indexOf('\r');
  if (cr >= 0 && cr < end) end = cr;
  return end === message.length ? message : message.slice(0, end);
}

/**
 * Splits the first line of a message into masked tokens. Whitespace and control characters
 * (binary junk included) separate tokens; at most `maxTokens` tokens are returned, and the
 * scan stops there, so a 1 MB line costs little more than its first tokens.
 */
export function tokenizeMessage(message: string, maxTokens = DEFAULT_MAX_TOKENS): string[] {
  const line = maskFreeTextQuotes(firstLine(typeof message === 'string' ? message : String(message ?? '')));
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= line.length; i++) {
    const separator = i === line.length || line.charCodeAt(i) <= 32;
    if (!separator) {
      if (start < 0) start = i;
      else if (i - start > MAX_TOKEN_CHARS) {
        // A blob: it becomes one wildcard whatever its length, so jump to its end.
        SEPARATOR.lastIndex = i;
        i = SEPARATOR.test(line) ? SEPARATOR.lastIndex - 2 : line.length - 1;
      }
      continue;
    }
    if (start < 0) continue;
    tokens.push(i - start > MAX_TOKEN_CHARS ? WILDCARD : maskToken(line.slice(start, i)));
    start = -1;
    if (tokens.length >= maxTokens) break;
  }
  return tokens;
}
