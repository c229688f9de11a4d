/**
 * The undo token of an Istio action: which object was created or patched, the fields an
 * undo puts back with their values before the action, and whether it was only a dry run
 * (then nothing needs undoing). Plain JSON, so it survives the audit log and a restart.
 */
import { z } from 'zod';
import { StrategySchema } from '../../core/vocabulary.js';
import type { MeshChange } from './mesh-change.js';

export const IstioUndoTokenSchema = z.object({
  actuator: z.literal('istio'),
  strategy: StrategySchema,
  object: z.object({
    kind: z.enum(['DestinationRule', 'VirtualService']),
    namespace: z.string().min(1),
    name: z.string().min(1),
  }),
  /** `created`: the undo deletes the object; `patched`: it restores `fields`. */
  action: z.enum(['created', 'patched']),
  fields: z.array(z.array(z.string()).min(1)),
  restore: z.record(z.string(), z.unknown()),
  dry_run: z.boolean(),
});

export type IstioUndoToken = z.infer<typeof IstioUndoTokenSchema>;

export function istioUndoTokenOf(change: MeshChange, dryRun: boolean): IstioUndoToken {
  return {
    actuator: 'istio',
    strategy: change.strategy,
    object: { ...change.ref },
    action: change.action === 'create' ? 'created' : 'patched',
    fields: change.fields.map((path) => [...path]),
    restore: change.before,
    dry_run: dryRun,
  };
}
