/**
 * Generic webhook notifier: POSTs the event as JSON (kind, incident, severity, service,
 * the formatted summary and fields, action and verification, the audit chain head
 * `{seq, hash}` or null; the full incident report only when `include_report` is set).
 * Optional bearer token, and an optional `sha256=<hex>` HMAC-SHA256 signature of the exact
 * body bytes so receivers can check the sender (recompute it over the raw body and compare
 * in constant time).
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { HttpClient } from '../connectors/http/http-client.js';
import type { Outcome } from '../core/outcome.js';
import type { NotificationEvent, Notifier, QueryContext } from '../core/ports.js';
import {
  deliver,
  deliveryOptionFields,
  type Endpoint,
  endpointOf,
  httpClientFor,
  type NotifierDeps,
} from './delivery.js';
import { formatNotification } from './message-format.js';
import { severityOf } from './notification-severity.js';

export const WebhookOptionsSchema = z.object({
  url: z.url(),
  bearer_token: z.string().min(1).optional(),
  /** When set, the body is signed with HMAC-SHA256 under this secret. */
  hmac_secret: z.string().min(1).optional(),
  signature_header: z.string().min(1).default('X-Afr-Signature-256'),
  /** Send the whole IncidentReport too (large; may include internal detail). */
  include_report: z.boolean().default(false),
  /** Extra headers, e.g. a routing header the receiver expects. */
  headers: z.record(z.string(), z.string()).default({}),
  ...deliveryOptionFields,
});
export type WebhookOptions = z.output<typeof WebhookOptionsSchema>;

export const WEBHOOK_PAYLOAD_VERSION = 1;

export class WebhookNotifier implements Notifier {
  private readonly client: HttpClient;
  private readonly endpoint: Endpoint;

  constructor(
    private readonly options: WebhookOptions,
    readonly id = 'webhook',
    deps: NotifierDeps = {},
    private readonly now: () => number = () => Date.now() / 1000,
  ) {
    this.endpoint = endpointOf(options.url);
    this.client = httpClientFor(this.endpoint.baseUrl, options, deps, {
      headers: options.headers,
      ...(options.bearer_token ? { auth: { kind: 'bearer' as const, token: options.bearer_token } } : {}),
    });
  }

  async notify(event: NotificationEvent, ctx: QueryContext): Promise<Outcome<void>> {
    return deliver({ connector: this.id, query: `POST ${event.kind} ${event.incident_id}` }, async () => {
      const body = JSON.stringify(this.payload(event));
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (this.options.hmac_secret) {
        headers[this.options.signature_header] = webhookSignature(body, this.options.hmac_secret);
      }
      await this.client.request(
        { method: 'POST', path: this.endpoint.path, query: this.endpoint.query, body, headers },
        ctx.signal,
      );
    });
  }

  payload(event: NotificationEvent): Record<string, unknown> {
    const message = formatNotification(event, { incidentUrl: this.options.incident_url });
    const action = event.action ? (({ undo_token: _undo, ...rest }) => rest)(event.action) : undefined;
    return {
      version: WEBHOOK_PAYLOAD_VERSION,
      sent_at: this.now(),
      kind: event.kind,
      incident_id: event.incident_id,
      severity: severityOf(event.severity),
      service: event.service,
      title: message.title,
      summary: message.summary,
      text: event.text,
      fields: message.fields,
      plan: message.plan ?? null,
      details: message.details,
      link: message.link ?? null,
      action: action ?? null,
      verification: event.verification ?? null,
      audit_head: event.audit_head ?? null,
      ...(this.options.include_report && event.report ? { report: event.report } : {}),
    };
  }
}

/** `sha256=` + hex HMAC-SHA256 of the body under `secret`. */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
