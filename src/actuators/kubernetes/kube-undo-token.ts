/**
 * The undo token of a Kubernetes action: which object was patched, the fields the undo
 * puts back and their values before the action, whether the action was only a dry run
 * (then there is nothing to undo) and whether it can be reversed at all. It is plain JSON,
 * so it survives the audit log and a restart of afr.
 */
import { z } from 'zod';
import { StrategySchema } from '../../core/vocabulary.js';
import type { JsonObject } from './json-diff.js';
import type { PreparedChange } from './prepared-change.js';

export const KubeUndoTokenSchema = z.object({
  actuator: z.literal('kubernetes'),
  strategy: StrategySchema,
  object: z.object({
    kind: z.enum(['deployment', 'scale', 'hpa', 'configmap', 'node']),
    /** '' for a cluster-scoped object (a node). */
    namespace: z.string(),
    name: z.string().min(1),
  }),
  fields: z.array(z.array(z.string()).min(1)),
  restore: z.record(z.string(), z.unknown()),
  dry_run: z.boolean(),
  reversible: z.boolean(),
});

export type KubeUndoToken = z.infer<typeof KubeUndoTokenSchema>;

export function undoTokenOf(change: PreparedChange, dryRun: boolean): KubeUndoToken {
  const { kind, namespace, name } = change.request;
  return {
    actuator: 'kubernetes',
    strategy: change.strategy,
    object: { kind, namespace, name },
    fields: change.restorable.map((path) => [...path]),
    restore: change.restore as JsonObject,
    dry_run: dryRun,
    reversible: change.reversible,
  };
}
