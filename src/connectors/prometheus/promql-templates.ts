/**
 * PromQL templates per semantic signal. A template may use three placeholders:
 * - `$selector`: the label matcher picking the services, e.g. `service=~"cart|checkout"`;
 * - `$by`: the label that names a service (for `sum by ($by)`);
 * - `$window`: the range of `rate()`, derived from the step and scrape interval.
 * Every template must return one series per service, carrying the service label.
 *
 * The defaults follow widespread exporters: HTTP server histograms and counters
 * (`http_request_duration_seconds`, `http_requests_total{code}`), cAdvisor
 * (`container_*`), kube-state-metrics (`kube_pod_container_status_restarts_total`),
 * node_exporter filesystems and OpenTelemetry's `db.client.connections.*`. `afr sim serve`
 * exposes exactly these names.
 */

const errorRate =
  '(sum by ($by) (rate(http_requests_total{$selector,code=~"5.."}[$window])) ' +
  'or sum by ($by) (rate(http_requests_total{$selector}[$window])) * 0) ' +
  '/ sum by ($by) (rate(http_requests_total{$selector}[$window]))';

const quantile = (q: number) =>
  `histogram_quantile(${q}, sum by ($by, le) (rate(http_request_duration_seconds_bucket{$selector}[$window])))`;

export const DEFAULT_PROMQL_TEMPLATES: Readonly<Record<string, string>> = {
  rps: 'sum by ($by) (rate(http_requests_total{$selector}[$window]))',
  error_rate: errorRate,
  latency_p50: quantile(0.5),
  latency_p95: quantile(0.95),
  latency_p99: quantile(0.99),
  cpu: 'sum by ($by) (rate(container_cpu_usage_seconds_total{$selector}[$window]))',
  memory: 'sum by ($by) (container_memory_working_set_bytes{$selector})',
  memory_limit: 'sum by ($by) (container_spec_memory_limit_bytes{$selector})',
  db_connections_used: 'sum by ($by) (db_client_connections_usage{$selector,state="used"})',
  db_connections_max: 'sum by ($by) (db_client_connections_max{$selector})',
  gc_pause: 'sum by ($by) (rate(gc_pause_seconds_total{$selector}[$window]))',
  disk_used:
    'max by ($by) (1 - node_filesystem_avail_bytes{$selector} / node_filesystem_size_bytes{$selector})',
  restarts: 'sum by ($by) (kube_pod_container_status_restarts_total{$selector})',
  network_rx: 'sum by ($by) (rate(container_network_receive_bytes_total{$selector}[$window]))',
  network_tx: 'sum by ($by) (rate(container_network_transmit_bytes_total{$selector}[$window]))',
};

export interface TemplateValues {
  serviceLabel: string;
  /** Services to match; all series carrying the label when empty. */
  services: readonly string[];
  windowSeconds: number;
}

export function renderTemplate(template: string, values: TemplateValues): string {
  return template
    .replaceAll('$selector', serviceSelector(values.serviceLabel, values.services))
    .replaceAll('$by', values.serviceLabel)
    .replaceAll('$window', `${Math.max(1, Math.round(values.windowSeconds))}s`);
}

/** `label=~"a|b"` with RE2 metacharacters and PromQL string escapes handled; `label!=""` for all. */
export function serviceSelector(label: string, services: readonly string[]): string {
  if (!services.length) return `${label}!=""`;
  const alternatives = services.map(escapeRegex).join('|');
  return `${label}=~"${escapePromqlString(alternatives)}"`;
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapePromqlString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** The raw metric names a template reads (identifiers directly followed by a selector). */
export function referencedMetricNames(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{/g)) names.add(match[1] as string);
  return [...names];
}
