/**
 * The contract every webhook alert source follows. Sources are framework-free: they take the
 * raw request body and lower-cased headers and return plain result objects, never throwing,
 * so `afr serve` (or any HTTP server) can mount them at `/webhooks/<source>`.
 */
import type { Alert } from '../../core/alert.js';

/** Request headers with lower-cased names, as Node's `IncomingMessage.headers` gives them. */
export type WebhookHeaders = Record<string, string | string[] | undefined>;

/** The raw request body exactly as received (signatures are computed over these bytes). */
export type RawBody = Buffer | string;

export const WEBHOOK_SOURCE_KINDS = [
  'alertmanager',
  'grafana',
  'pagerduty',
  'datadog',
  'cloudwatch',
  'generic',
] as const;
export type WebhookSourceKind = (typeof WEBHOOK_SOURCE_KINDS)[number];

/** Why a request was refused before its payload was read. */
export type AuthResult =
  | { ok: true; method: string }
  | { ok: false; status: 400 | 401 | 403; reason: string };

/** A payload that could not become alerts; `field` names where (`alerts[3].labels.service`). */
export interface IntakeError {
  status: 400 | 422;
  field: string;
  message: string;
}

/** Something the server must do for the sender besides ingesting alerts. */
export interface ConfirmSubscriptionAction {
  kind: 'confirm_subscription';
  /** The SNS SubscribeURL, already checked to be https on the topic region's SNS host. */
  url: string;
  topic_arn: string;
}
export type WebhookAction = ConfirmSubscriptionAction;

export interface ActionOutcome {
  ok: boolean;
  detail: string;
}

export type ParseResult =
  | {
      ok: true;
      alerts: Alert[];
      /** Non-fatal remarks (truncated alerts, unexpected version...). */
      warnings: string[];
      /** Why a valid payload produced no alert (a ping, an acknowledge event...). */
      ignored?: string;
      action?: WebhookAction;
    }
  | { ok: false; error: IntakeError };

export interface WebhookSource {
  /** The route name: `/webhooks/<id>`. */
  readonly id: string;
  readonly kind: WebhookSourceKind;
  /** Checks the request's credentials or signature against this source's configured auth. */
  authenticate(rawBody: RawBody, headers: WebhookHeaders, signal?: AbortSignal): Promise<AuthResult>;
  /** Turns an authenticated, JSON-decoded payload into alerts. */
  parse(json: unknown, rawBody: RawBody, headers: WebhookHeaders): ParseResult;
  /** Carries out a returned action (only sources that return actions implement it). */
  performAction?(action: WebhookAction, signal?: AbortSignal): Promise<ActionOutcome>;
}

/** Fetches a URL with GET; injected so tests and air-gapped setups control the network. */
export type HttpGet = (url: string, signal?: AbortSignal) => Promise<{ status: number; body: string }>;

export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  if (Array.isArray(value)) return value[0];
  return value;
}

export function rawBytes(body: RawBody): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

export function intakeError(field: string, message: string, status: 400 | 422 = 400): ParseResult {
  return { ok: false, error: { status, field, message } };
}
