import { z } from 'zod';
import { StrategySchema } from './vocabulary.js';

export const ACTION_STATUSES = [
  'planned',
  'dry_run',
  'denied',
  'applied',
  'failed',
  'undone',
  'verified',
  'regressed',
  /** afr stopped (crash, restart) while the actuator call ran: whether it took effect is unknown. */
  'interrupted',
] as const;
export const ActionStatusSchema = z.enum(ACTION_STATUSES);
export type ActionStatus = z.infer<typeof ActionStatusSchema>;

/** Something afr did, or would have done, to the infrastructure. */
export const ActionSchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  step_id: z.string(),
  strategy: StrategySchema,
  target: z.string(),
  status: ActionStatusSchema,
  started_at: z.number(),
  finished_at: z.number().nullable(),
  /** What the actuator said it changed, word for word. */
  detail: z.string().default(''),
  /** Why a step was denied or failed. */
  reason: z.string().optional(),
  /** The actuator's handle for undoing this action. */
  undo_token: z.unknown().optional(),
});
export type Action = z.infer<typeof ActionSchema>;

export const VerificationResultSchema = z.object({
  outcome: z.enum(['recovered', 'not_recovered', 'regressed', 'no_data', 'skipped']),
  checked_at: z.number(),
  detail: z.string(),
  signals: z
    .array(
      z.object({
        service: z.string(),
        metric: z.string(),
        baseline: z.number().nullable(),
        before: z.number().nullable(),
        after: z.number().nullable(),
        recovered: z.boolean(),
      }),
    )
    .default([]),
});
export type VerificationResult = z.infer<typeof VerificationResultSchema>;
