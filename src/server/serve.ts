/**
 * `afr serve`: opens the store and its coordination, builds the connectors, the Commander
 * and the incident pipeline from config.yml, and serves the HTTP API, webhooks and UI.
 * `close()` shuts down gracefully: intake stops first (new requests get 503), in-flight
 * incidents finish or are released for another replica, then the store closes.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { CommanderAgent, type CommanderOptions } from '../agents/commander.js';
import { commanderOptionsFromConfig, dataDirFrom } from '../agents/commander-config.js';
import type { AfrConfig } from '../config/index.js';
import type { Actuator } from '../core/index.js';
import { IncidentManager } from '../incidents/incident-manager.js';
import { buildWebhookSources } from '../intake/alerts/registry.js';
import { learningFor } from '../learning/store-learning.js';
import { createNotifiers } from '../notifiers/create-notifiers.js';
import { serviceLockFromCoordination } from '../remediation/service-lock.js';
import { openStorage, type Storage } from '../store/index.js';
import { actuatorFromConfig } from './actuator-from-config.js';
import { buildApp } from './app.js';
import { AuditHeadLogger } from './audit-head-logger.js';
import { TokenAuthority } from './auth.js';
import { checkConnectors } from './connector-health.js';
import { type ConfiguredPorts, dataPortsFromConfig } from './data-ports.js';
import { IncidentPipeline } from './incident-pipeline.js';
import { INCIDENT_SERIES_LIMITS, type IncidentSeriesLimits } from './incident-series.js';
import { IntakeBatcher } from './intake-batcher.js';
import { publishingStore } from './publishing-store.js';
import type { ConnectorHealth, ServerContext } from './server-context.js';
import { ServerMetrics } from './server-metrics.js';

export interface StartServerOptions {
  config: AfrConfig;
  /** Overrides server.port (0: any free port). */
  port?: number;
  host?: string;
  env?: NodeJS.ProcessEnv;
  /** Acts on the infrastructure; none means every plan stays a dry run. */
  actuator?: Actuator;
  /** Extra Commander options (tests: recheck timing, clocks). */
  commander?: Partial<CommanderOptions>;
  /** pino options or false (default: info-level JSON logs to stdout). */
  logger?: boolean | Record<string, unknown>;
  pollMs?: number;
  /** The incident page's metric series: caps and deadline (default INCIDENT_SERIES_LIMITS). */
  seriesLimits?: Partial<IncidentSeriesLimits>;
}

export interface AfrServer {
  url: string;
  app: FastifyInstance;
  storage: Storage;
  pipeline: IncidentPipeline;
  ports: ConfiguredPorts;
  replicaId: string;
  close(): Promise<void>;
}

export async function startAfrServer(options: StartServerOptions): Promise<AfrServer> {
  const { config } = options;
  const env = options.env ?? process.env;
  const replicaId = config.server.replica_id ?? `${hostname()}-${process.pid}`;
  const now = () => Date.now() / 1000;
  const ports = dataPortsFromConfig(config);
  const storage = await openStorage({
    driver: config.store.driver,
    dataDir: dataDirFrom(config, env),
    url: config.store.url,
    schema: config.store.schema,
  });
  const metrics = new ServerMetrics();
  const app = { log: console } as unknown as { log: ServerLog };
  const store = publishingStore(storage.store, storage.coordination, (error) =>
    app.log.warn({ err: error }, 'publish failed'),
  );
  const sharedToken = config.intake.shared_token ?? env.AFR_WEBHOOK_TOKEN;
  const webhookSources = buildWebhookSources({ ...config.intake, shared_token: sharedToken });
  const notifier = createNotifiers(config.notifications, {
    log: (entry) => app.log.warn(entry as object, 'notification failed'),
    // Every notification carries the audit chain head at send time (afr audit verify --head).
    auditHead: () => storage.store.auditHead(),
  });
  const commander = new CommanderAgent({
    ...commanderOptionsFromConfig(config),
    ports: ports.ports,
    store,
    notifiers: [notifier],
    actuator: options.actuator ?? actuatorFromConfig(config),
    serviceLock: serviceLockFromCoordination(storage.coordination, now),
    // Learns from the shared store's history: every replica sees every outcome (src/learning).
    learning: learningFor(store),
    ...options.commander,
  });
  const manager = new IncidentManager({ rules: config.incidents });
  let health: ConnectorHealth[] | undefined;
  const intake = new IntakeBatcher(storage.coordination);
  const context: ServerContext = {
    store,
    coordination: storage.coordination,
    intake,
    commander,
    webhookSources,
    webhookChanges: ports.webhookChanges,
    changeTokens: sharedToken ? [sharedToken] : [],
    tokens: new TokenAuthority(config.server.api_tokens, env),
    metrics,
    ports,
    investigationMetrics: (options.commander?.ports ?? ports.ports).metrics,
    seriesLimits: { ...INCIDENT_SERIES_LIMITS, ...options.seriesLimits },
    storeDriver: config.store.driver,
    replicaId,
    connectorHealth: () => health,
    now,
  };
  const fastify = buildApp(context, {
    bodyLimitBytes: config.server.body_limit_bytes,
    uiDir: config.server.ui ? uiDirectory() : undefined,
    logger: options.logger ?? { level: env.AFR_LOG_LEVEL ?? 'info' },
    version: packageVersion(),
    slackSigningSecrets: config.notifications.notifiers.flatMap((n) =>
      n.slack?.signing_secret ? [n.slack.signing_secret] : [],
    ),
  });
  app.log = fastify.log as unknown as ServerLog;
  const pipeline = new IncidentPipeline({
    store,
    coordination: storage.coordination,
    commander,
    manager,
    metrics,
    replicaId,
    workers: config.server.workers,
    leaseSeconds: config.server.lease_seconds,
    pollMs: options.pollMs,
    intakeVersion: () => intake.version,
    log: app.log,
    now,
  });

  const refreshTopology = async () => {
    const outcome = await ports.ports.topology?.topology({ signal: AbortSignal.timeout(3000) });
    if (outcome?.kind === 'ok') manager.setTopology(outcome.data);
  };
  const topologyTimer = setInterval(() => void refreshTopology().catch(() => undefined), 60_000);
  topologyTimer.unref();
  await refreshTopology().catch(() => undefined);
  checkConnectors(ports.ports, now())
    .then((result) => {
      health = result;
      for (const c of result.filter((r) => r.status === 'error'))
        app.log.warn({ connector: c }, 'connector health check failed');
    })
    .catch(() => undefined);

  const address = await fastify.listen({
    port: options.port ?? config.server.port,
    host: options.host ?? config.server.host,
  });
  pipeline.start();
  if (!context.tokens.configured)
    app.log.warn({}, 'no API tokens configured: set AFR_API_TOKEN to use the API and UI');
  app.log.info({ address, replica: replicaId, store: config.store.driver }, 'afr serve listening');
  const auditHeadLogger = new AuditHeadLogger(storage.store, app.log, config.server.audit_head_log_seconds);
  await auditHeadLogger.start();

  let closing: Promise<void> | undefined;
  return {
    url: address,
    app: fastify,
    storage,
    pipeline,
    ports,
    replicaId,
    close: () => {
      closing ??= (async () => {
        clearInterval(topologyTimer);
        await fastify.close();
        await pipeline.stop();
        await notifier.drain?.().catch(() => undefined);
        await auditHeadLogger.stop();
        await storage.close();
      })();
      return closing;
    },
  };
}

interface ServerLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

function packageRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

function uiDirectory(): string {
  return join(packageRoot(), 'dist', 'ui');
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}
