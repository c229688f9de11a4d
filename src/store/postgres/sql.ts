/**
 * Small helpers over a pg Pool: transactions, JSONB parameters, and the translation of the
 * PostgreSQL errors that mean bad input into the store's error classes.
 */
import type pg from 'pg';
import { InvalidStoreInputError } from '../store-errors.js';

/** Anything that runs queries: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * A JSONB parameter. Passed as JSON text, because pg would turn a JS array into a
 * PostgreSQL array; `undefined` becomes SQL NULL.
 */
export function json(value: unknown): string | null {
  const text = JSON.stringify(value);
  return text === undefined ? null : text;
}

/** 22P05: JSONB refuses `\u0000`; 22P02: a malformed escape (a lone surrogate). */
const BAD_TEXT = new Set(['22P05', '22P02', '22021']);

/** Rethrows a refusal of the data itself as InvalidStoreInputError naming `field`. */
export function inputError(field: string, error: unknown): never {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && BAD_TEXT.has(code)) {
    throw new InvalidStoreInputError(field, `PostgreSQL cannot store it: ${(error as Error).message}`);
  }
  throw error;
}

/**
 * Runs `work` in a transaction on one connection: COMMIT when it resolves, ROLLBACK when it
 * throws. A connection whose ROLLBACK fails is discarded rather than given back to the pool.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
