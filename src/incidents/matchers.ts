/**
 * Alertmanager-style label matchers (`label=value`, `label!=value`, `label=~regex`,
 * `label!~regex`), used by silences, inhibition rules and alert thresholds. Values may be
 * double-quoted as in Alertmanager (`severity="critical"`); regexes are anchored, so
 * `service=~pay.*` must match the whole value. A missing label reads as the empty string.
 */
export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  label: string;
  op: MatchOperator;
  value: string;
  /** The anchored regex for `=~` and `!~`. */
  regex?: RegExp;
}

const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

export const MATCHER_SYNTAX = 'expected label=value, label!=value, label=~regex or label!~regex';

/** Parses one matcher; `{ error }` says what is wrong with it. */
export function parseMatcher(text: string): Matcher | { error: string } {
  const found = MATCHER.exec(text);
  if (!found) return { error: `invalid matcher "${text}": ${MATCHER_SYNTAX}` };
  const [, label, op, raw] = found;
  const value = unquote(raw);
  if (op === '=' || op === '!=') return { label, op, value };
  try {
    return { label, op: op as MatchOperator, value, regex: new RegExp(`^(?:${value})$`) };
  } catch (error) {
    return { error: `invalid regex in matcher "${text}": ${(error as Error).message}` };
  }
}

/** Parses matchers that were validated already (by the rules schema); throws on a bad one. */
export function compileMatchers(texts: readonly string[]): Matcher[] {
  return texts.map((text) => {
    const matcher = parseMatcher(text);
    if ('error' in matcher) throw new Error(matcher.error);
    return matcher;
  });
}

export function matchesOne(matcher: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[matcher.label] ?? '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return matcher.regex!.test(value);
    case '!~':
      return !matcher.regex!.test(value);
  }
}

/** True when every matcher matches (an empty list matches every alert). */
export function matchesAll(matchers: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((matcher) => matchesOne(matcher, labels));
}

function unquote(raw: string): string {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    return raw.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  return raw;
}
