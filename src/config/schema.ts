/**
 * The shape of config.yml: every key, its default and its limits. An empty file gives a
 * complete, valid configuration. config.example.yml documents each key.
 */
import { z } from 'zod';
import { STRATEGIES } from '../core/index.js';
import { IncidentRulesSchema } from '../incidents/rules-schema.js';
import { WebhookIntakeConfigSchema } from '../intake/alerts/registry.js';
import { NotificationsConfigSchema } from '../notifiers/create-notifiers.js';
import {
  choice,
  count,
  flag,
  fraction,
  port,
  positiveNumber,
  section,
  settings,
  text,
  timestamp,
} from './fields.js';

export const LOG_BACKENDS = [
  'simulator',
  'bundle',
  'file',
  'loki',
  'elasticsearch',
  'cloudwatch',
  'splunk',
] as const;
export const METRICS_BACKENDS = [
  'simulator',
  'bundle',
  'prometheus',
  'datadog',
  'cloudwatch',
  'newrelic',
] as const;
export const DEPLOY_BACKENDS = [
  'simulator',
  'bundle',
  'kubernetes',
  'argocd',
  'github',
  'gitlab',
  'jenkins',
  'webhook',
] as const;
export const STORE_DRIVERS = ['sqlite', 'postgres', 'memory'] as const;
export const TRACE_BACKENDS = ['none', 'simulator', 'bundle', 'jaeger', 'tempo'] as const;
export const API_ROLES = ['viewer', 'approver', 'admin'] as const;
export const ACTUATOR_BACKENDS = ['none', 'simulator', 'kubernetes'] as const;

const ApiTokenSchema = section({
  name: text(),
  role: choice(API_ROLES),
  /** Hex SHA-256 of the token (`afr token hash`); the token itself is never stored. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits (afr token hash <token>)'),
});

const ServerSchema = section({
  host: text().default('127.0.0.1'),
  port: port().default(8080),
  /** Largest request body accepted (webhooks, API); larger ones get 413. */
  body_limit_bytes: count().default(16 * 1024 * 1024),
  /** API tokens with roles, stored hashed. AFR_API_TOKEN adds an admin token. */
  api_tokens: z.array(ApiTokenSchema, { error: 'expected a list of tokens' }).default([]),
  /** Incidents investigated at once by this replica. */
  workers: count().default(4),
  /** A claimed incident's lease; a replica that dies loses its claims after this. */
  lease_seconds: positiveNumber().default(30),
  /** Name of this replica in leases and the audit log; default host name and pid. */
  replica_id: text().optional(),
  /** Serve the web UI at / (from dist/ui). */
  ui: flag().default(true),
});
/** Strategies a policy may allow: every real one ('none' is not an action). */
export const ACTIONABLE_STRATEGIES = STRATEGIES.filter((s) => s !== 'none') as [
  Exclude<(typeof STRATEGIES)[number], 'none'>,
  ...Exclude<(typeof STRATEGIES)[number], 'none'>[],
];

/** Backends that cannot work without a server address. */
const NEEDS_URL = new Set<string>(['loki', 'elasticsearch', 'splunk', 'prometheus', 'argocd', 'jenkins']);

function requireUrlFor(agent: { backend: string; url?: string }, ctx: z.RefinementCtx): void {
  if (NEEDS_URL.has(agent.backend) && !agent.url) {
    ctx.addIssue({ code: 'custom', path: ['url'], message: `required when backend is ${agent.backend}` });
  }
}

const agentCommon = {
  url: text().optional(),
  /** This agent's share of the investigation deadline; an equal share when absent. */
  deadline_ms: positiveNumber().optional(),
};

const LogsAgentSchema = section({
  backend: choice(LOG_BACKENDS).default('simulator'),
  ...agentCommon,
  index_pattern: text().optional(),
  path: text().optional(),
}).superRefine((agent, ctx) => {
  requireUrlFor(agent, ctx);
  if (agent.backend === 'file' && !agent.path) {
    ctx.addIssue({ code: 'custom', path: ['path'], message: 'required when backend is file' });
  }
});

const MetricsAgentSchema = section({
  backend: choice(METRICS_BACKENDS).default('simulator'),
  ...agentCommon,
  retention_days: positiveNumber().optional(),
}).superRefine(requireUrlFor);

const DeployAgentSchema = section({
  backend: choice(DEPLOY_BACKENDS).default('simulator'),
  ...agentCommon,
  history_days: positiveNumber().optional(),
}).superRefine(requireUrlFor);

const CommanderSchema = section({
  confidence_threshold: fraction().default(0.8),
  approval_threshold: fraction().default(0.5),
  auto_remediate: flag().default(false),
  escalation_timeout_seconds: positiveNumber().default(300),
  investigation_deadline_ms: positiveNumber().default(5000),
  window_minutes: positiveNumber().default(60),
}).superRefine((commander, ctx) => {
  if (commander.approval_threshold > commander.confidence_threshold) {
    ctx.addIssue({
      code: 'custom',
      path: ['approval_threshold'],
      message: `must not exceed commander.confidence_threshold (${commander.confidence_threshold})`,
    });
  }
});

const FreezeWindowSchema = section({
  start: timestamp(),
  end: timestamp(),
  reason: text().default(''),
}).superRefine((window, ctx) => {
  if (window.end <= window.start)
    ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
});

const PolicySchema = section({
  /** null: follow commander.auto_remediate; true forces dry-run; false forces real execution. */
  dry_run: flag().nullable().default(null),
  kill_switch: flag().default(false),
  max_actions_per_hour: count().default(10),
  service_cooldown_seconds: count().default(600),
  allowed_strategies: z
    .array(choice(ACTIONABLE_STRATEGIES), { error: 'expected a list of strategies' })
    .default([...ACTIONABLE_STRATEGIES]),
  freeze_windows: z.array(FreezeWindowSchema, { error: 'expected a list of windows' }).default([]),
  max_blast_radius_replicas: count().default(10),
});

const StoreSchema = section({
  driver: choice(STORE_DRIVERS).default('sqlite'),
  data_dir: text().default('./.afr'),
  url: text().default(''),
  /** PostgreSQL schema for afr's tables; created when missing. */
  schema: text().default('public'),
}).superRefine((store, ctx) => {
  if (store.driver === 'postgres' && !store.url) {
    ctx.addIssue({ code: 'custom', path: ['url'], message: 'required when driver is postgres' });
  }
});

export const AfrConfigSchema = section({
  commander: CommanderSchema.prefault({}),
  agents: section({
    logs: LogsAgentSchema.prefault({}),
    metrics: MetricsAgentSchema.prefault({}),
    deploy: DeployAgentSchema.prefault({}),
  }).prefault({}),
  integrations: z
    .preprocess(
      (value) => (value === null ? {} : value),
      z.record(z.string(), settings(), { error: 'expected a mapping of integrations' }),
    )
    .default({}),
  store: StoreSchema.prefault({}),
  server: ServerSchema.prefault({}),
  intake: WebhookIntakeConfigSchema.prefault({}),
  incidents: IncidentRulesSchema.prefault({}),
  notifications: NotificationsConfigSchema.prefault({}),
  actuator: section({
    /** What carries out remediations; settings under integrations.<backend>. */
    backend: choice(ACTUATOR_BACKENDS).default('none'),
  }).prefault({}),
  traces: section({
    backend: choice(TRACE_BACKENDS).default('none'),
    url: text().optional(),
    deadline_ms: positiveNumber().optional(),
  })
    .superRefine((traces, ctx) => {
      if (traces.backend !== 'none' && traces.backend !== 'simulator' && !traces.url) {
        ctx.addIssue({
          code: 'custom',
          path: ['url'],
          message: `required when backend is ${traces.backend}`,
        });
      }
    })
    .prefault({}),
  policy: PolicySchema.prefault({}),
  topology: section({ file: text().nullable().default(null) }).prefault({}),
});

/** A complete, validated configuration. */
export type AfrConfig = z.output<typeof AfrConfigSchema>;
