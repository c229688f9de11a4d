/**
 * What humans (and exported history) told afr about an incident, read from its audit
 * entries: the true root cause (a human override, or the ground truth a replay recorded),
 * a rejected plan, a plan replaced by a human's. Entries whose detail does not have the
 * expected shape are ignored, never a crash: the audit log is append-only and must stay readable.
 */
import { z } from 'zod';
import { CauseSchema, MechanismSchema, StrategySchema } from '../core/index.js';
import type { AuditEntry } from '../store/store.js';

/** Written by a human who names the real root cause (`{service, cause, previous_service, previous_cause}`). */
export const ROOT_CAUSE_OVERRIDE_ACTION = 'human_override_root_cause';
/** Written by `afr replay` from a bundle's `<bundle>.truth.json`. */
export const GROUND_TRUTH_ACTION = 'ground_truth_recorded';
export const REJECTED_ACTION = 'rejected';
export const PLAN_OVERRIDE_ACTION = 'overridden';

/** The audit actions that change what afr learns from an incident. */
export const CORRECTION_ACTIONS: ReadonlySet<string> = new Set([
  ROOT_CAUSE_OVERRIDE_ACTION,
  GROUND_TRUTH_ACTION,
  REJECTED_ACTION,
  PLAN_OVERRIDE_ACTION,
]);

const OverrideDetail = z.object({
  service: z.string().min(1).nullable(),
  cause: CauseSchema.nullable().optional(),
  mechanism: MechanismSchema.nullable().optional(),
});

export const GroundTruthDetailSchema = z.object({
  service: z.string().min(1).nullable(),
  cause: CauseSchema.nullable(),
  mechanism: MechanismSchema.nullable(),
  remediation: StrategySchema.nullable(),
  /** Where the truth came from, e.g. the truth file's name. */
  source: z.string(),
});
export type GroundTruthDetail = z.infer<typeof GroundTruthDetailSchema>;

const PlanOverrideDetail = z.object({
  from: z.object({ strategy: StrategySchema, target: z.string().nullable() }).nullable(),
  to: z.object({ strategy: StrategySchema, target: z.string() }),
});

/** A claim of the true root cause; `service` null: there was none (a false alarm). */
export interface TruthClaim {
  service: string | null;
  cause: z.infer<typeof CauseSchema> | null;
  mechanism: string | null;
  /** The strategy that fixed it, when known (ground truth only). */
  remediation: z.infer<typeof StrategySchema> | null;
  by: 'human_override' | 'ground_truth';
  actor: string;
}

export interface Corrections {
  /** The latest claim of the true root cause, or null. */
  truth: TruthClaim | null;
  rootCauseOverridden: boolean;
  rejected: boolean;
  /** The plan afr proposed before a human replaced it, when one did. */
  planOverride: z.infer<typeof PlanOverrideDetail> | null;
}

export function correctionsOf(entries: readonly AuditEntry[]): Corrections {
  const out: Corrections = { truth: null, rootCauseOverridden: false, rejected: false, planOverride: null };
  for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
    if (entry.action === ROOT_CAUSE_OVERRIDE_ACTION) {
      const parsed = OverrideDetail.safeParse(entry.detail);
      if (!parsed.success) continue;
      out.rootCauseOverridden = true;
      out.truth = {
        service: parsed.data.service,
        cause: parsed.data.cause ?? null,
        mechanism: parsed.data.mechanism ?? null,
        remediation: null,
        by: 'human_override',
        actor: entry.actor,
      };
    } else if (entry.action === GROUND_TRUTH_ACTION) {
      const parsed = GroundTruthDetailSchema.safeParse(entry.detail);
      if (parsed.success) out.truth = { ...parsed.data, by: 'ground_truth', actor: entry.actor };
    } else if (entry.action === REJECTED_ACTION) {
      out.rejected = true;
    } else if (entry.action === PLAN_OVERRIDE_ACTION) {
      const parsed = PlanOverrideDetail.safeParse(entry.detail);
      // The first override names afr's own proposal; later ones replace a human's.
      if (parsed.success && !out.planOverride) out.planOverride = parsed.data;
    }
  }
  return out;
}
