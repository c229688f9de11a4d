/**
 * Prometheus alerting rules for the live simulator's metrics (the names `afr sim serve`
 * exposes), with short windows to match its compressed time: error ratio, p99 latency,
 * memory and connection-pool saturation, disk, and restarts, one alert per service.
 */
export function liveAlertRules(options: { windowSeconds?: number; forSeconds?: number } = {}): string {
  const w = `${options.windowSeconds ?? 5}s`;
  const f = `${options.forSeconds ?? 3}s`;
  const rule = (name: string, expr: string, severity: string, summary: string) =>
    [
      `      - alert: ${name}`,
      `        expr: ${expr}`,
      `        for: ${f}`,
      '        labels:',
      `          severity: ${severity}`,
      '        annotations:',
      `          summary: "${summary}"`,
    ].join('\n');
  return [
    'groups:',
    '  - name: afr-simulator',
    '    rules:',
    rule(
      'HighErrorRate',
      `(sum by (service) (rate(http_requests_total{code="500"}[${w}])) / sum by (service) (rate(http_requests_total[${w}]))) > 0.05`,
      'critical',
      'error ratio {{ $value | humanizePercentage }} on {{ $labels.service }}',
    ),
    rule(
      'HighLatency',
      `histogram_quantile(0.99, sum by (service, le) (rate(http_request_duration_seconds_bucket[${w}]))) > 5`,
      'high',
      'p99 latency {{ $value }}s on {{ $labels.service }}',
    ),
    rule(
      'MemoryNearLimit',
      'max by (service) (container_memory_working_set_bytes / container_spec_memory_limit_bytes) > 0.9',
      'high',
      'memory at {{ $value | humanizePercentage }} of limit on {{ $labels.service }}',
    ),
    rule(
      'ConnectionPoolSaturated',
      'max by (service) (db_client_connections_usage{state="used"} / db_client_connections_max) > 0.95',
      'high',
      'connection pool at {{ $value | humanizePercentage }} on {{ $labels.service }}',
    ),
    rule(
      'DiskAlmostFull',
      'max by (service) (1 - node_filesystem_avail_bytes / node_filesystem_size_bytes) > 0.9',
      'high',
      'disk at {{ $value | humanizePercentage }} on {{ $labels.service }}',
    ),
    '',
  ].join('\n');
}
