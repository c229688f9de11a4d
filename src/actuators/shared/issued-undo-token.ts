/**
 * The undo token of a receipt, read back with the schema of the actuator that issued it:
 * a token that is missing, or that another actuator issued, is a refusal naming this one.
 */
import type { z } from 'zod';
import type { ActionReceipt } from '../../core/ports.js';
import { ActuationRefused } from './actuation-refused.js';

export function issuedUndoToken<T>(schema: z.ZodType<T>, receipt: ActionReceipt, actuator: string): T {
  const parsed = schema.safeParse(receipt.undo_token);
  if (!parsed.success) {
    throw new ActuationRefused(`undo_token is missing or was not issued by the ${actuator} actuator`);
  }
  return parsed.data;
}
