/**
 * The undo token of a Nomad action: the job, the namespace and region it lives in, whether
 * the action was only a dry run, and what the undo puts back: the version that was current
 * before a revert (and the version the revert created, so an undo never reverts over a
 * later change), or the count before a scale. A restart has nothing to undo.
 */
import { z } from 'zod';

const Common = {
  actuator: z.literal('nomad'),
  job: z.string().min(1),
  namespace: z.string().optional(),
  region: z.string().optional(),
  dry_run: z.boolean(),
};

export const NomadUndoTokenSchema = z.discriminatedUnion('strategy', [
  z.object({
    ...Common,
    strategy: z.literal('rollback'),
    from_version: z.number().int().nonnegative(),
    to_version: z.number().int().nonnegative(),
    /** The job version the revert created, read back after it; absent in a dry run. */
    applied_version: z.number().int().nonnegative().optional(),
  }),
  z.object({
    ...Common,
    strategy: z.literal('scale_up'),
    group: z.string().min(1),
    from_count: z.number().int().nonnegative(),
    to_count: z.number().int().nonnegative(),
  }),
  z.object({ ...Common, strategy: z.literal('restart'), allocations: z.array(z.string()) }),
]);

export type NomadUndoToken = z.infer<typeof NomadUndoTokenSchema>;
