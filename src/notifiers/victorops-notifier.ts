/**
 * Splunk On-Call (VictorOps) REST endpoint notifier: `POST {rest_endpoint_url}/{routing_key}`
 * with `message_type` and `entity_id` = the afr incident id, which ties every event to one
 * incident. Opened / escalated / approval requested raise CRITICAL (critical, high) or
 * WARNING (medium, low) or INFO; an action taken sends ACKNOWLEDGEMENT, resolved RECOVERY,
 * an observe-only incident INFO (a timeline entry that pages no one). The endpoint
 * answers `{"result":"success","entity_id":...}`; anything else is an error.
 */
import { z } from 'zod';
import type { HttpClient } from '../connectors/http/http-client.js';
import type { Outcome } from '../core/outcome.js';
import type { NotificationEvent, Notifier, QueryContext } from '../core/ports.js';
import {
  DeliveryError,
  deliver,
  deliveryOptionFields,
  type Endpoint,
  endpointOf,
  httpClientFor,
  isRecord,
  type NotifierDeps,
  parseJson,
} from './delivery.js';
import { formatNotification, plainText, truncate } from './message-format.js';
import { severityOf, VICTOROPS_ALERT_TYPE } from './notification-severity.js';

export const VictorOpsOptionsSchema = z.object({
  /** The REST integration URL up to and including the API key (without the routing key). */
  rest_endpoint_url: z.url(),
  routing_key: z.string().min(1),
  monitoring_tool: z.string().default('afr'),
  ...deliveryOptionFields,
});
export type VictorOpsOptions = z.output<typeof VictorOpsOptionsSchema>;

export type VictorOpsMessageType = 'CRITICAL' | 'WARNING' | 'INFO' | 'ACKNOWLEDGEMENT' | 'RECOVERY';

export function victorOpsMessageType(event: NotificationEvent): VictorOpsMessageType {
  switch (event.kind) {
    case 'action_taken':
      return 'ACKNOWLEDGEMENT';
    case 'resolved':
      return 'RECOVERY';
    case 'observed':
      return 'INFO';
    default:
      return VICTOROPS_ALERT_TYPE[severityOf(event.severity)];
  }
}

export class VictorOpsNotifier implements Notifier {
  private readonly client: HttpClient;
  private readonly endpoint: Endpoint;

  constructor(
    private readonly options: VictorOpsOptions,
    readonly id = 'victorops',
    deps: NotifierDeps = {},
  ) {
    const base = options.rest_endpoint_url.replace(/\/+$/, '');
    this.endpoint = endpointOf(`${base}/${encodeURIComponent(options.routing_key)}`);
    this.client = httpClientFor(this.endpoint.baseUrl, options, deps);
  }

  async notify(event: NotificationEvent, ctx: QueryContext): Promise<Outcome<void>> {
    const body = this.body(event);
    return deliver(
      { connector: this.id, query: `${body.message_type} ${event.incident_id}` },
      async () => {
        const response = await this.client.request(
          { method: 'POST', path: this.endpoint.path, query: this.endpoint.query, body },
          ctx.signal,
        );
        const answer = parseJson(response.text);
        if (!isRecord(answer) || answer.result !== 'success') {
          throw new DeliveryError(
            `Splunk On-Call: ${describeVictorOpsError(answer) ?? response.text.slice(0, 200)}`,
          );
        }
      },
      describeVictorOpsError,
    );
  }

  body(event: NotificationEvent): Record<string, unknown> & { message_type: VictorOpsMessageType } {
    const message = formatNotification(event, { incidentUrl: this.options.incident_url });
    const messageType = victorOpsMessageType(event);
    const body: Record<string, unknown> & { message_type: VictorOpsMessageType } = {
      message_type: messageType,
      entity_id: event.incident_id,
      entity_display_name: truncate(message.title, 512),
      state_message: truncate(plainText(message), 20_000),
      monitoring_tool: this.options.monitoring_tool,
      afr_notification: event.kind,
    };
    if (event.report) body.state_start_time = Math.floor(event.report.alert.timestamp);
    for (const field of message.fields)
      body[`afr_${field.label.toLowerCase().replaceAll(' ', '_')}`] = field.value;
    if (message.link) body.afr_link = message.link;
    if (message.auditHead) body.afr_audit_head = message.auditHead;
    if (messageType === 'ACKNOWLEDGEMENT') {
      body.ack_author = this.options.monitoring_tool;
      body.ack_msg = truncate(message.summary, 1000);
    }
    return body;
  }
}

function describeVictorOpsError(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const message = [body.message, body.messages, body.error].find((v) => v !== undefined);
  if (message === undefined) return typeof body.result === 'string' ? body.result : undefined;
  return `${typeof body.result === 'string' ? `${body.result}: ` : ''}${Array.isArray(message) ? message.join('; ') : String(message)}`;
}
