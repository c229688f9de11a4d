/**
 * Microsoft Teams notifier: posts an Adaptive Card message to a Teams Workflows (Power
 * Automate "post to a channel when a webhook request is received") URL, or to a legacy
 * incoming webhook. Workflows answer 202; legacy webhooks answer 200 "1" and report
 * throttling inside a 200 body, which is treated as a retryable error.
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
} from './delivery.js';
import { formatNotification } from './message-format.js';
import { severityOf } from './notification-severity.js';
import { teamsMessage } from './teams-card.js';

export const TeamsOptionsSchema = z.object({
  /** The Workflows (or legacy incoming-webhook) URL; it is a secret. */
  webhook_url: z.url(),
  ...deliveryOptionFields,
});
export type TeamsOptions = z.output<typeof TeamsOptionsSchema>;

export class TeamsNotifier implements Notifier {
  private readonly client: HttpClient;
  private readonly endpoint: Endpoint;

  constructor(
    private readonly options: TeamsOptions,
    readonly id = 'teams',
    deps: NotifierDeps = {},
  ) {
    this.endpoint = endpointOf(options.webhook_url);
    this.client = httpClientFor(this.endpoint.baseUrl, options, deps);
  }

  async notify(event: NotificationEvent, ctx: QueryContext): Promise<Outcome<void>> {
    const message = formatNotification(event, { incidentUrl: this.options.incident_url });
    const body = teamsMessage(message, severityOf(event.severity));
    return deliver(
      { connector: this.id, query: `webhook ${event.incident_id}` },
      async () => {
        const response = await this.client.request(
          { method: 'POST', path: this.endpoint.path, query: this.endpoint.query, body },
          ctx.signal,
        );
        if (/HTTP error 429/i.test(response.text)) {
          throw new DeliveryError(`Teams: ${response.text.trim().slice(0, 200)}`, true);
        }
      },
      (answer) =>
        isRecord(answer) && isRecord(answer.error) && typeof answer.error.message === 'string'
          ? `${String(answer.error.code ?? 'error')}: ${answer.error.message}`
          : undefined,
    );
  }
}
