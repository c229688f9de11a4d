import { z } from 'zod';
import { StrategySchema } from './vocabulary.js';

/** What a step does: look before acting, change something, or watch the result. */
export const STEP_KINDS = ['check', 'apply', 'verify'] as const;
export const StepKindSchema = z.enum(STEP_KINDS);
export type StepKind = z.infer<typeof StepKindSchema>;

/** One executable step of a plan. `params` are passed to the actuator. */
export const PlanStepSchema = z.object({
  id: z.string(),
  strategy: StrategySchema,
  target: z.string(),
  description: z.string(),
  estimated_duration_s: z.number().nonnegative(),
  params: z.record(z.string(), z.unknown()).default({}),
  /** check / apply / verify. Absent (older plans, overrides): an apply unless `params.check_only`. */
  kind: StepKindSchema.optional(),
  /** Which link of a chained plan the step belongs to (0 = the primary strategy). */
  chain_index: z.number().int().nonnegative().optional(),
});
export type PlanStep = z.infer<typeof PlanStepSchema>;

export const VerificationSpecSchema = z.object({
  /** Services and metrics that must return to baseline. */
  signals: z.array(z.object({ service: z.string(), metric: z.string() })),
  deadline_s: z.number().positive(),
});
export type VerificationSpec = z.infer<typeof VerificationSpecSchema>;

/** One strategy of a chained plan: `if_not_recovered` links run only when the previous did not resolve it. */
export const PlanLinkSchema = z.object({
  strategy: StrategySchema,
  target: z.string(),
  when: z.enum(['always', 'if_not_recovered']),
  predicted_success_rate: z.number().min(0).max(1),
  risk_level: z.number().min(0).max(1),
  estimated_duration_s: z.number().nonnegative(),
  verification: VerificationSpecSchema,
  reason: z.string().default(''),
});
export type PlanLink = z.infer<typeof PlanLinkSchema>;

/** A strategy the planner weighed, with why it was or was not chosen. */
export const PlanAlternativeSchema = z.object({
  strategy: StrategySchema,
  target: z.string().nullable(),
  reason: z.string(),
  /** predicted success × (1 − risk / 2); absent when the strategy was not feasible. */
  score: z.number().optional(),
  predicted_success_rate: z.number().min(0).max(1).optional(),
  risk_level: z.number().min(0).max(1).optional(),
  feasible: z.boolean().optional(),
});
export type PlanAlternative = z.infer<typeof PlanAlternativeSchema>;

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
  alternatives: z.array(PlanAlternativeSchema).default([]),
  /** The confidence in the root cause the plan treats (checked by the policy gate). */
  confidence: z.number().min(0).max(1).optional(),
  /** The chained strategies, primary first (absent in single-strategy plans from older versions). */
  chain: z.array(PlanLinkSchema).optional(),
  /** What the risk level is made of, each term in 0..1 before clamping. */
  risk_factors: z.record(z.string(), z.number()).optional(),
  /** The chosen score, predicted success × (1 − risk / 2). */
  score: z.number().optional(),
});
export type RemediationPlan = z.infer<typeof RemediationPlanSchema>;
