/**
 * The undo token of a Swarm action: the service, whether the action was only a dry run,
 * and what the undo needs. A rollback keeps fingerprints of the spec before and after, so
 * its undo (a second `rollback=previous`, which swaps the specs back) runs only if nobody
 * changed the service since; a scale keeps the replicas before and after.
 */
import { z } from 'zod';

const Common = {
  actuator: z.literal('swarm'),
  service: z.string().min(1),
  dry_run: z.boolean(),
};

export const SwarmUndoTokenSchema = z.discriminatedUnion('strategy', [
  z.object({
    ...Common,
    strategy: z.literal('rollback'),
    spec_before: z.string().regex(/^[0-9a-f]{64}$/),
    spec_after: z.string().regex(/^[0-9a-f]{64}$/),
    image_before: z.string().nullable(),
    image_after: z.string().nullable(),
  }),
  z.object({
    ...Common,
    strategy: z.literal('scale_up'),
    from_replicas: z.number().int().nonnegative(),
    to_replicas: z.number().int().nonnegative(),
  }),
  z.object({ ...Common, strategy: z.literal('restart'), force_update: z.number().int() }),
]);

export type SwarmUndoToken = z.infer<typeof SwarmUndoTokenSchema>;
export type SwarmTokenDraft = SwarmUndoToken extends infer T
  ? T extends unknown
    ? Omit<T, 'dry_run'>
    : never
  : never;
