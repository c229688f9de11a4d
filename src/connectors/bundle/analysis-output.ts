/**
 * The contract of `afr analyze <bundle> --json` (see the bundle spec, "Analysis output").
 * Outside tools parse this object, so the spec's fields are checked exactly; fields the spec
 * does not name are allowed and kept, because its readers ignore unknown fields.
 * test/schema/analysis-output.schema.json states the same contract as JSON Schema.
 */
import { z } from 'zod';
import { CauseSchema, DecisionSchema, MechanismSchema, StrategySchema } from '../../core/index.js';
import { analysisOutputProblems } from './analysis-output-rules.js';

const UnitIntervalSchema = z.number().min(0).max(1);

export const OutputEvidenceSchema = z.looseObject({
  agent: z.string().min(1),
  supports: z.boolean(),
  weight: UnitIntervalSchema,
  summary: z.string(),
});

export const OutputRootCauseSchema = z.looseObject({
  service: z.string().min(1),
  cause: CauseSchema,
  mechanism: MechanismSchema,
  probability: UnitIntervalSchema,
  confidence: UnitIntervalSchema,
});

export const OutputHypothesisSchema = z.looseObject({
  rank: z.number().int().min(1),
  service: z.string().min(1),
  cause: CauseSchema,
  mechanism: MechanismSchema,
  probability: UnitIntervalSchema,
  confidence: UnitIntervalSchema,
  evidence: z.array(OutputEvidenceSchema),
});

export const OutputRemediationPlanSchema = z.looseObject({
  strategy: StrategySchema,
  /** Null only for strategy `none`, which has nothing to act on. */
  target: z.string().nullable(),
  predicted_success_rate: UnitIntervalSchema,
  risk_level: UnitIntervalSchema,
  estimated_duration_s: z.number().nonnegative(),
  actions: z.array(z.string()),
  rollback_plan: z.array(z.string()),
});

const DurationMsSchema = z.number().nonnegative();

export const OutputTimingsSchema = z
  .object({
    detect: DurationMsSchema,
    plan: DurationMsSchema,
    investigate: DurationMsSchema,
    decide: DurationMsSchema,
  })
  .catchall(DurationMsSchema);

/** The output object's shape alone, without the rules that relate its fields. */
export const AnalysisOutputShapeSchema = z.looseObject({
  incident_id: z.string().min(1),
  decision: DecisionSchema,
  root_cause: OutputRootCauseSchema.nullable(),
  hypotheses: z.array(OutputHypothesisSchema),
  blast_radius: z.array(z.string()),
  remediation_plan: OutputRemediationPlanSchema.nullable(),
  timings_ms: OutputTimingsSchema,
});

/**
 * The full contract: the shape plus the rules between fields (ranks 1, 2, 3... in order,
 * root_cause equal to the rank-1 hypothesis, probabilities of distinct services summing to
 * at most 1, `act` only with a root cause and a plan).
 *
 * @example
 * const checked = AnalysisOutputSchema.safeParse(JSON.parse(stdout));
 */
export const AnalysisOutputSchema = AnalysisOutputShapeSchema.superRefine((output, ctx) => {
  for (const problem of analysisOutputProblems(output)) {
    ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  }
});
export type AnalysisOutput = z.infer<typeof AnalysisOutputSchema>;
