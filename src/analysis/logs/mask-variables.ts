/**
 * Regex pre-masking of variable parts of a log message. Everything that is data rather than
 * wording (numbers, ids, addresses, paths, times, sizes, data-like quoted values) becomes
 * `<*>`, so that the template miner only has to learn the variables no regex can see.
 *
 * Masking works token by token (tokens are runs of non-whitespace): most tokens are plain
 * words and are skipped by one cheap test, and the one combined, pre-compiled pattern only
 * runs on the few tokens that can hold data. That keeps the cost per line low.
 */

/** The placeholder for a variable, as in the log-parsing literature. */
export const WILDCARD = '<*>';

/** Tokens longer than this are blobs (base64, dumps), never wording. */
export const MAX_TOKEN_CHARS = 256;

/** Quoted spans with at least this many words are free text (user agents, sub-messages). */
const FREE_TEXT_QUOTE_WORDS = 5;

// A token without any of these characters cannot contain a masked variable.
const MAYBE_VARIABLE = /[0-9"'/\\@]/;
const DATA_LIKE_QUOTED = /[0-9/\\@]/;
const ADJACENT_WILDCARDS = /(?:<\*>){2,}/g;

const PATH_CHARS = `[^\\s"'()<>\\[\\]{},;]`;
const PATH_END_CHARS = `[^\\s"'()<>\\[\\]{},;.:]`;

const DATE = /\d{4}[-/]\d{2}[-/]\d{2}(?:[T_]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/
  .source;
const TIME_OF_DAY = /\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?Z?/.source;
const IPV4 = /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?!\.?\d)/.source; // optional port
const DURATION_OR_SIZE =
  /(?<![\w.])\d+(?:\.\d+)?(?:ns|us|µs|ms|mins?|secs?|s|hrs?|h|d|[KMGTP]i?B|kB|[KMGTkmgt]|B|m)(?![A-Za-z0-9])/
    .source;
const ID_LIKE_VALUE = /(?<=[=:])(?=[\w.-]*\d)[\w.-]+/.source; // key=value / key:value
const NUMBER = /(?<![A-Za-z0-9.])[-+]?\d+(?:[.,]\d+)*(?![A-Za-z0-9]|[.,]\d)/.source;

// Alternatives are tried in this order at each position, so the specific shapes (URLs,
// addresses, timestamps) win over the generic number rule that would cut them into pieces.
const MASK_SOURCES = [
  /(?<!\w)"([^"\s]*)"(?!\w)/.source, // 1: double-quoted single token
  /(?<!\w)'([^'\s]*)'(?!\w)/.source, // 2: single-quoted single token
  /\b([A-Za-z][A-Za-z0-9+.-]{0,15}):\/\/[^\s"'<>]+/.source, // 3: URL, scheme kept
  /[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/.source, // email
  /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/.source, // UUID
  DATE,
  TIME_OF_DAY,
  /(?<![\w:])(?=[0-9a-fA-F:]*\d)(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])/.source, // IPv6, MAC
  IPV4,
  `(?<![\\w./~])(?:~|\\.{1,2})?\\/(?=[A-Za-z_.~$%@-])(?:${PATH_CHARS}*${PATH_END_CHARS})?`, // Unix path
  /(?<!\w)[A-Za-z]:\\[^\s"'<>]*/.source, // Windows path
  /(?<!\w)0[xX][0-9a-fA-F]+(?!\w)/.source, // 0x hex
  /(?<=@)[0-9a-fA-F]{4,}(?!\w)/.source, // Java identity hash: Foo@1b2c3d
  /(?<![A-Za-z0-9])(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}(?![A-Za-z0-9])/.source, // hex id
  DURATION_OR_SIZE,
  ID_LIKE_VALUE,
  NUMBER,
];
const MASK_PATTERN = new RegExp(MASK_SOURCES.join('|'), 'g');

// Most data tokens are numbers, addresses, sizes or times. When a token holds none of the
// characters the other shapes need (quotes, @, \\, URL/path slashes, colons of IPv6, 0x,
// long hex runs), this smaller pattern gives the same result several times faster.
const NEEDS_FULL_PATTERN =
  /["'@\\]|:\/\/|\/[A-Za-z_.~$%@-]|:[0-9a-fA-F]{0,4}:|0[xX]|(?=[0-9a-fA-F]{8})[0-9]*[a-fA-F]/;
const NUMERIC_PATTERN = new RegExp(
  [DATE, TIME_OF_DAY, IPV4, DURATION_OR_SIZE, ID_LIKE_VALUE, NUMBER].join('|'),
  'g',
);

function replaceMatch(
  match: string,
  doubleQuoted: string | undefined,
  singleQuoted: string | undefined,
  scheme: string | undefined,
): string {
  if (doubleQuoted !== undefined) return DATA_LIKE_QUOTED.test(doubleQuoted) ? `"${WILDCARD}"` : match;
  if (singleQuoted !== undefined) return DATA_LIKE_QUOTED.test(singleQuoted) ? `'${WILDCARD}'` : match;
  if (scheme !== undefined) return `${scheme}://${WILDCARD}`;
  return WILDCARD;
}

/** Masks one whitespace-free token; returns it unchanged when it holds no variable. */
export function maskToken(token: string): string {
  if (token.length > MAX_TOKEN_CHARS) return WILDCARD;
  if (!MAYBE_VARIABLE.test(token)) return token;
  const numeric = maskNumericToken(token);
  if (numeric !== null) return numeric;
  const masked = NEEDS_FULL_PATTERN.test(token)
    ? token.replace(MASK_PATTERN, replaceMatch)
    : token.replace(NUMERIC_PATTERN, WILDCARD);
  return masked.includes('><*') ? masked.replace(ADJACENT_WILDCARDS, WILDCARD) : masked;
}

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_DOT = 46;
const CODE_MINUS = 45;
const OPENERS = '([{#=';
const CLOSERS = ',.;:)]}';

/**
 * The common case without the big pattern: a number, version or IPv4 address, possibly
 * wrapped in brackets or followed by punctuation (`[19939]:`, `42,`, `10.0.0.1.`). Gives
 * the same result the pattern would, or null when the token has another shape.
 */
function maskNumericToken(token: string): string | null {
  let start = 0;
  let end = token.length;
  while (start < end && OPENERS.includes(token[start])) start++;
  while (end > start && CLOSERS.includes(token[end - 1])) end--;
  if (start < end && token.charCodeAt(start) === CODE_MINUS) start++;
  if (start >= end) return null;
  let previousWasDot = true;
  for (let i = start; i < end; i++) {
    const code = token.charCodeAt(i);
    const isDot = code === CODE_DOT;
    if (isDot ? previousWasDot : code < CODE_0 || code > CODE_9) return null;
    previousWasDot = isDot;
  }
  if (previousWasDot) return null;
  const head = token.slice(0, start);
  return (head.endsWith('-') ? head.slice(0, -1) : head) + WILDCARD + token.slice(end);
}

/**
 * Replaces double-quoted free text of many words (user agents, embedded error texts) with
 * one `"<*>"`, so that its varying word count does not split one event into many templates.
 * Quotes pair up from left to right.
 */
export function maskFreeTextQuotes(line: string): string {
  let open = line.indexOf('"');
  if (open < 0) return line;
  let out = '';
  let copied = 0;
  while (open >= 0) {
    const close = line.indexOf('"', open + 1);
    if (close < 0) break;
    if (close - open > 8 && countWords(line, open + 1, close) >= FREE_TEXT_QUOTE_WORDS) {
      out += line.slice(copied, open + 1) + WILDCARD;
      copied = close;
    }
    open = line.indexOf('"', close + 1);
  }
  return copied === 0 ? line : out + line.slice(copied);
}

function countWords(text: string, from: number, to: number): number {
  let words = 0;
  let inWord = false;
  for (let i = from; i < to; i++) {
    const blank = text.charCodeAt(i) <= 32;
    if (!blank && !inWord) words++;
    inWord = !blank;
  }
  return words;
}

/**
 * Masks the variables of a message with `<*>`, keeping its whitespace as it was.
 *
 * @example
 * maskVariables('Connection to 10.0.0.7:5432 timed out after 30000ms');
 * // 'Connection to <*> timed out after <*>'
 */
export function maskVariables(message: string): string {
  return maskFreeTextQuotes(message).replace(/[^\s]+/g, maskToken);
}
