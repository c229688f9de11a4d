import { z } from 'zod';
import { EvidenceSchema } from './evidence.js';
import { CauseSchema, MechanismSchema } from './vocabulary.js';

/** A candidate root cause: a (service, cause, mechanism) triple with its posterior. */
export const HypothesisSchema = z.object({
  rank: z.number().int().positive(),
  service: z.string(),
  cause: CauseSchema,
  mechanism: MechanismSchema,
  /** Posterior probability that this is the root cause. */
  probability: z.number().min(0).max(1),
  /** Calibrated trust in the conclusion; decisions use it. */
  confidence: z.number().min(0).max(1),
  evidence: z.array(EvidenceSchema),
  /** One sentence a human can read: "config change on X exhausted its DB pool". */
  statement: z.string().optional(),
  onset: z.number().nullable().optional(),
});
export type Hypothesis = z.infer<typeof HypothesisSchema>;

export const RootCauseSchema = z.object({
  service: z.string(),
  cause: CauseSchema,
  mechanism: MechanismSchema,
  probability: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1),
});
export type RootCause = z.infer<typeof RootCauseSchema>;
