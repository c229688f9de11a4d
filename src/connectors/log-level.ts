/**
 * One place that turns the many spellings of a log level (WARNING, ERR, CRITICAL, syslog
 * and bunyan/pino numbers, OpenTelemetry severity numbers) into the six levels of the
 * domain, finds a level inside a raw line, and lists the raw spellings a level filter has
 * to match upstream. Every log connector uses it.
 */
import { LOG_LEVELS, type LogLevel } from '../core/telemetry.js';

const ALIASES: Readonly<Record<string, LogLevel>> = {
  trace: 'trace',
  trc: 'trace',
  t: 'trace',
  verbose: 'trace',
  v: 'trace',
  finest: 'trace',
  finer: 'trace',
  debug: 'debug',
  dbg: 'debug',
  d: 'debug',
  fine: 'debug',
  config: 'debug',
  info: 'info',
  inf: 'info',
  i: 'info',
  information: 'info',
  informational: 'info',
  notice: 'info',
  warn: 'warn',
  warning: 'warn',
  wrn: 'warn',
  w: 'warn',
  error: 'error',
  err: 'error',
  eror: 'error',
  e: 'error',
  severe: 'error',
  fatal: 'fatal',
  f: 'fatal',
  critical: 'fatal',
  crit: 'fatal',
  alert: 'fatal',
  emerg: 'fatal',
  emergency: 'fatal',
  panic: 'fatal',
  dpanic: 'fatal',
};

/**
 * How to read a numeric level. `auto`: 0–7 are syslog severities (RFC 5424: 0 emergency …
 * 7 debug), 10 and above are bunyan/pino levels (10 trace, 20 debug, 30 info, 40 warn,
 * 50 error, 60 fatal); 8 and 9 are not levels. `otel`: OpenTelemetry SeverityNumber 1–24.
 */
export type NumericLevelScheme = 'auto' | 'syslog' | 'bunyan' | 'otel';

const SYSLOG: readonly LogLevel[] = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'];

function fromNumber(value: number, scheme: NumericLevelScheme): LogLevel | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  if (scheme === 'otel') {
    if (value < 1 || value > 24) return undefined;
    return LOG_LEVELS[Math.min(5, Math.floor((value - 1) / 4))];
  }
  if (scheme === 'syslog' || (scheme === 'auto' && value <= 7)) {
    return Number.isInteger(value) && value <= 7 ? SYSLOG[value] : undefined;
  }
  if (value < 10) return undefined;
  // bunyan/pino: 10 trace … 60 fatal; values between take the band below them.
  return LOG_LEVELS[Math.min(5, Math.floor(value / 10) - 1)];
}

/**
 * The domain level for a raw value (string or number), or undefined when it names none.
 * Strings are matched case-insensitively, ignoring surrounding brackets and spaces
 * (`[WARN]`, ` Error `); numeric strings are read as numbers.
 */
export function normalizeLevel(value: unknown, scheme: NumericLevelScheme = 'auto'): LogLevel | undefined {
  if (typeof value === 'number') return fromNumber(value, scheme);
  if (typeof value !== 'string') return undefined;
  const word = value
    .trim()
    .replace(/^[[(<]+|[\])>:]+$/g, '')
    .toLowerCase();
  if (word === '') return undefined;
  if (Object.hasOwn(ALIASES, word)) return ALIASES[word];
  if (/^\d+(\.\d+)?$/.test(word)) return fromNumber(Number(word), scheme);
  return undefined;
}

const KEY_VALUE_LEVEL =
  /(?:^|[\s{,])"?(?:level|lvl|severity|loglevel|log\.level)"?\s*[=:]\s*"?([A-Za-z]+|\d+)"?/i;
const LEADING_WORD =
  /^\s*(?:(?:\d{4}-\d{2}-\d{2}[T ])?\S*\d{2}:\d{2}\S*\s+)?[[(<]?(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|CRIT|PANIC|SEVERE)[\])>:]?\s/i;

/**
 * A level found inside a raw line: a logfmt or JSON key (`level=warn`, `"level":"error"`,
 * `"level":50`, `severity=ERROR`) or an upper-case level word at the start of the line,
 * optionally after a timestamp (`2024-01-01T00:00:00Z ERROR ...`, `[WARN] ...`).
 */
export function levelFromLine(line: string, scheme: NumericLevelScheme = 'auto'): LogLevel | undefined {
  const head = line.length > 4096 ? line.slice(0, 4096) : line;
  const keyed = KEY_VALUE_LEVEL.exec(head);
  if (keyed) {
    const level = normalizeLevel(/^\d+$/.test(keyed[1]) ? Number(keyed[1]) : keyed[1], scheme);
    if (level) return level;
  }
  const leading = LEADING_WORD.exec(head);
  return leading ? normalizeLevel(leading[1]) : undefined;
}

/** Words (lower case) that normalise to `level`, for filters that must match raw values. */
export function levelWords(level: LogLevel): string[] {
  return Object.keys(ALIASES).filter((word) => ALIASES[word] === level && word.length > 1);
}

/**
 * Raw spellings that a stored level field may hold for `levels`, in lower, UPPER and
 * Capitalised case, for exact-match filters (Elasticsearch `terms`, Splunk `IN`, ...).
 */
export function levelSpellings(levels: readonly LogLevel[]): string[] {
  const out = new Set<string>();
  for (const level of levels) {
    for (const word of levelWords(level)) {
      out.add(word);
      out.add(word.toUpperCase());
      out.add(word[0].toUpperCase() + word.slice(1));
    }
  }
  return [...out];
}
