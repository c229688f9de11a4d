/**
 * Verifies that an HTTP request (an interactive callback) really comes from Slack: the
 * `X-Slack-Signature` header must equal `v0=` + hex HMAC-SHA256 of
 * `v0:{X-Slack-Request-Timestamp}:{raw body}` keyed with the app's signing secret, and the
 * timestamp must be within five minutes of now (replay protection). Constant-time compare.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SLACK_MAX_SKEW_S = 300;

export type SlackVerification = { ok: true } | { ok: false; reason: string };

export type RequestHeaders = Record<string, string | string[] | undefined>;

export function verifySlackRequest(
  rawBody: string | Buffer,
  headers: RequestHeaders,
  signingSecret: string,
  nowS: number = Date.now() / 1000,
): SlackVerification {
  if (!signingSecret) return { ok: false, reason: 'no signing secret configured' };
  const timestamp = findHeader(headers, 'x-slack-request-timestamp');
  const signature = findHeader(headers, 'x-slack-signature');
  if (!timestamp || !signature)
    return { ok: false, reason: 'missing X-Slack-Signature or X-Slack-Request-Timestamp' };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'malformed X-Slack-Request-Timestamp' };
  if (Math.abs(nowS - Number(timestamp)) > SLACK_MAX_SKEW_S) {
    return { ok: false, reason: 'stale X-Slack-Request-Timestamp (more than 5 minutes from now)' };
  }
  const expected = Buffer.from(slackSignature(rawBody, timestamp, signingSecret), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature mismatch' };
  }
  return { ok: true };
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export function slackSignature(rawBody: string | Buffer, timestamp: string, signingSecret: string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

export function findHeader(headers: RequestHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
