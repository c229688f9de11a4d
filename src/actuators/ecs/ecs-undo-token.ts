/**
 * The undo token of an ECS or Auto Scaling action: the target, the values before the
 * action (what an undo puts back), whether it was only a dry run (then nothing needs
 * undoing) and whether it can be reversed at all. Plain JSON, so it survives the audit log.
 */
import { z } from 'zod';
import { StrategySchema } from '../../core/vocabulary.js';
import type { AwsChange } from './aws-change.js';

export const EcsUndoTokenSchema = z.object({
  actuator: z.literal('ecs'),
  strategy: StrategySchema,
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('ecs_service'), cluster: z.string().min(1), service: z.string().min(1) }),
    z.object({ kind: z.literal('auto_scaling_group'), name: z.string().min(1) }),
  ]),
  restore: z.object({
    taskDefinition: z.string().min(1).optional(),
    desiredCount: z.number().int().nonnegative().optional(),
    DesiredCapacity: z.number().int().nonnegative().optional(),
    MaxSize: z.number().int().nonnegative().optional(),
  }),
  dry_run: z.boolean(),
  reversible: z.boolean(),
});

export type EcsUndoToken = z.infer<typeof EcsUndoTokenSchema>;

export function ecsUndoTokenOf(change: AwsChange, dryRun: boolean): EcsUndoToken {
  return {
    actuator: 'ecs',
    strategy: change.strategy,
    target: change.target,
    restore: change.reversible ? change.before : {},
    dry_run: dryRun,
    reversible: change.reversible,
  };
}
