/**
 * The undo token of a webhook action: the strategy, whether it was only a dry run, the
 * step's variables as they were when it was applied and the values captured from the
 * answer. The undo request is rendered from these alone, so it survives a restart of afr.
 */
import { z } from 'zod';
import { StrategySchema } from '../../core/vocabulary.js';

const ValueSchema = z.union([z.string(), z.number(), z.boolean()]);

export const WebhookUndoTokenSchema = z.object({
  actuator: z.literal('webhook'),
  strategy: StrategySchema,
  dry_run: z.boolean(),
  variables: z.record(z.string(), ValueSchema),
  response: z.record(z.string(), ValueSchema),
});

export type WebhookUndoToken = z.infer<typeof WebhookUndoTokenSchema>;
