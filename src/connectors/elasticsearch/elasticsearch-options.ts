/**
 * Settings of the Elasticsearch / OpenSearch log connector (`agents.logs` with
 * `backend: elasticsearch`). Field names default to the Elastic Common Schema (ECS).
 *
 * `mode: client` (default) talks through the official `@elastic/elasticsearch` v8 client,
 * which refuses any server that does not answer with `x-elastic-product: Elasticsearch`:
 * OpenSearch and Elasticsearch before 7.14 need `mode: http`, which sends the same search
 * body with the shared HTTP client (OpenSearch supports the same bool/range/terms/
 * match_phrase query DSL, `sort` and `search_after`).
 */
import { z } from 'zod';

export const ElasticsearchOptionsSchema = z
  .object({
    id: z.string().default('elasticsearch'),
    url: z.string().url({ error: 'expected an http(s) URL' }),
    mode: z.enum(['client', 'http']).default('client'),
    /** Index, alias, data stream or pattern; several separated by commas. */
    index: z.string().min(1).default('logs-*'),
    /** Elasticsearch API key (the base64 `encoded` value), sent as `Authorization: ApiKey`. */
    api_key: z.string().optional(),
    bearer_token: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    headers: z.record(z.string(), z.string()).default({}),
    timeout_ms: z.number().positive().default(30_000),
    retries: z.number().int().min(0).max(10).default(2),
    fields: z
      .object({
        timestamp: z.string().min(1).default('@timestamp'),
        /** A keyword field: services are matched exactly with `terms`. */
        service: z.string().min(1).default('service.name'),
        /** A keyword field: levels are matched with `terms` over common spellings. */
        level: z.string().min(1).default('log.level'),
        /** A text field: the query text is matched with `match_phrase`. */
        message: z.string().min(1).default('message'),
        trace_id: z.string().min(1).default('trace.id'),
        span_id: z.string().min(1).default('span.id'),
      })
      .prefault({}),
    /**
     * Second sort key, so that hits sharing a timestamp page without gaps. Best a keyword
     * field unique per document (`event.id`); `_doc` is exact only within one shard.
     */
    tiebreaker_field: z.string().min(1).default('_doc'),
    /** Hits per request (at most `index.max_result_window`, 10,000 by default). */
    page_size: z.number().int().positive().max(10_000).default(1000),
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
    const schemes = [options.api_key, options.bearer_token, options.username].filter(Boolean).length;
    if (schemes > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['api_key'],
        message: 'use one of api_key, bearer_token or username/password',
      });
    }
    if (options.username && options.password === undefined) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'required with username' });
    }
  });

export type ElasticsearchOptions = z.output<typeof ElasticsearchOptionsSchema>;
export type ElasticsearchOptionsInput = z.input<typeof ElasticsearchOptionsSchema>;
