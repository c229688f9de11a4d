/**
 * Settings of the file log connector (`agents.logs` with `backend: files`): which files to
 * read, how to parse their lines (JSON lines with bundle-style fields, or plain text through
 * a regular expression with named groups), and how much to read at most.
 */
import { z } from 'zod';

/**
 * ISO-8601-like timestamp, then an optional level word (plain or in brackets), then the
 * message: `2024-05-01T12:00:00.123Z ERROR payment failed`, `2024-05-01 12:00:00,123 [WARN] x`.
 * Named groups: timestamp (required), level, service, message, trace_id, span_id.
 */
export const DEFAULT_TEXT_PATTERN =
  '^(?<timestamp>\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)\\s+' +
  '(?:\\[?(?<level>trace|debug|info|notice|warn|warning|error|err|fatal|critical|crit|severe|panic)\\]?:?\\s+)?' +
  '(?<message>.*)$';

const FieldList = z.array(z.string().min(1)).min(1);

export const FileLogsOptionsSchema = z
  .object({
    id: z.string().default('file-logs'),
    /** A file, a directory (its files, not recursive) or a glob in the last path segment (`/var/log/app/*.log`). */
    path: z.string().min(1),
    /** `auto`: lines starting with `{` are JSON, the others text. */
    format: z.enum(['auto', 'jsonl', 'text']).default('auto'),
    /** Regular expression (JavaScript syntax) for text lines; see DEFAULT_TEXT_PATTERN. */
    pattern: z.string().min(1).default(DEFAULT_TEXT_PATTERN),
    pattern_flags: z
      .string()
      .regex(/^[imsu]*$/, 'expected regex flags among i, m, s, u')
      .default('i'),
    /** Service of lines that name none; default: the file name without extension. */
    service: z.string().min(1).optional(),
    /** JSON field names tried in order (dotted paths reach into nested objects). */
    fields: z
      .object({
        timestamp: FieldList.default(['timestamp', '@timestamp', 'time', 'ts']),
        service: FieldList.default(['service', 'service.name', 'service_name', 'app']),
        level: FieldList.default(['level', 'log.level', 'severity', 'lvl', 'levelname']),
        message: FieldList.default(['message', 'msg', 'log']),
        trace_id: FieldList.default(['trace_id', 'trace.id', 'traceId', 'traceID']),
        span_id: FieldList.default(['span_id', 'span.id', 'spanId', 'spanID']),
      })
      .prefault({}),
    /** Unit of numeric JSON timestamps; `auto` tells s, ms, µs and ns apart by magnitude. */
    timestamp_unit: z.enum(['auto', 's', 'ms', 'us', 'ns']).default('auto'),
    /** Numeric levels: `auto` reads 0–7 as syslog and 10–60 as bunyan/pino. */
    numeric_levels: z.enum(['auto', 'syslog', 'bunyan', 'otel']).default('auto'),
    /** Bytes read from disk per search before stopping early. */
    max_bytes: z
      .number()
      .int()
      .positive()
      .default(512 * 1024 * 1024),
    /** Longest line (and multi-line message) kept; the rest of a longer one is dropped. */
    max_line_bytes: z
      .number()
      .int()
      .positive()
      .default(4 * 1024 * 1024),
  })
  .superRefine((options, ctx) => {
    try {
      const regex = new RegExp(options.pattern, options.pattern_flags);
      if (!/\(\?<timestamp>/.test(regex.source)) {
        ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'needs a named group (?<timestamp>...)' });
      }
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: `invalid regular expression: ${(error as Error).message}`,
      });
    }
  });

export type FileLogsOptions = z.output<typeof FileLogsOptionsSchema>;
export type FileLogsOptionsInput = z.input<typeof FileLogsOptionsSchema>;
