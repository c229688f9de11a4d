/**
 * PagerDuty Events API v2 notifier: `POST /v2/enqueue` with the integration's routing key
 * and `dedup_key` = the afr incident id, so every event of an incident lands on one alert.
 * Opened / escalated / approval requested trigger (re-triggering adds to the same alert),
 * an action taken acknowledges, resolved resolves; observe-only incidents page no one.
 * 202 is success; 400 carries `{status, message, errors[]}`; 429 and 5xx are retried.
 *
 * The resolve event carries the postmortem: `payload.custom_details` with its summary
 * (root cause, MTTR, actions, verification, follow-ups) and, when public_url is set,
 * `links` to the report API endpoint (HTML and Markdown). Trigger and resolve events carry
 * the audit chain head as `custom_details.audit_head` (`SEQ:HASH`). PagerDuty requires a payload only
 * on trigger; a resolve that sends one too is accepted, as Alertmanager's integration does.
 */
import { z } from 'zod';
import type { HttpClient } from '../connectors/http/http-client.js';
import { noData, type Outcome } from '../core/outcome.js';
import type { NotificationEvent, NotificationKind, Notifier, QueryContext } from '../core/ports.js';
import {
  DeliveryError,
  deliver,
  deliveryOptionFields,
  httpClientFor,
  isRecord,
  type NotifierDeps,
  parseJson,
} from './delivery.js';
import { auditHeadText, formatNotification, plainText, rootCauseText, truncate } from './message-format.js';
import { PAGERDUTY_SEVERITY, severityOf } from './notification-severity.js';
import { postmortemAttachment } from './postmortem-attachment.js';

export const PagerDutyOptionsSchema = z.object({
  /** The 32-character integration key of an Events API v2 integration. */
  routing_key: z.string().min(1),
  api_url: z.url().default('https://events.pagerduty.com'),
  /** `client` shown on the alert. */
  client: z.string().default('afr'),
  /** Optional `payload.group` (a cluster or grouping of sources). */
  group: z.string().optional(),
  ...deliveryOptionFields,
});
export type PagerDutyOptions = z.output<typeof PagerDutyOptionsSchema>;

export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';

export const PAGERDUTY_ACTIONS: Record<NotificationKind, PagerDutyAction | undefined> = {
  incident_opened: 'trigger',
  escalated: 'trigger',
  approval_requested: 'trigger',
  action_taken: 'acknowledge',
  resolved: 'resolve',
  observed: undefined,
};

export class PagerDutyNotifier implements Notifier {
  private readonly client: HttpClient;

  constructor(
    private readonly options: PagerDutyOptions,
    readonly id = 'pagerduty',
    deps: NotifierDeps = {},
  ) {
    this.client = httpClientFor(options.api_url, options, deps);
  }

  async notify(event: NotificationEvent, ctx: QueryContext): Promise<Outcome<void>> {
    const action = PAGERDUTY_ACTIONS[event.kind];
    const source = { connector: this.id, query: `enqueue ${action ?? 'skip'} ${event.incident_id}` };
    if (!action) return noData(source);
    return deliver(
      source,
      async () => {
        const response = await this.client.request(
          { method: 'POST', path: '/v2/enqueue', body: this.body(event, action) },
          ctx.signal,
        );
        const answer = parseJson(response.text);
        if (isRecord(answer) && typeof answer.status === 'string' && answer.status !== 'success') {
          throw new DeliveryError(`PagerDuty: ${answer.status}: ${String(answer.message ?? '')}`);
        }
      },
      describePagerDutyError,
    );
  }

  /** The Events API v2 body for one event. */
  body(event: NotificationEvent, action: PagerDutyAction): Record<string, unknown> {
    const base = {
      routing_key: this.options.routing_key,
      dedup_key: event.incident_id,
      event_action: action,
    };
    if (action === 'resolve') return this.resolveBody(event, base);
    if (action !== 'trigger') return base;
    const message = formatNotification(event, { incidentUrl: this.options.incident_url });
    const report = event.report;
    const customDetails: Record<string, unknown> = {
      incident_id: event.incident_id,
      notification: event.kind,
      ...Object.fromEntries(message.fields.map((f) => [f.label.toLowerCase().replaceAll(' ', '_'), f.value])),
    };
    if (message.plan) customDetails.plan = [message.plan.headline, ...message.plan.steps];
    if (message.details.length > 0) customDetails.details = message.details;
    if (message.auditHead) customDetails.audit_head = message.auditHead;
    customDetails.text = plainText(message);
    return {
      ...base,
      payload: {
        summary: truncate(`${message.summary}`, 1024),
        source: event.service,
        severity: PAGERDUTY_SEVERITY[severityOf(event.severity)],
        ...(report ? { timestamp: new Date(report.alert.timestamp * 1000).toISOString() } : {}),
        component: report?.root_cause?.service ?? event.service,
        ...(this.options.group ? { group: this.options.group } : {}),
        ...(report?.root_cause ? { class: rootCauseText(event) } : {}),
        custom_details: customDetails,
      },
      client: this.options.client,
      ...(message.link
        ? { client_url: message.link, links: [{ href: message.link, text: 'Incident in afr' }] }
        : {}),
    };
  }

  private resolveBody(event: NotificationEvent, base: Record<string, unknown>): Record<string, unknown> {
    const postmortem = postmortemAttachment(event, this.options.public_url);
    if (!postmortem) return base;
    const p = postmortem.postmortem;
    const links = postmortem.links;
    return {
      ...base,
      payload: {
        summary: truncate(`Resolved: ${postmortem.title}`, 1024),
        source: event.service,
        severity: PAGERDUTY_SEVERITY[severityOf(event.severity)],
        component: p.root_cause?.service ?? event.service,
        ...(this.options.group ? { group: this.options.group } : {}),
        custom_details: {
          incident_id: event.incident_id,
          notification: event.kind,
          postmortem: postmortem.summary,
          root_cause: p.root_cause
            ? {
                service: p.root_cause.service,
                cause: p.root_cause.cause,
                confidence: p.root_cause.confidence,
              }
            : null,
          mttr_s: p.mttr_s,
          actions: p.actions.map((a) => `${a.strategy} ${a.target}: ${a.status}`),
          verification: p.verification,
          follow_ups: p.follow_ups,
          ...(links ? { report_url: links.html } : {}),
          ...(event.audit_head ? { audit_head: auditHeadText(event.audit_head) } : {}),
        },
      },
      ...(links
        ? {
            links: [
              { href: links.html, text: 'Postmortem report' },
              { href: links.markdown, text: 'Postmortem report (Markdown)' },
            ],
          }
        : {}),
    };
  }
}

/** `{status:"invalid event", message:"Event object is invalid", errors:[...]}` → one line. */
function describePagerDutyError(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const message = typeof body.message === 'string' ? body.message : undefined;
  const errors = Array.isArray(body.errors)
    ? body.errors.map(String)
    : typeof body.errors === 'string'
      ? [body.errors]
      : [];
  if (!message && errors.length === 0) return undefined;
  return [message, ...errors].filter(Boolean).join(': ');
}
