/**
 * Settings of the Prometheus connector (`agents.metrics` with `backend: prometheus`, or an
 * `integrations.prometheus` entry). Works unchanged against Prometheus-API-compatible
 * servers: Thanos Query, Grafana Mimir/Cortex (set `tenant` for X-Scope-OrgID and the
 * `/prometheus` path prefix in `url`), VictoriaMetrics, and Grafana's datasource proxy
 * (`url: https://grafana/api/datasources/proxy/uid/<uid>` with a Grafana service-account
 * token as `bearer_token`).
 */
import { z } from 'zod';
import type { HttpAuth } from '../http/http-auth.js';

export const PrometheusOptionsSchema = z
  .object({
    url: z.string().url({ error: 'expected an http(s) URL' }),
    bearer_token: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    /** Sent as X-Scope-OrgID (Mimir, Cortex, Thanos receive tenants). */
    tenant: z.string().optional(),
    headers: z.record(z.string(), z.string()).default({}),
    /**
     * Ask for gzip-compressed responses. Off by default: next to Prometheus, compressing
     * and decompressing costs more CPU than the bytes it saves (see BENCHMARKS.md).
     */
    compress_responses: z.boolean().default(false),
    timeout_ms: z.number().positive().default(10_000),
    retries: z.number().int().min(0).max(10).default(2),
    /** The label that names a service in every series. */
    service_label: z
      .string()
      .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a Prometheus label name')
      .default('service'),
    /** How often Prometheus scrapes the targets; sets the smallest rate() window (4 scrapes). */
    scrape_interval_s: z.number().positive().default(15),
    /** A fixed rate() window in seconds; derived from step and scrape interval when absent. */
    rate_window_s: z.number().positive().optional(),
    /** Default resolution of range queries, seconds. */
    step_s: z.number().positive().default(15),
    /** Range queries in flight at once. */
    max_concurrency: z.number().int().positive().default(8),
    /**
     * The latency histogram (without `_bucket`) whose bucket rates answer latency_p50/p95/p99
     * in one query, quantiles computed as histogram_quantile does. Null: one
     * histogram_quantile query per percentile. Ignored for a percentile whose query you set.
     */
    latency_histogram: z
      .string()
      .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'expected a Prometheus metric name')
      .nullable()
      .default('http_request_duration_seconds'),
    /** PromQL per semantic signal, merged over the defaults; set one to "" to disable it. */
    queries: z.record(z.string(), z.string()).default({}),
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

export type PrometheusOptions = z.output<typeof PrometheusOptionsSchema>;
export type PrometheusOptionsInput = z.input<typeof PrometheusOptionsSchema>;

export function prometheusAuth(options: PrometheusOptions): HttpAuth {
  if (options.bearer_token) return { kind: 'bearer', token: options.bearer_token };
  if (options.username)
    return { kind: 'basic', username: options.username, password: options.password ?? '' };
  return { kind: 'none' };
}
