/**
 * Webhook authentication: bearer token, a named header token, HTTP basic, or an HMAC-SHA256
 * signature over the raw body (Grafana, PagerDuty and anything GitHub-style). Secrets are
 * compared in constant time. A source without `auth` falls back to the shared token
 * (AFR_WEBHOOK_TOKEN); a request is let through unauthenticated only with `auth: {type: none}`.
 * Missing credentials give 401, wrong ones 403.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type AuthResult, headerValue, type RawBody, rawBytes, type WebhookHeaders } from './types.js';

const secret = z.string().min(1);

export const HmacAuthSchema = z.strictObject({
  type: z.literal('hmac'),
  /** One secret, or several while rotating; any match passes. */
  secret: z.union([secret, z.array(secret).min(1)]),
  /** Header carrying the signature; default: the vendor's (Grafana, PagerDuty), else x-signature. */
  header: z.string().min(1).optional(),
  /** Text before each signature (`v1=` for PagerDuty, `sha256=` GitHub-style). */
  prefix: z.string().optional(),
  encoding: z.enum(['hex', 'base64']).default('hex'),
  /** Header with a Unix timestamp signed as `<timestamp>:<body>` (Grafana's timestamp header). */
  timestamp_header: z.string().min(1).optional(),
  /** Largest accepted distance between that timestamp and now. */
  max_skew_s: z.number().positive().default(300),
});
export type HmacAuth = z.output<typeof HmacAuthSchema>;

export const WebhookAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('bearer'), token: secret }),
  z.strictObject({ type: z.literal('header'), name: z.string().min(1), value: secret }),
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1), password: secret }),
  HmacAuthSchema,
  /** Amazon SNS message signatures (cloudwatch source only). */
  z.strictObject({ type: z.literal('sns') }),
]);
export type WebhookAuth = z.output<typeof WebhookAuthSchema>;

export interface AuthContext {
  /** The source id, for messages. */
  source: string;
  /** The shared bearer token used when the source configures no auth. */
  sharedToken?: string;
  /** Epoch seconds. */
  now: () => number;
  /** Vendor defaults for an HMAC auth that leaves header/prefix out. */
  hmacDefaults?: { header: string; prefix?: string };
}

export function authenticateRequest(
  auth: WebhookAuth | undefined,
  rawBody: RawBody,
  headers: WebhookHeaders,
  context: AuthContext,
): AuthResult {
  if (!auth) {
    if (context.sharedToken) return checkBearer(context.sharedToken, headers, 'shared_token');
    return {
      ok: false,
      status: 401,
      reason: `webhook source ${context.source} has no authentication configured: set its auth, the shared token, or auth type none`,
    };
  }
  switch (auth.type) {
    case 'none':
      return { ok: true, method: 'none' };
    case 'bearer':
      return checkBearer(auth.token, headers, 'bearer');
    case 'header':
      return checkHeader(auth.name, auth.value, headers);
    case 'basic':
      return checkBasic(auth.username, auth.password, headers);
    case 'hmac':
      return verifyHmac(auth, rawBody, headers, context);
    case 'sns':
      return { ok: false, status: 403, reason: 'sns signatures are only verified by the cloudwatch source' };
  }
}

/** Constant-time string equality (hashing first makes the lengths equal). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

function checkBearer(token: string, headers: WebhookHeaders, method: string): AuthResult {
  const value = headerValue(headers, 'authorization');
  const match = value?.match(/^Bearer\s+(.+)$/i);
  if (!match) return { ok: false, status: 401, reason: 'missing Authorization: Bearer token' };
  return safeEqual(match[1].trim(), token)
    ? { ok: true, method }
    : { ok: false, status: 403, reason: 'invalid bearer token' };
}

function checkHeader(name: string, expected: string, headers: WebhookHeaders): AuthResult {
  const value = headerValue(headers, name);
  if (value === undefined || value === '')
    return { ok: false, status: 401, reason: `missing ${name} header` };
  return safeEqual(value.trim(), expected)
    ? { ok: true, method: 'header' }
    : { ok: false, status: 403, reason: `invalid ${name} header` };
}

function checkBasic(username: string, password: string, headers: WebhookHeaders): AuthResult {
  const value = headerValue(headers, 'authorization');
  const match = value?.match(/^Basic\s+([A-Za-z0-9+/=]+)$/i);
  if (!match) return { ok: false, status: 401, reason: 'missing Authorization: Basic credentials' };
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon < 0 ? decoded : decoded.slice(0, colon);
  const pass = colon < 0 ? '' : decoded.slice(colon + 1);
  // Both comparisons always run, so timing does not reveal which one failed.
  const userOk = safeEqual(user, username);
  const passOk = safeEqual(pass, password);
  return userOk && passOk
    ? { ok: true, method: 'basic' }
    : { ok: false, status: 403, reason: 'invalid basic credentials' };
}

function verifyHmac(
  auth: HmacAuth,
  rawBody: RawBody,
  headers: WebhookHeaders,
  context: AuthContext,
): AuthResult {
  const header = auth.header ?? context.hmacDefaults?.header ?? 'x-signature';
  const prefix = auth.prefix ?? context.hmacDefaults?.prefix ?? '';
  const value = headerValue(headers, header);
  if (!value) return { ok: false, status: 401, reason: `missing ${header} signature header` };

  let signedPrefix = '';
  if (auth.timestamp_header) {
    const stamp = headerValue(headers, auth.timestamp_header);
    if (!stamp)
      return { ok: false, status: 401, reason: `missing ${auth.timestamp_header} timestamp header` };
    const seconds = Number(stamp);
    if (!Number.isFinite(seconds)) {
      return { ok: false, status: 403, reason: `${auth.timestamp_header} is not a Unix timestamp` };
    }
    if (Math.abs(context.now() - seconds) > auth.max_skew_s) {
      return {
        ok: false,
        status: 403,
        reason: `${auth.timestamp_header} is outside the allowed ${auth.max_skew_s}s skew`,
      };
    }
    signedPrefix = `${stamp}:`;
  }

  const provided = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(prefix))
    .map((part) => decodeSignature(part.slice(prefix.length), auth.encoding))
    .filter((bytes): bytes is Buffer => bytes !== undefined);
  if (provided.length === 0) {
    return { ok: false, status: 403, reason: `no ${prefix ? `${prefix} ` : ''}signature in ${header}` };
  }
  const body = rawBytes(rawBody);
  const secrets = Array.isArray(auth.secret) ? auth.secret : [auth.secret];
  for (const key of secrets) {
    const expected = createHmac('sha256', key).update(signedPrefix).update(body).digest();
    for (const candidate of provided) {
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) {
        return { ok: true, method: 'hmac' };
      }
    }
  }
  return { ok: false, status: 403, reason: `signature in ${header} does not match the body` };
}

function decodeSignature(text: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  if (encoding === 'hex') {
    return /^(?:[0-9a-f]{2})+$/i.test(text) ? Buffer.from(text, 'hex') : undefined;
  }
  return /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : undefined;
}
