/**
 * Options for the New Relic metrics connector as they appear in config.yml: the NerdGraph
 * region or URL, the user API key, the account, which attribute names the service, and one
 * NRQL template per semantic metric.
 */
import { z } from 'zod';

/**
 * Default NRQL templates (units as in the bundle spec). `{service_attribute}` becomes the
 * configured attribute and `{service}` the escaped service name; the connector appends
 * SINCE / UNTIL / TIMESERIES (and FACET when it asks for several services at once), so a
 * template holds neither. APM `Transaction.duration` is in seconds; the Kubernetes
 * integration's `K8sContainerSample` is keyed by `deploymentName`.
 */
export const DEFAULT_NRQL_QUERIES: Readonly<Record<string, string>> = {
  error_rate:
    "SELECT filter(count(*), WHERE error IS true) / count(*) AS 'value' FROM Transaction WHERE {service_attribute} = '{service}'",
  rps: "SELECT rate(count(*), 1 second) AS 'value' FROM Transaction WHERE {service_attribute} = '{service}'",
  latency_p50:
    "SELECT percentile(duration, 50) AS 'value' FROM Transaction WHERE {service_attribute} = '{service}'",
  latency_p95:
    "SELECT percentile(duration, 95) AS 'value' FROM Transaction WHERE {service_attribute} = '{service}'",
  latency_p99:
    "SELECT percentile(duration, 99) AS 'value' FROM Transaction WHERE {service_attribute} = '{service}'",
  cpu: "SELECT average(cpuCoresUtilization) / 100 AS 'value' FROM K8sContainerSample WHERE deploymentName = '{service}'",
  memory:
    "SELECT sum(memoryWorkingSetBytes) AS 'value' FROM K8sContainerSample WHERE deploymentName = '{service}'",
  memory_limit:
    "SELECT sum(memoryLimitBytes) AS 'value' FROM K8sContainerSample WHERE deploymentName = '{service}'",
  restarts: "SELECT sum(restartCount) AS 'value' FROM K8sContainerSample WHERE deploymentName = '{service}'",
};

const NERDGRAPH_BASE_URLS = {
  us: 'https://api.newrelic.com',
  eu: 'https://api.eu.newrelic.com',
} as const;

const accountId = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^\d+$/, 'expected a New Relic account id')
    .transform((s) => Number(s)),
]);

export const NewRelicOptionsSchema = z.object({
  /** Connector id used in SourceRefs. */
  id: z.string().min(1).default('newrelic'),
  /** The data center of the account. */
  region: z.enum(['us', 'eu']).default('us'),
  /** Overrides the API base URL derived from `region` (a proxy, or a test server); queries go to `<url>/graphql`. */
  url: z.url().optional(),
  /** A user key (NRAK-...), sent in the API-Key header. */
  api_key: z.string().min(1),
  account_id: accountId,
  /** The attribute naming a service in the default templates (APM uses appName). */
  service_attribute: z
    .string()
    .regex(/^[A-Za-z_][\w.]*$/, 'expected an NRQL attribute name')
    .default('appName'),
  /** Services queried when a request names none; when empty, a FACET query asks for all. */
  services: z.array(z.string().min(1)).default([]),
  /** Semantic metric -> NRQL template containing `{service}`; replaces the defaults. */
  metrics: z
    .record(
      z.string().min(1),
      z.string().refine((t) => t.includes('{service}'), 'the NRQL template must contain {service}'),
    )
    .default({ ...DEFAULT_NRQL_QUERIES }),
  /** Bucket size when a query names no step; coarsened so a query never asks for more than 366 buckets. */
  default_step_s: z.number().int().positive().default(60),
  /** Time New Relic may spend on one NRQL query (the nrql field's `timeout` argument). */
  nrql_timeout_s: z.number().int().min(1).max(120).default(10),
  max_concurrency: z.number().int().min(1).max(32).default(4),
  timeout_ms: z.number().int().positive().default(15_000),
  retries: z.number().int().min(0).max(5).default(2),
});
export type NewRelicOptions = z.output<typeof NewRelicOptionsSchema>;
export type NewRelicOptionsInput = z.input<typeof NewRelicOptionsSchema>;

/** The API base URL; NerdGraph answers at `/graphql` under it. */
export function newRelicBaseUrl(options: NewRelicOptions): string {
  return options.url ?? NERDGRAPH_BASE_URLS[options.region];
}
