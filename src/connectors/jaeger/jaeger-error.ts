/**
 * Jaeger wraps its error words in JSON: the internal API as
 * `{"data":null,...,"errors":[{"code":400,"msg":"..."}]}`, api_v3 as
 * `{"error":{"httpCode":404,"message":"..."}}`. This pulls those words out of a failed
 * request so the error Outcome carries them verbatim.
 */
import { HttpError } from '../http/http-error.js';
import { type UpstreamError, upstreamError } from '../tempo/upstream-error.js';
import { jaegerErrorMessages } from './jaeger-json.js';

export function jaegerError(error: unknown): UpstreamError {
  const base = upstreamError(error);
  if (!(error instanceof HttpError) || !error.body) return base;
  const words = vendorWords(error.body);
  return words ? { ...base, message: `${words} (HTTP ${error.status})` } : base;
}

function vendorWords(body: string): string | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return undefined;
  }
  const messages = jaegerErrorMessages(payload);
  if (messages.length) return messages.join('; ');
  const v3 = (payload as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof v3 === 'string' && v3 ? v3 : undefined;
}
