/**
 * The undo token of a script action: the strategy, whether it was only a dry run, the
 * step's variables as they were when it ran, and the `undo` value the apply script printed
 * (passed to the undo script as AFR_UNDO_DATA). Plain JSON, so it survives a restart.
 */
import { z } from 'zod';
import { StrategySchema } from '../../core/vocabulary.js';

export const ScriptUndoTokenSchema = z.object({
  actuator: z.literal('script'),
  strategy: StrategySchema,
  dry_run: z.boolean(),
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  undo_data: z.unknown().optional(),
});

export type ScriptUndoToken = z.infer<typeof ScriptUndoTokenSchema>;
