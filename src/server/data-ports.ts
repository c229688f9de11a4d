/**
 * Builds the investigation's data ports from config.yml: one connector per agent backend
 * (`agents.<agent>.backend` + `url`), whose own settings live under
 * `integrations.<backend>` (e.g. `integrations.prometheus.service_label`). Changes posted
 * to `POST /api/v1/changes` are always merged into the change source. A bad connector
 * setting is a ConfigError naming `integrations.<backend>.<key>`.
 */
import { readFile } from 'node:fs/promises';
import { ZodError, type z } from 'zod';
import type { AfrConfig } from '../config/index.js';
import { ConfigError } from '../config/index.js';
import { ArgoCdChangeSource, ArgoCdOptionsSchema } from '../connectors/argocd/index.js';
import { CloudWatchLogsSource } from '../connectors/cloudwatch-logs/index.js';
import { CloudWatchMetricsSource } from '../connectors/cloudwatch-metrics/index.js';
import { DatadogMetricsSource } from '../connectors/datadog/index.js';
import { ElasticsearchLogSource } from '../connectors/elasticsearch/index.js';
import { FileLogSource } from '../connectors/file-logs/index.js';
import { GitHubChangeSource, GitHubOptionsSchema } from '../connectors/github/index.js';
import { GitLabChangeSource, GitLabOptionsSchema } from '../connectors/gitlab/index.js';
import { JaegerTraceSource } from '../connectors/jaeger/index.js';
import { JenkinsChangeSource, JenkinsOptionsSchema } from '../connectors/jenkins/index.js';
import {
  KubernetesChangeSource,
  KubernetesOptionsSchema,
  KubernetesTopologySource,
} from '../connectors/kubernetes/index.js';
import { LokiLogSource } from '../connectors/loki/index.js';
import { NewRelicMetricsSource } from '../connectors/newrelic/index.js';
import { PrometheusMetricsSource } from '../connectors/prometheus/index.js';
import {
  SimHttpChangeSource,
  SimHttpLogSource,
  SimHttpTopologySource,
  SimHttpTraceSource,
} from '../connectors/sim-http/index.js';
import { SplunkLogSource } from '../connectors/splunk/index.js';
import { TempoTraceSource } from '../connectors/tempo/index.js';
import type {
  ChangeQuery,
  ChangeSource,
  DataPorts,
  LogSource,
  MetricsSource,
  Outcome,
  QueryContext,
  TopologySource,
  TraceSource,
} from '../core/index.js';
import { type ChangeEvent, type Topology, TopologySchema } from '../core/telemetry.js';
import { WebhookChangeSource } from '../intake/changes/index.js';

export interface ConfiguredPorts {
  ports: DataPorts;
  /** Changes received through POST /api/v1/changes. */
  webhookChanges: WebhookChangeSource;
  /** What each agent reads, for /api/v1/health/connectors. */
  connectors: { id: string; kind: 'metrics' | 'logs' | 'changes' | 'traces' | 'topology'; backend: string }[];
}

export function dataPortsFromConfig(config: AfrConfig): ConfiguredPorts {
  const webhookChanges = new WebhookChangeSource({ id: 'webhook-changes' });
  const connectors: ConfiguredPorts['connectors'] = [];
  const metrics = metricsSource(config);
  const logs = logSource(config);
  const changes = changeSource(config);
  const traces = traceSource(config);
  const topology = topologySource(config);
  if (metrics) connectors.push({ id: metrics.id, kind: 'metrics', backend: config.agents.metrics.backend });
  if (logs) connectors.push({ id: logs.id, kind: 'logs', backend: config.agents.logs.backend });
  if (changes) connectors.push({ id: changes.id, kind: 'changes', backend: config.agents.deploy.backend });
  connectors.push({ id: webhookChanges.id, kind: 'changes', backend: 'webhook' });
  if (traces) connectors.push({ id: traces.id, kind: 'traces', backend: config.traces.backend });
  if (topology) connectors.push({ id: topology.id, kind: 'topology', backend: topology.id });
  return {
    ports: {
      metrics,
      logs,
      changes: changes ? new MergedChangeSource([changes, webhookChanges]) : webhookChanges,
      traces,
      topology,
    },
    webhookChanges,
    connectors,
  };
}

function integration(config: AfrConfig, name: string, url?: string): Record<string, unknown> {
  const settings = { ...(config.integrations[name] ?? {}) };
  if (url) settings.url = url;
  return settings;
}

/** Parses a connector's settings, naming the config key on error. */
function parsed<S extends z.ZodType>(schema: S, settings: unknown, key: string): z.output<S> {
  try {
    return schema.parse(settings);
  } catch (error) {
    throw asConfigError(error, key);
  }
}

function construct<T>(key: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    throw asConfigError(error, key);
  }
}

function asConfigError(error: unknown, key: string): Error {
  if (error instanceof ZodError) {
    return new ConfigError(
      'config',
      error.issues.map((i) => ({ path: [key, ...i.path.map(String)].join('.'), message: i.message })),
    );
  }
  return configError(key, error instanceof Error ? error.message : String(error));
}

function configError(path: string, message: string): ConfigError {
  return new ConfigError('config', [{ path, message }]);
}

function simulatorUrl(config: AfrConfig, key: string): string {
  const url = config.integrations.simulator?.url;
  if (typeof url !== 'string' || !url) {
    throw configError(key, 'backend simulator needs integrations.simulator.url (the afr sim serve address)');
  }
  return url;
}

function metricsSource(config: AfrConfig): MetricsSource | undefined {
  const { backend, url } = config.agents.metrics;
  const key = `integrations.${backend}`;
  switch (backend) {
    case 'prometheus':
      return construct(
        key,
        () => new PrometheusMetricsSource(integration(config, 'prometheus', url) as never),
      );
    case 'datadog':
      return construct(key, () => new DatadogMetricsSource(integration(config, 'datadog', url) as never));
    case 'newrelic':
      return construct(key, () => new NewRelicMetricsSource(integration(config, 'newrelic', url) as never));
    case 'cloudwatch':
      return construct(
        key,
        () => new CloudWatchMetricsSource(integration(config, 'cloudwatch', url) as never),
      );
    case 'simulator':
      throw configError(
        'agents.metrics.backend',
        'afr serve reads the simulator through Prometheus; use backend prometheus scraping afr sim serve',
      );
    default:
      return undefined;
  }
}

function logSource(config: AfrConfig): LogSource | undefined {
  const { backend, url, path, index_pattern } = config.agents.logs;
  const key = `integrations.${backend}`;
  switch (backend) {
    case 'loki':
      return construct(key, () => new LokiLogSource(integration(config, 'loki', url) as never));
    case 'elasticsearch': {
      const settings = integration(config, 'elasticsearch', url);
      if (index_pattern && settings.index === undefined) settings.index = index_pattern;
      return construct(key, () => new ElasticsearchLogSource(settings as never));
    }
    case 'splunk':
      return construct(key, () => new SplunkLogSource(integration(config, 'splunk', url) as never));
    case 'cloudwatch':
      return construct(key, () => new CloudWatchLogsSource(integration(config, 'cloudwatch_logs') as never));
    case 'file':
      return construct(key, () => new FileLogSource({ ...integration(config, 'file'), path } as never));
    case 'simulator':
      return new SimHttpLogSource({ url: simulatorUrl(config, 'agents.logs.backend') });
    default:
      return undefined;
  }
}

function changeSource(config: AfrConfig): ChangeSource | undefined {
  const { backend, url } = config.agents.deploy;
  const key = `integrations.${backend}`;
  switch (backend) {
    case 'kubernetes':
      return new KubernetesChangeSource(
        parsed(KubernetesOptionsSchema, integration(config, 'kubernetes'), key),
      );
    case 'argocd':
      return new ArgoCdChangeSource(parsed(ArgoCdOptionsSchema, integration(config, 'argocd', url), key));
    case 'github':
      return new GitHubChangeSource(parsed(GitHubOptionsSchema, integration(config, 'github', url), key));
    case 'gitlab':
      return new GitLabChangeSource(parsed(GitLabOptionsSchema, integration(config, 'gitlab', url), key));
    case 'jenkins':
      return new JenkinsChangeSource(parsed(JenkinsOptionsSchema, integration(config, 'jenkins', url), key));
    case 'simulator':
      return new SimHttpChangeSource({ url: simulatorUrl(config, 'agents.deploy.backend') });
    default:
      return undefined;
  }
}

function traceSource(config: AfrConfig): TraceSource | undefined {
  const { backend, url } = config.traces;
  const key = `integrations.${backend}`;
  switch (backend) {
    case 'jaeger':
      return construct(key, () => new JaegerTraceSource(integration(config, 'jaeger', url) as never));
    case 'tempo':
      return construct(key, () => new TempoTraceSource(integration(config, 'tempo', url) as never));
    case 'simulator':
      return new SimHttpTraceSource({ url: simulatorUrl(config, 'traces.backend') });
    default:
      return undefined;
  }
}

function topologySource(config: AfrConfig): TopologySource | undefined {
  if (config.topology.file) return new FileTopologySource(config.topology.file);
  if (config.agents.deploy.backend === 'simulator' || config.agents.logs.backend === 'simulator') {
    return new SimHttpTopologySource({ url: simulatorUrl(config, 'agents') });
  }
  if (config.agents.deploy.backend === 'kubernetes') {
    return new KubernetesTopologySource(
      parsed(KubernetesOptionsSchema, integration(config, 'kubernetes'), 'integrations.kubernetes'),
    );
  }
  return undefined;
}

/** The topology from a JSON file (the bundle spec's topology.json), re-read on each call. */
export class FileTopologySource implements TopologySource {
  readonly id = 'topology-file';
  constructor(private readonly path: string) {}

  async topology(): Promise<Outcome<Topology>> {
    const source = { connector: this.id, query: this.path };
    try {
      const parsed = TopologySchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          kind: 'error',
          message: `${this.path}: ${issue?.path.join('.')}: ${issue?.message}`,
          retryable: false,
          source,
        };
      }
      return { kind: 'ok', data: parsed.data, source };
    } catch (error) {
      return {
        kind: 'error',
        message: `${this.path}: ${error instanceof Error ? error.message : String(error)}`,
        retryable: false,
        source,
      };
    }
  }
}

/** Changes from several sources, merged by time; one failing source does not hide the others. */
export class MergedChangeSource implements ChangeSource {
  readonly id: string;
  constructor(private readonly sources: ChangeSource[]) {
    this.id = sources.map((s) => s.id).join('+');
  }

  async changes(query: ChangeQuery, ctx: QueryContext): Promise<Outcome<ChangeEvent[]>> {
    const outcomes = await Promise.all(this.sources.map((s) => s.changes(query, ctx)));
    const source = { connector: this.id, query: 'merged changes' };
    const data = outcomes.flatMap((o) => (o.kind === 'ok' ? o.data : []));
    const errors = outcomes.filter((o) => o.kind === 'error');
    if (!data.length && errors.length === outcomes.length) {
      return {
        kind: 'error',
        message: errors.map((e) => (e.kind === 'error' ? e.message : '')).join('; '),
        retryable: true,
        source,
      };
    }
    if (!data.length) return { kind: 'no_data', source };
    return { kind: 'ok', data: data.sort((a, b) => a.timestamp - b.timestamp), source };
  }
}
