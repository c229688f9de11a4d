/**
 * The JSON a CI/CD system posts to report a change: one change object, or `{changes: [...]}`
 * with an optional batch-wide `source`. Validates every field and normalises it into
 * ChangeEvents: timestamps in epoch seconds (from seconds, milliseconds or ISO-8601), the
 * kind from a small set of aliases, versions as text, and a stable id when the sender gave
 * none (so a retried POST is recorded once).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { formatPath } from '../../config/config-error.js';
import { CHANGE_KINDS, type ChangeEvent, type ChangeKind } from '../../core/telemetry.js';
import { parseTimestamp } from '../../core/time.js';

/** Most changes one request may carry. */
export const MAX_CHANGES_PER_REQUEST = 500;

/** Numbers above this are epoch milliseconds (1e11 seconds is the year 5138). */
const MILLISECONDS_THRESHOLD = 1e11;

const KIND_ALIASES: Record<string, ChangeKind> = {
  deployment: 'deploy',
  rollout: 'deploy',
  release: 'deploy',
  rollback: 'deploy',
  configuration: 'config',
  flag: 'feature_flag',
  'feature-flag': 'feature_flag',
  featureflag: 'feature_flag',
  scaling: 'scale',
  infrastructure: 'infra',
};

const WebhookTimestampSchema = z.unknown().transform((value, ctx) => {
  const parsed = parseTimestamp(value);
  if (parsed === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected epoch seconds, epoch milliseconds or an ISO-8601 timestamp with a zone',
    });
    return z.NEVER;
  }
  return parsed > MILLISECONDS_THRESHOLD ? parsed / 1000 : parsed;
});

function textField(max: number) {
  return z
    .union([z.string(), z.number()], {
      error: (issue) => (issue.input === undefined ? 'required' : 'expected a string'),
    })
    .transform((value) => String(value).trim())
    .pipe(
      z
        .string()
        .min(1, { error: 'must not be empty' })
        .max(max, { error: `must be at most ${max} characters` }),
    );
}

const KindSchema = z
  .string({ error: `expected one of ${CHANGE_KINDS.join(', ')}` })
  .transform((value) => {
    const key = value.trim().toLowerCase();
    return KIND_ALIASES[key] ?? key;
  })
  .pipe(z.enum(CHANGE_KINDS, { error: `expected one of ${CHANGE_KINDS.join(', ')}` }));

const ChangeSchema = z.object(
  {
    /** When the change happened; the time of receipt when absent. */
    timestamp: WebhookTimestampSchema.optional(),
    service: textField(200),
    kind: KindSchema.default('deploy'),
    version: textField(200).optional(),
    previous_version: textField(200).optional(),
    description: textField(2000).optional(),
    author: textField(200).optional(),
    id: textField(200).optional(),
    source: textField(100).optional(),
  },
  { error: 'expected a change object' },
);

const BatchSchema = z.object({
  source: textField(100).optional(),
  changes: z
    .array(ChangeSchema, { error: 'expected a list of changes' })
    .min(1, { error: 'must hold at least one change' })
    .max(MAX_CHANGES_PER_REQUEST, { error: `must hold at most ${MAX_CHANGES_PER_REQUEST} changes` }),
});

type ParsedChange = z.output<typeof ChangeSchema>;

export interface PayloadIssue {
  /** Where the problem is, e.g. `changes[2].timestamp`; empty for the body as a whole. */
  path: string;
  message: string;
}

export type ParsedPayload = { ok: true; changes: ChangeEvent[] } | { ok: false; issues: PayloadIssue[] };

/**
 * Validates a posted body (already-parsed JSON, or the raw JSON text) and returns the
 * ChangeEvents it describes, or every problem found. `now` (epoch seconds) stamps changes
 * that carry no timestamp.
 */
export function parseChangesPayload(body: unknown, now: number): ParsedPayload {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return { ok: false, issues: [{ path: '', message: 'the body is not valid JSON' }] };
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      issues: [{ path: '', message: 'expected a JSON object: one change, or {"changes": [...]}' }],
    };
  }
  if ('changes' in value) {
    const batch = BatchSchema.safeParse(value);
    if (!batch.success) return { ok: false, issues: toIssues(batch.error) };
    return { ok: true, changes: batch.data.changes.map((c) => toChangeEvent(c, batch.data.source, now)) };
  }
  const single = ChangeSchema.safeParse(value);
  if (!single.success) return { ok: false, issues: toIssues(single.error) };
  return { ok: true, changes: [toChangeEvent(single.data, undefined, now)] };
}

function toIssues(error: z.ZodError): PayloadIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path as PropertyKey[]),
    message: issue.message,
  }));
}

function toChangeEvent(parsed: ParsedChange, batchSource: string | undefined, now: number): ChangeEvent {
  const change: ChangeEvent = {
    timestamp: parsed.timestamp ?? now,
    service: parsed.service,
    kind: parsed.kind,
  };
  if (parsed.version !== undefined) change.version = parsed.version;
  if (parsed.previous_version !== undefined) change.previous_version = parsed.previous_version;
  if (parsed.description !== undefined) change.description = parsed.description;
  if (parsed.author !== undefined) change.author = parsed.author;
  change.id = parsed.id ?? derivedId(change, parsed.source ?? batchSource);
  return change;
}

/** A stable id from what identifies a change, so the same report posted twice is one change. */
function derivedId(change: ChangeEvent, source: string | undefined): string {
  const key = JSON.stringify([change.service, change.kind, change.timestamp, change.version ?? null]);
  return `${source ?? 'webhook'}:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}
