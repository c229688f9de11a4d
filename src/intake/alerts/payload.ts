/**
 * Small readers for untrusted JSON payloads: decoding the body, checking shapes and turning
 * vendor values into the string labels/annotations an Alert carries. Each returns
 * undefined (or an error naming the field) instead of throwing.
 */
import { parseTimestamp } from '../../core/time.js';
import type { IntakeError, RawBody } from './types.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes a UTF-8 body (dropping a byte-order mark) and parses it as JSON. */
export function parseJsonBody(
  body: RawBody,
): { ok: true; json: unknown } | { ok: false; error: IntakeError } {
  const text = (typeof body === 'string' ? body : body.toString('utf8')).replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    return { ok: false, error: { status: 400, field: '$', message: 'empty body: expected a JSON document' } };
  }
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { status: 400, field: '$', message: `malformed JSON: ${detail}` } };
  }
}

/** A scalar as label text; objects become JSON; null/undefined give undefined. */
export function labelText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Reads a string map (labels, annotations). Absent → {}; present but not an object → an
 * error message for the caller to attach to its field path.
 */
export function stringMap(value: unknown): { ok: true; map: Record<string, string> } | { ok: false } {
  if (value === undefined || value === null) return { ok: true, map: {} };
  if (!isObject(value)) return { ok: false };
  const map: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value)) {
    const text = labelText(raw);
    if (text !== undefined) map[key] = text;
  }
  return { ok: true, map };
}

/** Adds entries whose value is defined and non-empty, keeping keys already present. */
export function addMissing(target: Record<string, string>, extra: Record<string, unknown>): void {
  for (const [key, raw] of Object.entries(extra)) {
    const text = labelText(raw);
    if (text !== undefined && text !== '' && target[key] === undefined) target[key] = text;
  }
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Epoch seconds from Unix seconds, Unix milliseconds (values above 1e11, as Datadog's $DATE),
 * or ISO-8601 with a zone.
 */
export function epochSeconds(value: unknown): number | undefined {
  const parsed = parseTimestamp(value);
  if (parsed === undefined) return undefined;
  return Math.abs(parsed) > 1e11 ? parsed / 1000 : parsed;
}

/** Go's zero time, which Alertmanager and Grafana send for "no end yet". */
export function isZeroTime(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('0001-01-01');
}
