/**
 * PagerDuty Generic Webhooks (V3). `incident.triggered` and `incident.reopened` become firing
 * alerts, `incident.resolved` a resolved one; other events (acknowledged, annotated,
 * pagey.ping...) are accepted and ignored. Auth: the subscription's signing secret —
 * `X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the raw body>`, several comma-separated
 * while PagerDuty rotates secrets; any match passes.
 */
import { authenticateRequest } from './auth.js';
import type { AlertDraft } from './build-alert.js';
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

export const PAGERDUTY_SIGNATURE_HEADER = 'x-pagerduty-signature';

const FIRING_EVENTS = new Set(['incident.triggered', 'incident.reopened']);
const RESOLVED_EVENTS = new Set(['incident.resolved']);

export class PagerDutyWebhookSource implements WebhookSource {
  readonly kind = 'pagerduty' as const;
  readonly id: string;

  constructor(private readonly context: SourceContext) {
    this.id = context.id;
  }

  async authenticate(rawBody: RawBody, headers: WebhookHeaders): Promise<AuthResult> {
    return authenticateRequest(this.context.auth, rawBody, headers, {
      source: this.id,
      sharedToken: this.context.sharedToken,
      now: this.context.now,
      hmacDefaults: { header: PAGERDUTY_SIGNATURE_HEADER, prefix: 'v1=' },
    });
  }

  parse(json: unknown): ParseResult {
    if (!isObject(json)) return intakeError('$', 'expected a JSON object');
    const event = json.event;
    if (!isObject(event)) return intakeError('event', 'required: expected an object');
    const eventType = optionalString(event.event_type);
    if (!eventType) return intakeError('event.event_type', 'required: expected a string');
    const firing = FIRING_EVENTS.has(eventType);
    if (!firing && !RESOLVED_EVENTS.has(eventType)) {
      return buildAll([], this.context, [], `event_type ${eventType} is neither a trigger nor a resolve`);
    }
    const data = event.data;
    if (!isObject(data)) return intakeError('event.data', 'required: expected an object');
    const draft = readIncident(event, data, eventType, firing);
    if ('field' in draft) return intakeError(draft.field, draft.message);
    return buildAll([draft], this.context);
  }
}

function readIncident(
  event: JsonObject,
  data: JsonObject,
  eventType: string,
  firing: boolean,
): AlertDraft | { field: string; message: string } {
  const incidentId = optionalString(data.id);
  if (!incidentId) return { field: 'event.data.id', message: 'required: expected a string' };
  const createdAt = epochSeconds(data.created_at);
  const occurredAt = epochSeconds(event.occurred_at);
  // A reopened incident is a new firing: key it on when it reopened, not when it was created.
  const startsAt = eventType === 'incident.reopened' ? (occurredAt ?? createdAt) : (createdAt ?? occurredAt);
  if (startsAt === undefined) {
    return { field: 'event.data.created_at', message: 'required: expected an ISO-8601 timestamp' };
  }
  const service = isObject(data.service) ? data.service : {};
  const priority = isObject(data.priority) ? data.priority : {};
  const labels = definedText({
    service: service.summary,
    pagerduty_service_id: service.id,
    priority: priority.summary,
    urgency: data.urgency,
    incident_id: incidentId,
  });
  const annotations = definedText({
    event_type: eventType,
    event_id: event.id,
    occurred_at: event.occurred_at,
    incident_number: data.number,
    incident_status: data.status,
    incident_key: data.incident_key,
    html_url: data.html_url,
    resolve_reason: data.resolve_reason,
  });
  return {
    labelsPath: 'event.data',
    labelFields: {
      service: 'event.data.service.summary',
      priority: 'event.data.priority.summary',
      urgency: 'event.data.urgency',
    },
    labels,
    annotations,
    status: firing ? 'firing' : 'resolved',
    startsAt,
    fingerprint: `pagerduty-${incidentId}`,
    message: optionalString(data.title) ?? `PagerDuty incident ${incidentId}`,
  };
}

function definedText(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const text = labelText(value);
    if (text !== undefined && text !== '') out[key] = text;
  }
  return out;
}
