/**
 * The shape of config.yml: every key, its default and its limits. An empty file gives a
 * complete, valid configuration. config.example.yml documents each key.
 */
import { z } from 'zod';
import { STRATEGIES } from '../core/index.js';
import { IncidentRulesSchema } from '../incidents/rules-schema.js';
import { WebhookIntakeConfigSchema } from '../intake/alerts/registry.js';
import { NotificationsConfigSchema } from '../notifiers/create-notifiers.js';
import { isKnownTimeZone } from '../remediation/freeze-windows.js';
import {
  choice,
  count,
  flag,
  fraction,
  numberField,
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
export const ACTUATOR_BACKENDS = [
  'none',
  'simulator',
  'kubernetes',
  'webhook',
  'script',
  'nomad',
  'swarm',
  'istio',
  'ecs',
  'azure_container_apps',
] as const;

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
  /** Log the audit chain head this often when it changed (also at start and shutdown); 0: only then. */
  audit_head_log_seconds: count().default(60),
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
  /** An approval request left undecided this long escalates (checked by `afr serve`'s periodic tick). */
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

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** A day of the week by name (`fri`, `Friday`), as its number (0 = Sunday). */
const weekday = () =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase().slice(0, 3) : value),
    z
      .enum(WEEKDAYS, { error: `expected a day of the week (${WEEKDAYS.join(', ')})` })
      .transform((day) => WEEKDAYS.indexOf(day)),
  );

/** "HH:MM", 00:00 to 24:00 (24:00: the end of the day). Quote it in YAML. */
const timeOfDay = () =>
  z.string({ error: 'expected a time "HH:MM"' }).regex(/^(([01]?\d|2[0-3]):[0-5]\d|24:00)$/, {
    error: 'expected a time "HH:MM" between 00:00 and 24:00',
  });

const WeeklyFreezeWindowSchema = section({
  days: z
    .array(weekday(), { error: 'expected a list of days' })
    .min(1, { error: 'expected at least one day' }),
  /** Local time in `timezone`; an end at or before the start runs past midnight. */
  start: timeOfDay(),
  end: timeOfDay(),
  /** An IANA time zone name (`UTC`, `Europe/Paris`); daylight saving is followed. */
  timezone: text()
    .refine(isKnownTimeZone, { error: 'expected an IANA time zone name such as UTC or Europe/Paris' })
    .default('UTC'),
  reason: text().default(''),
}).superRefine((window, ctx) => {
  if (window.start === '24:00')
    ctx.addIssue({ code: 'custom', path: ['start'], message: 'must be before 24:00' });
});

const StrategyScopeSchema = section({
  /** Matches `policy.environment`; absent: any environment. */
  environment: text().optional(),
  /** Matches the target's Kubernetes namespace (from the topology); absent: any namespace. */
  namespace: text().optional(),
  /** The strategies allowed there (within allowed_strategies); [] allows none. */
  strategies: z.array(choice(ACTIONABLE_STRATEGIES), { error: 'expected a list of strategies' }),
}).superRefine((scope, ctx) => {
  if (scope.environment === undefined && scope.namespace === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['environment'],
      message: 'a scope needs an environment, a namespace or both',
    });
});

const PolicySchema = section({
  /** null: follow commander.auto_remediate; true forces dry-run; false forces real execution. */
  dry_run: flag().nullable().default(null),
  /** Every step is denied while on; a plan running when it flips stops at its next step. */
  kill_switch: flag().default(false),
  /** Applied steps per rolling hour, all services together. */
  max_actions_per_hour: count().default(10),
  /** Applied steps per rolling hour on any one service. */
  max_actions_per_service_per_hour: count().default(6),
  /** After another incident's action on a service, no action on it for this long. */
  service_cooldown_seconds: count().default(600),
  allowed_strategies: z
    .array(choice(ACTIONABLE_STRATEGIES), { error: 'expected a list of strategies' })
    .default([...ACTIONABLE_STRATEGIES]),
  /** Narrower allow-lists per environment and/or namespace; the most specific matching scope wins. */
  strategy_scopes: z.array(StrategyScopeSchema, { error: 'expected a list of scopes' }).default([]),
  /** The environment this afr acts in, matched against strategy_scopes[].environment. */
  environment: text().default(''),
  freeze_windows: z.array(FreezeWindowSchema, { error: 'expected a list of windows' }).default([]),
  /** Recurring change freezes, e.g. Friday evenings: {days: [fri], start: "16:00", end: "24:00"}. */
  weekly_freeze_windows: z
    .array(WeeklyFreezeWindowSchema, { error: 'expected a list of weekly windows' })
    .default([]),
  /** A step may change at most this many replicas at once (a canary counts its own). */
  max_blast_radius_replicas: count().default(10),
  /** A step may change at most this share (0-100) of a service's replicas at once. */
  max_blast_radius_percent: numberField({
    min: 0,
    max: 100,
    expected: 'expected a percentage between 0 and 100',
  }).default(100),
  /** Time to live of the per-service remediation lock; renewed before every step. */
  lock_ttl_seconds: positiveNumber().default(3600),
  /** A partial recovery at the verification deadline: undo it (default) or keep it; both escalate. */
  partial_recovery: choice(['undo', 'keep'] as const).default('undo'),
  /** Kill switch flipped mid-plan: undo what the plan applied (default) or leave it in place, audited. */
  undo_on_kill_switch: flag().default(true),
  /** A human took the incident over mid-plan: leave what was applied (default) or undo it. */
  undo_on_takeover: flag().default(false),
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
