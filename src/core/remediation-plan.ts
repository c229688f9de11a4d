import { z } from 'zod';
import { StrategySchema } from './vocabulary.js';

/** One executable step of a plan. `params` are passed to the actuator. */
export const PlanStepSchema = z.object({
  id: z.string(),
  strategy: StrategySchema,
  target: z.string(),
  description: z.string(),
  estimated_duration_s: z.number().nonnegative(),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type PlanStep = z.infer<typeof PlanStepSchema>;

export const VerificationSpecSchema = z.object({
  /** Services and metrics that must return to baseline. */
  signals: z.array(z.object({ service: z.string(), metric: z.string() })),
  deadline_s: z.number().positive(),
});
export type VerificationSpec = z.infer<typeof VerificationSpecSchema>;

/** A remediation plan as in the seed, plus the steps the executor runs. */
export const RemediationPlanSchema = z.object({
  strategy: StrategySchema,
  target: z.string().nullable(),
  predicted_success_rate: z.number().min(0).max(1),
  risk_level: z.number().min(0).max(1),
  estimated_duration_s: z.number().nonnegative(),
  /** Human-readable step descriptions with durations (spec: `actions`). */
  actions: z.array(z.string()),
  rollback_plan: z.array(z.string()),
  steps: z.array(PlanStepSchema).default([]),
  verification: VerificationSpecSchema.optional(),
  /** Why this strategy was chosen over the alternatives. */
  rationale: z.string().default(''),
  alternatives: z
    .array(z.object({ strategy: StrategySchema, target: z.string().nullable(), reason: z.string() }))
    .default([]),
});
export type RemediationPlan = z.infer<typeof RemediationPlanSchema>;
