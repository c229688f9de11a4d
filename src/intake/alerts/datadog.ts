/**
 * Datadog monitor notifications through the Webhooks integration. Datadog posts whatever
 * payload the webhook is configured with, so afr documents the one it reads:
 * DATADOG_PAYLOAD_TEMPLATE (paste it into the webhook's Payload field, JSON, not "encode as
 * form"), and mention `@webhook-<name>` in the monitor's message. `$ALERT_TRANSITION`
 * Recovered resolves; Triggered/Re-Triggered, Warn/Re-Warn, No Data/Re-No Data and Renotify
 * fire. `$TAGS` and `$ALERT_SCOPE` (`service:checkout, env:prod`) become labels. Auth: put a
 * token in the webhook's Custom Headers (`{"Authorization": "Bearer <token>"}` or a named
 * header with auth type `header`).
 */
import { authenticateRequest } from './auth.js';
import type { AlertDraft } from './build-alert.js';
import { labelsFingerprint } from './intake-key.js';
import { epochSeconds, isObject, type JsonObject, labelText, optionalString } from './payload.js';
import { buildAll, type SourceContext } from './source-context.js';
import {
  type AuthResult,
  intakeError,
  type ParseResult,
  type RawBody,
  type WebhookHeaders,
  type WebhookSource,
} from './types.js';

/** The Datadog webhook Payload afr expects (Datadog's template variables, verbatim). */
export const DATADOG_PAYLOAD_TEMPLATE = {
  id: '$ID',
  alert_id: '$ALERT_ID',
  alert_cycle_key: '$ALERT_CYCLE_KEY',
  aggreg_key: '$AGGREG_KEY',
  transition: '$ALERT_TRANSITION',
  alert_type: '$ALERT_TYPE',
  priority: '$ALERT_PRIORITY',
  title: '$ALERT_TITLE',
  event_title: '$EVENT_TITLE',
  message: '$TEXT_ONLY_MSG',
  status: '$ALERT_STATUS',
  scope: '$ALERT_SCOPE',
  metric: '$ALERT_METRIC',
  query: '$ALERT_QUERY',
  tags: '$TAGS',
  hostname: '$HOSTNAME',
  date: '$DATE',
  last_updated: '$LAST_UPDATED',
  link: '$LINK',
  org_id: '$ORG_ID',
} as const;

export class DatadogWebhookSource implements WebhookSource {
  readonly kind = 'datadog' as const;
  readonly id: string;

  constructor(private readonly context: SourceContext) {
    this.id = context.id;
  }

  async authenticate(rawBody: RawBody, headers: WebhookHeaders): Promise<AuthResult> {
    return authenticateRequest(this.context.auth, rawBody, headers, {
      source: this.id,
      sharedToken: this.context.sharedToken,
      now: this.context.now,
    });
  }

  parse(json: unknown): ParseResult {
    if (!isObject(json)) return intakeError('$', 'expected a JSON object');
    const draft = readMonitorEvent(json);
    if ('field' in draft) return intakeError(draft.field, draft.message);
    return buildAll([draft], this.context);
  }
}

function readMonitorEvent(body: JsonObject): AlertDraft | { field: string; message: string } {
  const alertId = labelText(body.alert_id)?.trim();
  if (!alertId) return { field: 'alert_id', message: 'required: the $ALERT_ID of the monitor' };
  const transition = optionalString(body.transition);
  if (!transition) return { field: 'transition', message: 'required: $ALERT_TRANSITION' };
  const startsAt = epochSeconds(body.date) ?? epochSeconds(body.last_updated);
  if (startsAt === undefined) return { field: 'date', message: 'required: $DATE (epoch milliseconds)' };

  const scope = tagMap(body.scope);
  const labels: Record<string, string> = { ...tagMap(body.tags), ...scope };
  for (const [key, value] of Object.entries({
    monitor_id: alertId,
    priority: body.priority,
    alert_type: body.alert_type,
    metric: body.metric,
    host: body.hostname,
  })) {
    const text = labelText(value)?.trim();
    if (text) labels[key] = text;
  }
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries({
    transition,
    event_id: body.id,
    alert_cycle_key: body.alert_cycle_key,
    aggreg_key: body.aggreg_key,
    description: body.message,
    alert_status: body.status,
    query: body.query,
    link: body.link,
    tags: body.tags,
    scope: body.scope,
    last_updated: body.last_updated,
    org_id: body.org_id,
  })) {
    const text = labelText(value);
    if (text) annotations[key] = text;
  }
  const scopeKey = Object.keys(scope).length > 0 ? `-${labelsFingerprint(scope).slice(0, 8)}` : '';
  return {
    labelsPath: 'tags',
    labelFields: { priority: 'priority', alert_type: 'alert_type' },
    labels,
    annotations,
    status: /recover/i.test(transition) ? 'resolved' : 'firing',
    startsAt,
    fingerprint: `datadog-${alertId}${scopeKey}`,
    message:
      optionalString(body.title) ?? optionalString(body.event_title) ?? optionalString(body.message) ?? '',
  };
}

/** `key:value` tags (a comma-separated string, as $TAGS and $ALERT_SCOPE give, or an array). */
export function tagMap(value: unknown): Record<string, string> {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const map: Record<string, string> = {};
  for (const item of items) {
    if (typeof item !== 'string') continue;
    const tag = item.trim();
    const colon = tag.indexOf(':');
    if (colon <= 0) continue;
    const key = tag.slice(0, colon).trim();
    const text = tag.slice(colon + 1).trim();
    if (!text) continue;
    map[key] = map[key] && map[key] !== text ? `${map[key]},${text}` : text;
  }
  return map;
}
