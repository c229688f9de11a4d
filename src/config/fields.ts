/**
 * Field schemas for config.yml. Each carries the one phrase a user reads when the value is
 * wrong ("expected a number between 0 and 1"); the loader adds the key path and what was
 * found. Numbers and booleans also accept their text form, because values interpolated from
 * environment variables are always text.
 */
import { z } from 'zod';
import { TimestampSchema } from '../core/index.js';

const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function numberFromText(value: unknown): unknown {
  return typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value.trim()) : value;
}

function booleanFromText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim().toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A number in [min, max] (either bound optional), integer when asked. */
export function numberField(options: { min?: number; max?: number; integer?: boolean; expected: string }) {
  const error = options.expected;
  let schema = options.integer ? z.number({ error }).int({ error }) : z.number({ error });
  if (options.min !== undefined) schema = schema.min(options.min, { error });
  if (options.max !== undefined) schema = schema.max(options.max, { error });
  return z.preprocess(numberFromText, schema);
}

/** A probability-like setting in [0, 1]. */
export function fraction() {
  return numberField({ min: 0, max: 1, expected: 'expected a number between 0 and 1' });
}

/** A whole number, at least `min`. */
export function count(min = 0) {
  return numberField({ min, integer: true, expected: `expected a whole number >= ${min}` });
}

/** A duration or size that must be above zero. */
export function positiveNumber() {
  return numberField({ min: Number.MIN_VALUE, expected: 'expected a number > 0' });
}

export function port() {
  return numberField({
    min: 0,
    max: 65535,
    integer: true,
    expected: 'expected a port number between 0 and 65535',
  });
}

export function flag() {
  return z.preprocess(booleanFromText, z.boolean({ error: 'expected true or false' }));
}

export function text() {
  return z.string({ error: 'expected a string' });
}

/** One of a fixed list of words. */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join(', ')}` });
}

/** Unix seconds or an ISO-8601 time with a zone; the config holds epoch seconds. */
export function timestamp() {
  return TimestampSchema;
}

/**
 * A mapping with a fixed set of keys: unknown keys are errors (typo protection). A key left
 * empty in YAML (`url:`) means "use the default", as does an empty section.
 */
export function section<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.preprocess(
    (value) => (isPlainObject(value) ? withoutNulls(value) : value),
    z.strictObject(shape, { error: 'expected a mapping of settings' }),
  );
}

function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

/** Free-form settings of one integration (keys are the integration's own). */
export function settings() {
  return z.preprocess(
    (value) => (value === null ? {} : value),
    z.record(z.string(), z.unknown(), { error: 'expected a mapping of settings' }),
  );
}
