/**
 * Checks of what callers hand a Coordination, shared by every implementation so that they
 * refuse the same inputs with the same messages.
 */
import { InvalidStoreInputError } from '../store-errors.js';
import { requireFiniteNumber, requireId } from '../store-input.js';
import type { IntakeAlert } from './coordination.js';

/** NOTIFY carries under 8000 bytes; this leaves room for the channel name in front. */
export const MAX_PAYLOAD_BYTES = 7800;

const CHANNEL = /^[A-Za-z0-9_.:-]{1,100}$/;

export function checkIntakeAlert(input: IntakeAlert): void {
  if (typeof input !== 'object' || input === null) {
    throw new InvalidStoreInputError('intake', `expected an object, got ${String(input)}`);
  }
  requireId('intake.key', input.key);
  requireId('intake.source', input.source);
  if (typeof input.alert !== 'object' || input.alert === null || Array.isArray(input.alert)) {
    throw new InvalidStoreInputError('intake.alert', 'expected an alert object');
  }
  requireFiniteNumber('intake.received_at', input.received_at);
}

export function requireLimit(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidStoreInputError(field, `expected a positive integer, got ${String(value)}`);
  }
  return value;
}

export function requireDuration(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidStoreInputError(
      field,
      `expected a positive number of milliseconds, got ${String(value)}`,
    );
  }
  return value;
}

export function requireKeys(field: string, keys: unknown): string[] {
  if (!Array.isArray(keys)) throw new InvalidStoreInputError(field, 'expected a list of keys');
  keys.forEach((key, i) => {
    requireId(`${field}[${i}]`, key);
  });
  return keys as string[];
}

/** The lease or lock end for a duration starting at `now` (seconds + milliseconds → seconds). */
export function expiryOf(now: number, durationMs: number): number {
  return now + durationMs / 1000;
}

export function checkChannel(channel: unknown): string {
  if (typeof channel !== 'string' || !CHANNEL.test(channel)) {
    throw new InvalidStoreInputError(
      'channel',
      `expected 1-100 characters of A-Za-z0-9_.:-, got ${JSON.stringify(channel)}`,
    );
  }
  return channel;
}

export function checkPayload(payload: unknown): string {
  if (typeof payload !== 'string') {
    throw new InvalidStoreInputError('payload', `expected a string, got ${typeof payload}`);
  }
  if (payload.includes('\0')) throw new InvalidStoreInputError('payload', 'must not contain NUL characters');
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new InvalidStoreInputError(
      'payload',
      `${bytes} bytes is more than ${MAX_PAYLOAD_BYTES}; send ids, not documents`,
    );
  }
  return payload;
}
