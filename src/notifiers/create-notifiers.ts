/**
 * Builds the notification fan-out from config.yml's `notifications` section: a list of
 * notifier entries, each naming exactly one channel (`slack`, `pagerduty`, `opsgenie`,
 * `victorops`, `teams`, `webhook`) with that channel's options and an optional route.
 *
 * @example
 * notifications:
 *   deadline_ms: 10000
 *   queue_capacity: 0
 *   incident_url: https://afr.example.com/incidents/{incident_id}
 *   public_url: https://afr.example.com        # resolved notifications link the postmortem report
 *   notifiers:
 *     - slack: { bot_token: ${SLACK_BOT_TOKEN}, channel: C0123456789, signing_secret: ${SLACK_SIGNING_SECRET} }
 *     - pagerduty: { routing_key: ${PAGERDUTY_ROUTING_KEY} }
 *       route: { min_severity: high, services: ["payment-*"] }
 */
import { z } from 'zod';
import type { Notifier } from '../core/ports.js';
import type { DeliveryOptions, NotifierDeps } from './delivery.js';
import {
  type NotifierLogger,
  NotifierRouter,
  type NotifierRouterOptions,
  type RoutedNotifier,
} from './notifier-router.js';
import { OpsgenieNotifier, OpsgenieOptionsSchema } from './opsgenie-notifier.js';
import { PagerDutyNotifier, PagerDutyOptionsSchema } from './pagerduty-notifier.js';
import { uiIncidentUrlTemplate } from './postmortem-attachment.js';
import { NotifierRouteSchema } from './route.js';
import { SlackNotifier, SlackOptionsSchema } from './slack-notifier.js';
import { TeamsNotifier, TeamsOptionsSchema } from './teams-notifier.js';
import { VictorOpsNotifier, VictorOpsOptionsSchema } from './victorops-notifier.js';
import { WebhookNotifier, WebhookOptionsSchema } from './webhook-notifier.js';

export const NOTIFIER_TYPES = ['slack', 'pagerduty', 'opsgenie', 'victorops', 'teams', 'webhook'] as const;
export type NotifierType = (typeof NOTIFIER_TYPES)[number];

export const NotifierEntrySchema = z
  .object({
    /** Name in logs and outcomes; defaults to the channel type (slack, slack-2, ...). */
    id: z.string().min(1).optional(),
    route: NotifierRouteSchema.default({}),
    slack: SlackOptionsSchema.optional(),
    pagerduty: PagerDutyOptionsSchema.optional(),
    opsgenie: OpsgenieOptionsSchema.optional(),
    victorops: VictorOpsOptionsSchema.optional(),
    teams: TeamsOptionsSchema.optional(),
    webhook: WebhookOptionsSchema.optional(),
  })
  .superRefine((entry, ctx) => {
    const set = NOTIFIER_TYPES.filter((type) => entry[type] !== undefined);
    if (set.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `name exactly one of ${NOTIFIER_TYPES.join(', ')} (found ${set.length ? set.join(', ') : 'none'})`,
      });
    }
  });
export type NotifierEntry = z.output<typeof NotifierEntrySchema>;

export const NotificationsConfigSchema = z.object({
  /** Longest one notifier may take for one event, retries included. */
  deadline_ms: z.number().int().positive().default(10_000),
  /** 0: `notify` waits for delivery; > 0: events are queued (at most this many). */
  queue_capacity: z.number().int().min(0).default(0),
  /** Default incident link for every notifier: a template with `{incident_id}`. */
  incident_url: z.string().optional(),
  /** afr serve's external address, for every notifier: report links on resolve; incident_url's default. */
  public_url: z.url().optional(),
  notifiers: z.array(NotifierEntrySchema).default([]),
});
export type NotificationsConfig = z.output<typeof NotificationsConfigSchema>;
export type NotificationsConfigInput = z.input<typeof NotificationsConfigSchema>;

export interface CreateNotifiersDeps extends NotifierDeps {
  log?: NotifierLogger;
  /** Stamps every event with the audit chain head at send time (see NotifierRouterOptions). */
  auditHead?: NotifierRouterOptions['auditHead'];
}

/**
 * Validates the section (throwing a ZodError that names the bad key, like the rest of the
 * config) and returns a router that fans events out to the configured notifiers.
 */
export function createNotifiers(
  config: NotificationsConfigInput,
  deps: CreateNotifiersDeps = {},
): NotifierRouter {
  const parsed = NotificationsConfigSchema.parse(config);
  const used = new Map<string, number>();
  const routes: RoutedNotifier[] = parsed.notifiers.map((entry) => {
    const type = NOTIFIER_TYPES.find((t) => entry[t] !== undefined)!;
    const seen = (used.get(type) ?? 0) + 1;
    used.set(type, seen);
    const id = entry.id ?? (seen === 1 ? type : `${type}-${seen}`);
    return {
      notifier: buildNotifier(entry, type, id, parsed.incident_url, parsed.public_url, deps),
      route: entry.route,
    };
  });
  return new NotifierRouter(routes, {
    deadline_ms: parsed.deadline_ms,
    queue_capacity: parsed.queue_capacity,
    log: deps.log,
    auditHead: deps.auditHead,
  });
}

function buildNotifier(
  entry: NotifierEntry,
  type: NotifierType,
  id: string,
  incidentUrl: string | undefined,
  publicUrl: string | undefined,
  deps: NotifierDeps,
): Notifier {
  const withLink = <T extends DeliveryOptions>(options: T): T => {
    const public_url = options.public_url ?? publicUrl;
    return {
      ...options,
      public_url,
      incident_url:
        options.incident_url ?? incidentUrl ?? (public_url ? uiIncidentUrlTemplate(public_url) : undefined),
    };
  };
  switch (type) {
    case 'slack':
      return new SlackNotifier(withLink(entry.slack!), id, deps);
    case 'pagerduty':
      return new PagerDutyNotifier(withLink(entry.pagerduty!), id, deps);
    case 'opsgenie':
      return new OpsgenieNotifier(withLink(entry.opsgenie!), id, deps);
    case 'victorops':
      return new VictorOpsNotifier(withLink(entry.victorops!), id, deps);
    case 'teams':
      return new TeamsNotifier(withLink(entry.teams!), id, deps);
    case 'webhook':
      return new WebhookNotifier(withLink(entry.webhook!), id, deps);
  }
}
