/**
 * Settings of the Splunk log connector (`agents.logs` with `backend: splunk`): the
 * management endpoint (port 8089), a token or credentials, the base search that selects the
 * log events (`index=... sourcetype=...`) and which fields name the service, level, message
 * and trace.
 */
import { z } from 'zod';
import type { HttpAuth } from '../http/http-auth.js';

const FIELD = z.string().regex(/^[A-Za-z_][\w.]*$/, 'expected a Splunk field name');

export const SplunkOptionsSchema = z
  .object({
    id: z.string().default('splunk'),
    /** The REST API base, e.g. `https://splunk.example.com:8089`. */
    url: z.string().url({ error: 'expected an http(s) URL' }),
    /** A Splunk authentication token (JWT), sent as `Authorization: Bearer`. */
    token: z.string().optional(),
    /** A session key from `/services/auth/login`, sent as `Authorization: Splunk`. */
    session_key: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    headers: z.record(z.string(), z.string()).default({}),
    timeout_ms: z.number().positive().default(30_000),
    retries: z.number().int().min(0).max(10).default(2),
    /** Search terms that select the log events, before the connector's own filters. */
    base_search: z.string().min(1).default('index=main'),
    fields: z
      .object({
        service: FIELD.default('service'),
        level: FIELD.default('level'),
        /** `_raw` is the whole event text. */
        message: FIELD.default('_raw'),
        trace_id: FIELD.default('trace_id'),
        span_id: FIELD.default('span_id'),
      })
      .prefault({}),
    /** `v2` reads results from `/services/search/v2/jobs/{sid}/results` (Splunk 9.0.1+). */
    results_api: z.enum(['v1', 'v2']).default('v2'),
    poll_interval_ms: z.number().int().positive().default(500),
    /** Results per request (at most the server's `maxresultrows`, 50,000 by default). */
    page_size: z.number().int().positive().max(50_000).default(5000),
    /** Bytes of log text kept per search before stopping early. */
    max_bytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024),
    max_response_bytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024),
  })
  .superRefine((options, ctx) => {
    const schemes = [options.token, options.session_key, options.username].filter(Boolean).length;
    if (schemes > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: 'use one of token, session_key or username/password',
      });
    }
    if (options.username && options.password === undefined) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'required with username' });
    }
  });

export type SplunkOptions = z.output<typeof SplunkOptionsSchema>;
export type SplunkOptionsInput = z.input<typeof SplunkOptionsSchema>;

export function splunkAuth(options: SplunkOptions): HttpAuth {
  if (options.token) return { kind: 'bearer', token: options.token };
  if (options.session_key)
    return { kind: 'header', name: 'authorization', value: `Splunk ${options.session_key}` };
  if (options.username)
    return { kind: 'basic', username: options.username, password: options.password ?? '' };
  return { kind: 'none' };
}
