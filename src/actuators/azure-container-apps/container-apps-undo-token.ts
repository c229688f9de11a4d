/**
 * The undo token of a Container Apps action: the app, its traffic list before the action
 * (what an undo puts back), the revision afr activated for it (an undo deactivates it
 * again), and whether it was only a dry run. Plain JSON, so it survives the audit log.
 */
import { z } from 'zod';
import { StrategySchema } from '../../core/vocabulary.js';

export const ContainerAppsUndoTokenSchema = z.object({
  actuator: z.literal('azure_container_apps'),
  strategy: StrategySchema,
  app: z.object({ resource_group: z.string().min(1), name: z.string().min(1) }),
  traffic: z.array(
    z.object({
      revisionName: z.string().optional(),
      latestRevision: z.boolean().optional(),
      weight: z.number().optional(),
      label: z.string().optional(),
    }),
  ),
  activated: z.string().nullable(),
  dry_run: z.boolean(),
});

export type ContainerAppsUndoToken = z.infer<typeof ContainerAppsUndoTokenSchema>;
