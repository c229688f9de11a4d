/**
 * Time in afr is Unix epoch seconds (a number, possibly fractional) everywhere inside the
 * domain. Readers accept Unix seconds or ISO-8601 strings with a zone, as the bundle spec says.
 */
import { z } from 'zod';

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Parses Unix seconds (number or numeric string) or an ISO-8601 string with a zone. */
export function parseTimestamp(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? input : undefined;
  if (input instanceof Date) {
    const ms = input.getTime();
    return Number.isFinite(ms) ? ms / 1000 : undefined;
  }
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (text === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (!ISO_WITH_ZONE.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/** A zod schema for a timestamp field: Unix seconds, ISO-8601 with a zone, or a Date. */
export const TimestampSchema = z.unknown().transform((value, ctx) => {
  const parsed = parseTimestamp(value);
  if (parsed === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected Unix seconds or an ISO-8601 timestamp with a zone',
    });
    return z.NEVER;
  }
  return parsed;
});

export function toIso(seconds: number): string {
  return new Date(Math.round(seconds * 1000)).toISOString();
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  if (m < 60) return rest ? `${m}m${rest}s` : `${m}m`;
  const h = Math.floor(m / 60);
  return `${h}h${m % 60}m`;
}

/** A half-open time range in epoch seconds. */
export interface TimeRange {
  start: number;
  end: number;
}
