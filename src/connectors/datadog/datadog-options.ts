/**
 * Options for the Datadog metrics connector as they appear in config.yml: the site, the two
 * keys, which tag names the service, and one Datadog metrics query per semantic metric.
 */
import { z } from 'zod';

/**
 * Default query templates, one per semantic metric (units as in the bundle spec).
 * `{service_tag}` becomes the configured tag name and `{service}` the service. They read
 * APM trace metrics (`trace.http.request.*`, durations in seconds) and the Kubernetes
 * integration's container metrics, tagged by unified service tagging.
 */
export const DEFAULT_DATADOG_QUERIES: Readonly<Record<string, string>> = {
  error_rate:
    'sum:trace.http.request.errors{{service_tag}:{service}}.as_count() / sum:trace.http.request.hits{{service_tag}:{service}}.as_count()',
  rps: 'sum:trace.http.request.hits{{service_tag}:{service}}.as_rate()',
  latency_p50: 'p50:trace.http.request{{service_tag}:{service}}',
  latency_p95: 'p95:trace.http.request{{service_tag}:{service}}',
  latency_p99: 'p99:trace.http.request{{service_tag}:{service}}',
  cpu: 'sum:kubernetes.cpu.usage.total{{service_tag}:{service}} / (sum:kubernetes.cpu.limits{{service_tag}:{service}} * 1000000000)',
  memory: 'sum:kubernetes.memory.working_set{{service_tag}:{service}}',
  memory_limit: 'sum:kubernetes.memory.limits{{service_tag}:{service}}',
  restarts: 'sum:kubernetes.containers.restarts{{service_tag}:{service}}',
  network_rx: 'sum:kubernetes.network.rx_bytes{{service_tag}:{service}}',
  network_tx: 'sum:kubernetes.network.tx_bytes{{service_tag}:{service}}',
};

export const DatadogOptionsSchema = z.object({
  /** Connector id used in SourceRefs. */
  id: z.string().min(1).default('datadog'),
  /** The Datadog site: datadoghq.com, datadoghq.eu, us3.datadoghq.com, us5.datadoghq.com, ... */
  site: z.string().min(1).default('datadoghq.com'),
  /** Overrides the API base URL derived from `site` (a proxy, or a test server). */
  url: z.url().optional(),
  api_key: z.string().min(1),
  app_key: z.string().min(1),
  /** The tag that names a service (unified service tagging uses `service`). */
  service_tag: z
    .string()
    .regex(/^[A-Za-z][\w\-./]*$/, 'expected a Datadog tag key')
    .default('service'),
  /** Services queried when a request names none; when empty, one grouped query asks for all. */
  services: z.array(z.string().min(1)).default([]),
  /** Semantic metric -> Datadog query template with `{service}` (and `{service_tag}`); replaces the defaults. */
  metrics: z
    .record(
      z.string().min(1),
      z.string().refine((t) => t.includes('{service}'), 'the Datadog query template must contain {service}'),
    )
    .default({ ...DEFAULT_DATADOG_QUERIES }),
  /** Queries in flight at once for one range() call. */
  max_concurrency: z.number().int().min(1).max(32).default(4),
  timeout_ms: z.number().int().positive().default(10_000),
  retries: z.number().int().min(0).max(5).default(2),
});
export type DatadogOptions = z.output<typeof DatadogOptionsSchema>;
export type DatadogOptionsInput = z.input<typeof DatadogOptionsSchema>;

/** The API base URL: `url` when given, else `https://api.<site>`. */
export function datadogBaseUrl(options: DatadogOptions): string {
  return options.url ?? `https://api.${options.site.replace(/^(https?:\/\/)?(api\.|app\.)?/, '')}`;
}
