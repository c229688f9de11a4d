/**
 * Slack notifier. With a bot token it posts Block Kit messages through `chat.postMessage`
 * and, for later events of the same incident, edits that message with `chat.update`
 * (channel + ts remembered per incident, least recently used forgotten first). With only
 * an incoming-webhook URL it posts each event as a new message. Slack answers HTTP 200
 * with `{ok:false, error}` on failure: that is an error Outcome; 429 honours Retry-After.
 */
import { z } from 'zod';
import type { HttpClient } from '../connectors/http/http-client.js';
import type { Outcome } from '../core/outcome.js';
import type { NotificationEvent, Notifier, QueryContext } from '../core/ports.js';
import { BoundedMap } from './bounded-map.js';
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
import { formatNotification } from './message-format.js';
import { postmortemAttachment } from './postmortem-attachment.js';
import { type SlackMessage, slackMessage } from './slack-blocks.js';

export const SlackOptionsSchema = z
  .object({
    /** Bot token (xoxb-...) with chat:write; enables update-in-place. */
    bot_token: z.string().min(1).optional(),
    /** Channel ID (C0123...) or name the bot posts to; required with bot_token. */
    channel: z.string().min(1).optional(),
    /** Incoming-webhook URL: each event becomes a new message. */
    webhook_url: z.url().optional(),
    /** Verifies interactive callbacks (Approve/Reject); used by the HTTP server. */
    signing_secret: z.string().min(1).optional(),
    api_url: z.url().default('https://slack.com/api'),
    /** Approve / Reject buttons on approval requests. */
    approval_buttons: z.boolean().default(true),
    /** How many incidents' messages are remembered for chat.update. */
    max_tracked_incidents: z.number().int().positive().default(1000),
    ...deliveryOptionFields,
  })
  .superRefine((options, ctx) => {
    if (options.bot_token && !options.channel) {
      ctx.addIssue({ code: 'custom', path: ['channel'], message: 'required with bot_token' });
    }
    if (!options.bot_token && !options.webhook_url) {
      ctx.addIssue({
        code: 'custom',
        path: ['bot_token'],
        message: 'set bot_token and channel, or webhook_url',
      });
    }
  });
export type SlackOptions = z.output<typeof SlackOptionsSchema>;

/** Where an incident's message lives, for chat.update. */
export interface SlackMessageRef {
  channel: string;
  ts: string;
}

/** Slack errors that mean "post a new message instead of editing the old one". */
const GONE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed', 'channel_not_found']);
/** Slack errors worth another try later. */
const TRANSIENT = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

export class SlackNotifier implements Notifier {
  readonly mode: 'bot' | 'webhook';
  private readonly client: HttpClient;
  private readonly webhook: Endpoint | undefined;
  private readonly refs: BoundedMap<string, SlackMessageRef>;
  /** Per-incident chain, so a post and its later update never race. */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    private readonly options: SlackOptions,
    readonly id = 'slack',
    deps: NotifierDeps = {},
  ) {
    this.mode = options.bot_token ? 'bot' : 'webhook';
    this.refs = new BoundedMap(options.max_tracked_incidents);
    if (this.mode === 'bot') {
      this.webhook = undefined;
      this.client = httpClientFor(options.api_url, options, deps, {
        auth: { kind: 'bearer', token: options.bot_token ?? '' },
      });
    } else {
      this.webhook = endpointOf(options.webhook_url ?? '');
      this.client = httpClientFor(this.webhook.baseUrl, options, deps);
    }
  }

  /** The message remembered for an incident, if any. */
  messageRef(incidentId: string): SlackMessageRef | undefined {
    return this.refs.get(incidentId);
  }

  notify(event: NotificationEvent, ctx: QueryContext): Promise<Outcome<void>> {
    const previous = this.chains.get(event.incident_id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.send(event, ctx));
    this.chains.set(event.incident_id, run);
    const forget = () => {
      if (this.chains.get(event.incident_id) === run) this.chains.delete(event.incident_id);
    };
    run.then(forget, forget);
    return run;
  }

  private async send(event: NotificationEvent, ctx: QueryContext): Promise<Outcome<void>> {
    const message = slackMessage(
      formatNotification(event, { incidentUrl: this.options.incident_url }),
      event.incident_id,
      {
        approvalButtons: this.options.approval_buttons,
        postmortem: postmortemAttachment(event, this.options.public_url),
      },
    );
    if (this.mode === 'webhook') {
      return deliver(
        { connector: this.id, query: `incoming-webhook ${event.incident_id}` },
        () => this.postWebhook(message, ctx.signal),
        slackErrorWord,
      );
    }
    const ref = this.refs.get(event.incident_id);
    const method = ref ? 'chat.update' : 'chat.postMessage';
    return deliver(
      { connector: this.id, query: `${method} ${event.incident_id}` },
      async () => {
        if (ref) {
          try {
            await this.call('chat.update', { channel: ref.channel, ts: ref.ts, ...message }, ctx.signal);
            return;
          } catch (error) {
            if (!(error instanceof SlackApiError && GONE.has(error.code))) throw error;
            this.refs.delete(event.incident_id);
          }
        }
        const posted = await this.call(
          'chat.postMessage',
          { channel: this.options.channel, unfurl_links: false, ...message },
          ctx.signal,
        );
        if (typeof posted.channel === 'string' && typeof posted.ts === 'string') {
          this.refs.set(event.incident_id, { channel: posted.channel, ts: posted.ts });
        }
      },
      slackErrorWord,
    );
  }

  /** Calls a Web API method; `{ok:false}` throws SlackApiError with Slack's error code. */
  private async call(method: string, body: object, signal: AbortSignal): Promise<Record<string, unknown>> {
    const response = await this.client.request(
      {
        method: 'POST',
        path: `/${method}`,
        body,
        headers: { 'content-type': 'application/json; charset=utf-8' },
      },
      signal,
    );
    const answer = parseJson(response.text);
    if (!isRecord(answer))
      throw new DeliveryError(`Slack ${method}: unreadable response: ${response.text.slice(0, 200)}`);
    if (answer.ok !== true) {
      const code = typeof answer.error === 'string' ? answer.error : 'unknown_error';
      throw new SlackApiError(method, code, answer);
    }
    return answer;
  }

  private async postWebhook(message: SlackMessage, signal: AbortSignal): Promise<void> {
    const webhook = this.webhook!;
    const response = await this.client.request(
      { method: 'POST', path: webhook.path, query: webhook.query, body: message },
      signal,
    );
    // Incoming webhooks answer a plain "ok"; anything else is Slack's error word.
    const text = response.text.trim();
    if (text !== '' && text !== 'ok')
      throw new DeliveryError(`Slack incoming webhook: ${text.slice(0, 200)}`);
  }
}

/** `{ok:false}` from the Web API: the method, Slack's error code and its detail messages. */
export class SlackApiError extends DeliveryError {
  constructor(
    readonly method: string,
    readonly code: string,
    answer: Record<string, unknown>,
  ) {
    super(`Slack ${method}: ${code}${detailOf(answer)}`, TRANSIENT.has(code));
    this.name = 'SlackApiError';
  }
}

/** Slack's error code from a non-2xx Web API answer (`{ok:false, error:"ratelimited"}`). */
function slackErrorWord(body: unknown): string | undefined {
  return isRecord(body) && typeof body.error === 'string' ? body.error : undefined;
}

function detailOf(answer: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof answer.needed === 'string') parts.push(`needed ${answer.needed}`);
  const metadata = answer.response_metadata;
  if (isRecord(metadata) && Array.isArray(metadata.messages)) parts.push(...metadata.messages.map(String));
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}
