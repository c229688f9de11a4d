/**
 * Opsgenie Alert API notifier (`Authorization: GenieKey <key>`; api.opsgenie.com, or
 * api.eu.opsgenie.com for EU accounts). The alert's alias is the afr incident id, so
 * Opsgenie de-duplicates repeated raises: opened / escalated / approval requested create
 * (`POST /v2/alerts`), an action taken acknowledges and resolved closes
 * (`POST /v2/alerts/{alias}/{acknowledge|close}?identifierType=alias`). Requests are
 * processed asynchronously: 202 `{result, took, requestId}` is success. The audit chain head
 * (`SEQ:HASH`) goes in the alert's `details.audit_head`, and in the note of an acknowledge or close.
 */
import { z } from 'zod';
import type { HttpClient } from '../connectors/http/http-client.js';
import { noData, type Outcome } from '../core/outcome.js';
import type { NotificationEvent, NotificationKind, Notifier, QueryContext } from '../core/ports.js';
import { deliver, deliveryOptionFields, httpClientFor, isRecord, type NotifierDeps } from './delivery.js';
import { formatNotification, plainText, truncate } from './message-format.js';
import { OPSGENIE_PRIORITY, severityOf } from './notification-severity.js';

export const OPSGENIE_API_URLS = {
  us: 'https://api.opsgenie.com',
  eu: 'https://api.eu.opsgenie.com',
} as const;

const ResponderSchema = z.object({
  type: z.enum(['team', 'user', 'escalation', 'schedule']),
  id: z.string().optional(),
  name: z.string().optional(),
  username: z.string().optional(),
});

export const OpsgenieOptionsSchema = z.object({
  /** Key of an API integration (it may create, acknowledge and close alerts). */
  api_key: z.string().min(1),
  region: z.enum(['us', 'eu']).default('us'),
  /** Overrides the region's URL. */
  api_url: z.url().optional(),
  responders: z.array(ResponderSchema).default([]),
  tags: z.array(z.string()).default(['afr']),
  source: z.string().default('afr'),
  /** Display name of the request owner. */
  user: z.string().default('afr'),
  ...deliveryOptionFields,
});
export type OpsgenieOptions = z.output<typeof OpsgenieOptionsSchema>;

type OpsgenieOperation = 'create' | 'acknowledge' | 'close';

const OPERATIONS: Record<NotificationKind, OpsgenieOperation | undefined> = {
  incident_opened: 'create',
  escalated: 'create',
  approval_requested: 'create',
  action_taken: 'acknowledge',
  resolved: 'close',
  observed: undefined,
};

export class OpsgenieNotifier implements Notifier {
  private readonly client: HttpClient;

  constructor(
    private readonly options: OpsgenieOptions,
    readonly id = 'opsgenie',
    deps: NotifierDeps = {},
  ) {
    this.client = httpClientFor(options.api_url ?? OPSGENIE_API_URLS[options.region], options, deps, {
      headers: { authorization: `GenieKey ${options.api_key}` },
    });
  }

  /** The API base URL in use (region or override). */
  get baseUrl(): string {
    return this.client.baseUrl;
  }

  async notify(event: NotificationEvent, ctx: QueryContext): Promise<Outcome<void>> {
    const operation = OPERATIONS[event.kind];
    const source = { connector: this.id, query: `${operation ?? 'skip'} alert ${event.incident_id}` };
    if (!operation) return noData(source);
    const message = formatNotification(event, { incidentUrl: this.options.incident_url });
    const request =
      operation === 'create'
        ? { path: '/v2/alerts', body: this.createBody(event) }
        : {
            path: `/v2/alerts/${encodeURIComponent(event.incident_id)}/${operation}`,
            query: { identifierType: 'alias' },
            body: {
              user: this.options.user,
              source: this.options.source,
              note: truncate(
                message.auditHead ? `${message.summary} (audit head ${message.auditHead})` : message.summary,
                25_000,
              ),
            },
          };
    return deliver(
      source,
      async () => {
        await this.client.request({ method: 'POST', ...request }, ctx.signal);
      },
      describeOpsgenieError,
    );
  }

  /** The Create Alert body, cut to Opsgenie's field limits. */
  createBody(event: NotificationEvent): Record<string, unknown> {
    const message = formatNotification(event, { incidentUrl: this.options.incident_url });
    const severity = severityOf(event.severity);
    const details: Record<string, string> = { incident_id: event.incident_id, notification: event.kind };
    for (const field of message.fields) details[field.label.toLowerCase().replaceAll(' ', '_')] = field.value;
    if (message.plan) details.plan = truncate(message.plan.headline, 1000);
    if (message.link) details.link = message.link;
    if (message.auditHead) details.audit_head = message.auditHead;
    return {
      message: truncate(message.title, 130),
      alias: truncate(event.incident_id, 512),
      description: truncate(plainText(message), 15_000),
      ...(this.options.responders.length > 0 ? { responders: this.options.responders } : {}),
      tags: [...this.options.tags, `severity:${severity}`, `service:${event.service}`].slice(0, 20),
      details,
      entity: truncate(event.service, 512),
      source: this.options.source,
      priority: OPSGENIE_PRIORITY[severity],
      user: this.options.user,
      note: message.kindLabel,
    };
  }
}

/** `{message, errors?: {field: text}, took, requestId}` → one line. */
function describeOpsgenieError(body: unknown): string | undefined {
  if (!isRecord(body) || typeof body.message !== 'string') return undefined;
  const errors = isRecord(body.errors)
    ? Object.entries(body.errors).map(([k, v]) => `${k}: ${String(v)}`)
    : [];
  return [body.message, ...errors].join('; ');
}
