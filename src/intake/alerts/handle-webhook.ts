/**
 * One webhook request end to end, still framework-free: authenticate, decode JSON, parse,
 * key each alert for idempotency, drop retries already seen, and carry out a returned
 * action (SNS subscription confirmation). The server maps `status` and `body` onto its
 * response; enforcing a body-size limit (413) stays the server's job, before this runs.
 */
import type { Alert } from '../../core/alert.js';
import { intakeKey } from './intake-key.js';
import { parseJsonBody } from './payload.js';
import type { RecentIntakeKeys } from './recent-keys.js';
import type { ActionOutcome, RawBody, WebhookHeaders, WebhookSource } from './types.js';

export interface WebhookRequest {
  rawBody: RawBody;
  /** Lower-cased header names. */
  headers: WebhookHeaders;
}

export interface HandleWebhookOptions {
  signal?: AbortSignal;
  /** When given, alerts whose key it has seen are reported as duplicates, not returned. */
  recent?: RecentIntakeKeys;
}

export interface WebhookResponse {
  /** 200 accepted, 400 malformed, 401/403 auth, 422 unmappable, 502 a failed action. */
  status: 200 | 400 | 401 | 403 | 422 | 502;
  /** A JSON body for the sender. */
  body: Record<string, unknown>;
  /** New alerts to open or update incidents with. */
  alerts: Alert[];
  /** Keys of every alert in the payload, duplicates included. */
  keys: string[];
  duplicates: string[];
  action?: ActionOutcome;
}

export async function handleWebhook(
  source: WebhookSource,
  request: WebhookRequest,
  options: HandleWebhookOptions = {},
): Promise<WebhookResponse> {
  const refused = (status: WebhookResponse['status'], body: Record<string, unknown>): WebhookResponse => ({
    status,
    body,
    alerts: [],
    keys: [],
    duplicates: [],
  });
  const auth = await source.authenticate(request.rawBody, request.headers, options.signal);
  if (!auth.ok) return refused(auth.status, { error: auth.reason });
  const decoded = parseJsonBody(request.rawBody);
  if (!decoded.ok) return refused(decoded.error.status, { error: decoded.error });
  const parsed = source.parse(decoded.json, request.rawBody, request.headers);
  if (!parsed.ok) return refused(parsed.error.status, { error: parsed.error });

  const keys = parsed.alerts.map(intakeKey);
  const alerts: Alert[] = [];
  const duplicates: string[] = [];
  parsed.alerts.forEach((alert, index) => {
    if (!options.recent || options.recent.claim(keys[index])) alerts.push(alert);
    else duplicates.push(keys[index]);
  });
  const action =
    parsed.action && source.performAction
      ? await source.performAction(parsed.action, options.signal)
      : undefined;
  const body: Record<string, unknown> = { source: source.id, accepted: alerts.length, keys };
  if (duplicates.length > 0) body.duplicates = duplicates;
  if (parsed.ignored) body.ignored = parsed.ignored;
  if (parsed.warnings.length > 0) body.warnings = parsed.warnings;
  if (action) body.action = { kind: parsed.action?.kind, ...action };
  return {
    status: action && !action.ok ? 502 : 200,
    body,
    alerts,
    keys,
    duplicates,
    ...(action ? { action } : {}),
  };
}
