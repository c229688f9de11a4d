/**
 * Webhook intake configuration and the registry of sources it builds, keyed by route id
 * (`/webhooks/<id>`). Every kind is present by default under its own name; `sources.<id>`
 * configures one (auth, mapping overrides, kind options), `enabled: false` removes it, and
 * an id that is not a kind name declares another instance with `kind:`.
 *
 *   intake:
 *     shared_token: <AFR_WEBHOOK_TOKEN>      # bearer fallback for sources without auth
 *     mapping: {service_labels: [service, app], default_severity: medium}
 *     sources:
 *       alertmanager: {auth: {type: bearer, token: ...}}
 *       grafana: {auth: {type: hmac, secret: ..., timestamp_header: X-Grafana-Alerting-Timestamp}}
 *       pagerduty: {auth: {type: hmac, secret: ...}}
 *       datadog: {auth: {type: header, name: x-afr-token, value: ...}}
 *       cloudwatch: {topic_arns: [arn:aws:sns:us-east-1:123456789012:alarms]}
 *       team-x: {kind: generic, fields: {service: /app/name}, mapping: {default_service: team-x}}
 */
import { z } from 'zod';
import { AlertmanagerWebhookSource } from './alertmanager.js';
import { WebhookAuthSchema } from './auth.js';
import { CloudWatchSnsWebhookSource, CloudWatchSourceOptionsSchema } from './cloudwatch.js';
import { DatadogWebhookSource } from './datadog.js';
import { createDefaultHttpGet } from './default-http-get.js';
import { GenericSourceOptionsSchema, GenericWebhookSource } from './generic.js';
import { GrafanaWebhookSource } from './grafana.js';
import { IntakeMappingOverrideSchema, IntakeMappingSchema, mergeMapping } from './mapping.js';
import { PagerDutyWebhookSource } from './pagerduty.js';
import type { SourceContext } from './source-context.js';
import { type HttpGet, WEBHOOK_SOURCE_KINDS, type WebhookSource, type WebhookSourceKind } from './types.js';

const common = {
  kind: z.enum(WEBHOOK_SOURCE_KINDS).optional(),
  enabled: z.boolean().default(true),
  auth: WebhookAuthSchema.optional(),
  mapping: IntakeMappingOverrideSchema.optional(),
};

const CommonSourceSchema = z.strictObject(common);

export const SOURCE_SCHEMAS = {
  alertmanager: CommonSourceSchema,
  grafana: CommonSourceSchema,
  pagerduty: CommonSourceSchema,
  datadog: CommonSourceSchema,
  cloudwatch: CloudWatchSourceOptionsSchema.extend(common)
    .strict()
    .refine((source) => !source.auth || source.auth.type === 'sns' || source.auth.type === 'none', {
      path: ['auth', 'type'],
      message: 'the cloudwatch source supports auth type sns (default) or none',
    }),
  generic: GenericSourceOptionsSchema.extend(common).strict(),
} as const;

type SourceConfigOf<K extends WebhookSourceKind> = z.output<(typeof SOURCE_SCHEMAS)[K]>;
export type WebhookSourceConfig = {
  [K in WebhookSourceKind]: { kind: K; config: SourceConfigOf<K> };
}[WebhookSourceKind];

const SOURCE_ID = /^[a-z0-9][a-z0-9_-]*$/;

/** Each configured source parsed with its kind's schema; every kind present unless configured away. */
const SourcesSchema = z
  .record(z.string().regex(SOURCE_ID, 'source ids are lower-case letters, digits, - and _'), z.unknown())
  .default({})
  .transform((configured, ctx) => {
    const sources: Record<string, WebhookSourceConfig> = {};
    const entries: [string, unknown][] = [
      ...WEBHOOK_SOURCE_KINDS.filter((kind) => !(kind in configured)).map((kind): [string, unknown] => [
        kind,
        {},
      ]),
      ...Object.entries(configured),
    ];
    for (const [id, raw] of entries) {
      const entry = raw ?? {};
      const declared =
        typeof entry === 'object' && entry !== null ? (entry as { kind?: unknown }).kind : undefined;
      const kind = (declared ?? id) as WebhookSourceKind;
      if (!(WEBHOOK_SOURCE_KINDS as readonly string[]).includes(kind)) {
        ctx.addIssue({
          code: 'custom',
          path: [id, 'kind'],
          message: `required for a source not named after a kind: one of ${WEBHOOK_SOURCE_KINDS.join(', ')}`,
        });
        continue;
      }
      const parsed = SOURCE_SCHEMAS[kind].safeParse(entry);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          ctx.addIssue({ code: 'custom', path: [id, ...issue.path], message: issue.message });
        }
        continue;
      }
      sources[id] = { kind, config: parsed.data } as WebhookSourceConfig;
    }
    return sources;
  });

export const WebhookIntakeConfigSchema = z.strictObject({
  /** Bearer token accepted by sources that configure no auth (AFR_WEBHOOK_TOKEN). */
  shared_token: z.string().min(1).optional(),
  /** The label mapping every source starts from. */
  mapping: IntakeMappingSchema.prefault({}),
  sources: SourcesSchema,
});
export type WebhookIntakeConfig = z.output<typeof WebhookIntakeConfigSchema>;
export type WebhookIntakeConfigInput = z.input<typeof WebhookIntakeConfigSchema>;

export interface WebhookSourceDependencies {
  /** Epoch seconds (HMAC timestamp skew, certificate validity, generic alerts without a time). */
  now?: () => number;
  /** GET for SNS certificates and subscription confirmation. */
  httpGet?: HttpGet;
}

/**
 * Builds the enabled sources from raw config. Throws a ZodError naming the key on invalid
 * configuration — a startup error, never a request-time one.
 */
export function createWebhookSources(
  config: WebhookIntakeConfigInput = {},
  deps: WebhookSourceDependencies = {},
): Record<string, WebhookSource> {
  return buildWebhookSources(WebhookIntakeConfigSchema.parse(config), deps);
}

/** Builds the enabled sources from config already parsed with WebhookIntakeConfigSchema. */
export function buildWebhookSources(
  config: WebhookIntakeConfig,
  deps: WebhookSourceDependencies = {},
): Record<string, WebhookSource> {
  const now = deps.now ?? (() => Date.now() / 1000);
  const httpGet = deps.httpGet ?? createDefaultHttpGet();
  const registry: Record<string, WebhookSource> = {};
  for (const [id, source] of Object.entries(config.sources)) {
    if (!source.config.enabled) continue;
    const context: SourceContext = {
      id,
      auth: source.config.auth,
      mapping: mergeMapping(config.mapping, source.config.mapping),
      sharedToken: config.shared_token,
      now,
    };
    registry[id] = buildSource(source, context, httpGet);
  }
  return registry;
}

function buildSource(source: WebhookSourceConfig, context: SourceContext, httpGet: HttpGet): WebhookSource {
  switch (source.kind) {
    case 'alertmanager':
      return new AlertmanagerWebhookSource(context);
    case 'grafana':
      return new GrafanaWebhookSource(context);
    case 'pagerduty':
      return new PagerDutyWebhookSource(context);
    case 'datadog':
      return new DatadogWebhookSource(context);
    case 'cloudwatch':
      return new CloudWatchSnsWebhookSource(context, source.config, httpGet);
    case 'generic':
      return new GenericWebhookSource(context, source.config);
  }
}
