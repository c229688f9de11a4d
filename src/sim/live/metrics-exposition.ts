/**
 * Turns the simulator's per-service samples into Prometheus metrics, as real exporters
 * would expose them: request counters by status code, a latency histogram, cAdvisor-style
 * container counters and gauges, kube-state-metrics restarts, node_exporter filesystem
 * gauges and OpenTelemetry DB-pool gauges, one series per service via a `service` label.
 * Counters accumulate `rate × dt`, so Prometheus' rate() gives back the simulated rate
 * whatever the time compression. Renders the text format (version 0.0.4) or OpenMetrics.
 */
import { bucketFractions, fitLogNormal, LATENCY_BUCKETS, logNormalMean } from './latency-histogram.js';

/** One service's samples at one instant, by semantic metric name (bundle spec units). */
export type ServiceSample = Partial<Record<string, number>>;

const FILESYSTEM_BYTES = 100 * 1024 ** 3;

interface ServiceCounters {
  ok: number;
  errors: number;
  buckets: number[];
  count: number;
  sum: number;
  cpuSeconds: number;
  gcSeconds: number;
  rxBytes: number;
  txBytes: number;
  gauges: ServiceSample;
}

interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  help: string;
  lines: (service: string, c: ServiceCounters) => string[];
}

export class MetricsExposition {
  private readonly services = new Map<string, ServiceCounters>();

  /** Accounts `dtSeconds` of traffic at the given samples for each service. */
  advance(samples: ReadonlyMap<string, ServiceSample>, dtSeconds: number): void {
    for (const [service, sample] of samples) {
      const c = this.counters(service);
      const rps = finite(sample.rps);
      const errorRate = Math.min(1, Math.max(0, finite(sample.error_rate)));
      const requests = rps * dtSeconds;
      c.ok += requests * (1 - errorRate);
      c.errors += requests * errorRate;
      const p50 = finite(sample.latency_p50);
      const p99 = finite(sample.latency_p99, p50);
      if (requests > 0 && p50 > 0) {
        const dist = fitLogNormal(p50, p99);
        const fractions = bucketFractions(dist);
        for (let i = 0; i < fractions.length; i++)
          c.buckets[i] = (c.buckets[i] ?? 0) + requests * (fractions[i] ?? 0);
        c.count += requests;
        c.sum += requests * logNormalMean(dist);
      }
      c.cpuSeconds += finite(sample.cpu) * dtSeconds;
      c.gcSeconds += finite(sample.gc_pause) * dtSeconds;
      c.rxBytes += finite(sample.network_rx) * dtSeconds;
      c.txBytes += finite(sample.network_tx) * dtSeconds;
      c.gauges = { ...sample };
    }
  }

  /** The Prometheus text format; OpenMetrics (with `# EOF`) when asked. */
  render(options: { openMetrics?: boolean; timestamp?: number } = {}): string {
    return this.renderFamilies(options.openMetrics ?? false, options.timestamp, true);
  }

  /**
   * One OpenMetrics sample block at `timestamp` without headers or `# EOF`, for exports that
   * concatenate many instants (families must still be contiguous: see openmetrics-export).
   */
  renderSamples(timestamp: number): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const family of FAMILIES) {
      const lines: string[] = [];
      for (const [service, c] of this.sortedServices()) {
        for (const line of family.lines(service, c)) lines.push(`${line} ${timestamp}`);
      }
      out.set(family.name, lines);
    }
    return out;
  }

  static familyHeaders(openMetrics: boolean): Map<string, string[]> {
    return new Map(FAMILIES.map((f) => [f.name, header(f, openMetrics)]));
  }

  private renderFamilies(openMetrics: boolean, timestamp: number | undefined, headers: boolean): string {
    const lines: string[] = [];
    const suffix =
      timestamp === undefined ? '' : ` ${openMetrics ? timestamp : Math.round(timestamp * 1000)}`;
    for (const family of FAMILIES) {
      const body: string[] = [];
      for (const [service, c] of this.sortedServices()) {
        for (const line of family.lines(service, c)) body.push(line + suffix);
      }
      if (!body.length) continue;
      if (headers) lines.push(...header(family, openMetrics));
      lines.push(...body);
    }
    if (openMetrics) lines.push('# EOF');
    return `${lines.join('\n')}\n`;
  }

  private sortedServices(): [string, ServiceCounters][] {
    return [...this.services].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private counters(service: string): ServiceCounters {
    let c = this.services.get(service);
    if (!c) {
      c = {
        ok: 0,
        errors: 0,
        buckets: LATENCY_BUCKETS.map(() => 0),
        count: 0,
        sum: 0,
        cpuSeconds: 0,
        gcSeconds: 0,
        rxBytes: 0,
        txBytes: 0,
        gauges: {},
      };
      this.services.set(service, c);
    }
    return c;
  }
}

function header(family: Family, openMetrics: boolean): string[] {
  // OpenMetrics names a counter family without its _total suffix.
  const name = openMetrics && family.type === 'counter' ? family.name.replace(/_total$/, '') : family.name;
  return [`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`];
}

function finite(value: number | undefined, fallback = 0): number {
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

function num(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 1e6) / 1e6);
}

const label = (service: string, extra = '') =>
  `{service="${service.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"${extra}}`;

const gauge =
  (name: string, value: (c: ServiceCounters) => number | undefined) =>
  (service: string, c: ServiceCounters) => {
    const v = value(c);
    return v === undefined || !Number.isFinite(v) ? [] : [`${name}${label(service)} ${num(v)}`];
  };

const FAMILIES: Family[] = [
  {
    name: 'http_requests_total',
    type: 'counter',
    help: 'HTTP requests served, by status code.',
    lines: (s, c) => [
      `http_requests_total${label(s, ',code="200"')} ${num(c.ok)}`,
      `http_requests_total${label(s, ',code="500"')} ${num(c.errors)}`,
    ],
  },
  {
    name: 'http_request_duration_seconds',
    type: 'histogram',
    help: 'HTTP request latency.',
    lines: (s, c) =>
      c.count === 0
        ? []
        : [
            ...LATENCY_BUCKETS.map(
              (bound, i) =>
                `http_request_duration_seconds_bucket${label(s, `,le="${bound}"`)} ${num(c.buckets[i] ?? 0)}`,
            ),
            `http_request_duration_seconds_bucket${label(s, ',le="+Inf"')} ${num(c.count)}`,
            `http_request_duration_seconds_sum${label(s)} ${num(c.sum)}`,
            `http_request_duration_seconds_count${label(s)} ${num(c.count)}`,
          ],
  },
  {
    name: 'container_cpu_usage_seconds_total',
    type: 'counter',
    help: 'CPU time consumed (one core per service).',
    lines: (s, c) => [`container_cpu_usage_seconds_total${label(s)} ${num(c.cpuSeconds)}`],
  },
  {
    name: 'container_memory_working_set_bytes',
    type: 'gauge',
    help: 'Memory in use.',
    lines: gauge('container_memory_working_set_bytes', (c) => c.gauges.memory),
  },
  {
    name: 'container_spec_memory_limit_bytes',
    type: 'gauge',
    help: 'Memory limit.',
    lines: gauge('container_spec_memory_limit_bytes', (c) => c.gauges.memory_limit),
  },
  {
    name: 'db_client_connections_usage',
    type: 'gauge',
    help: 'Database connections in use.',
    lines: (s, c) =>
      c.gauges.db_connections_used === undefined
        ? []
        : [`db_client_connections_usage${label(s, ',state="used"')} ${num(c.gauges.db_connections_used)}`],
  },
  {
    name: 'db_client_connections_max',
    type: 'gauge',
    help: 'Database connection pool size.',
    lines: gauge('db_client_connections_max', (c) => c.gauges.db_connections_max),
  },
  {
    name: 'gc_pause_seconds_total',
    type: 'counter',
    help: 'Time spent in garbage-collection pauses.',
    lines: (s, c) =>
      c.gauges.gc_pause === undefined ? [] : [`gc_pause_seconds_total${label(s)} ${num(c.gcSeconds)}`],
  },
  {
    name: 'node_filesystem_size_bytes',
    type: 'gauge',
    help: 'Filesystem size.',
    lines: gauge('node_filesystem_size_bytes', (c) =>
      c.gauges.disk_used === undefined ? undefined : FILESYSTEM_BYTES,
    ),
  },
  {
    name: 'node_filesystem_avail_bytes',
    type: 'gauge',
    help: 'Filesystem space available.',
    lines: gauge('node_filesystem_avail_bytes', (c) =>
      c.gauges.disk_used === undefined ? undefined : Math.round(FILESYSTEM_BYTES * (1 - c.gauges.disk_used)),
    ),
  },
  {
    name: 'kube_pod_container_status_restarts_total',
    type: 'counter',
    help: 'Container restarts.',
    lines: gauge('kube_pod_container_status_restarts_total', (c) => c.gauges.restarts),
  },
  {
    name: 'container_network_receive_bytes_total',
    type: 'counter',
    help: 'Bytes received.',
    lines: (s, c) => [`container_network_receive_bytes_total${label(s)} ${num(c.rxBytes)}`],
  },
  {
    name: 'container_network_transmit_bytes_total',
    type: 'counter',
    help: 'Bytes sent.',
    lines: (s, c) => [`container_network_transmit_bytes_total${label(s)} ${num(c.txBytes)}`],
  },
];
