/**
 * Settings of the Loki log connector (`agents.logs` with `backend: loki`). Works against
 * Grafana Loki and Loki-API-compatible servers (Grafana Cloud Logs: set `username` to the
 * stack's user id and `password` to a token; multi-tenant Loki: set `tenant`).
 */
import { z } from 'zod';
import type { HttpAuth } from '../http/http-auth.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const LokiOptionsSchema = z
  .object({
    id: z.string().default('loki'),
    url: z.string().url({ error: 'expected an http(s) URL' }),
    bearer_token: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    /** Sent as X-Scope-OrgID; several tenants are joined with `|`. */
    tenant: z.string().optional(),
    headers: z.record(z.string(), z.string()).default({}),
    timeout_ms: z.number().positive().default(30_000),
    retries: z.number().int().min(0).max(10).default(2),
    /** Extra stream matchers every query carries, e.g. `namespace="prod"`. */
    matchers: z.array(z.string().min(1)).default([]),
    labels: z
      .object({
        /** The stream label that names the service (Loki 3 adds `service_name` itself). */
        service: z.string().regex(LABEL_NAME, 'expected a Loki label name').default('service_name'),
        /** Label (stream label or structured metadata) holding the level; else parsed from the line. */
        level: z.string().regex(LABEL_NAME, 'expected a Loki label name').default('level'),
        trace_id: z.string().regex(LABEL_NAME, 'expected a Loki label name').default('trace_id'),
        span_id: z.string().regex(LABEL_NAME, 'expected a Loki label name').default('span_id'),
      })
      .prefault({}),
    /**
     * Filter levels in LogQL with `| <level label>=~"..."`. Turn off when levels live only
     * inside the line text: the connector then filters after parsing the line.
     */
    filter_levels_in_query: z.boolean().default(true),
    /** Entries per request (Loki's `max_entries_limit_per_query` defaults to 5000). */
    page_size: z.number().int().positive().max(100_000).default(5000),
    /** Bytes of log text kept per search before stopping early. */
    max_bytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024),
    /** Largest single HTTP response accepted. */
    max_response_bytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024),
  })
  .superRefine((options, ctx) => {
    if (options.bearer_token && options.username) {
      ctx.addIssue({
        code: 'custom',
        path: ['username'],
        message: 'use either bearer_token or username/password',
      });
    }
    if (options.username && options.password === undefined) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'required with username' });
    }
  });

export type LokiOptions = z.output<typeof LokiOptionsSchema>;
export type LokiOptionsInput = z.input<typeof LokiOptionsSchema>;

export function lokiAuth(options: LokiOptions): HttpAuth {
  if (options.bearer_token) return { kind: 'bearer', token: options.bearer_token };
  if (options.username)
    return { kind: 'basic', username: options.username, password: options.password ?? '' };
  return { kind: 'none' };
}
