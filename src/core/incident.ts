import { z } from 'zod';
import { ActionSchema, VerificationResultSchema } from './action.js';
import { AgentNameSchema } from './evidence.js';
import { FindingSchema } from './finding.js';
import { HypothesisSchema, RootCauseSchema } from './hypothesis.js';
import { INCIDENT_STATES } from './incident-state.js';
import { RemediationPlanSchema } from './remediation-plan.js';
import { SeveritySchema } from './severity.js';
import { DecisionSchema } from './vocabulary.js';

export const PHASES = ['detect', 'plan', 'investigate', 'decide', 'act', 'report'] as const;
export const PhaseSchema = z.enum(PHASES);
export type Phase = z.infer<typeof PhaseSchema>;

export const IncidentStateSchema = z.enum(INCIDENT_STATES);

export const PhaseRecordSchema = z.object({
  phase: PhaseSchema,
  started_at: z.number(),
  duration_ms: z.number().nonnegative(),
  status: z.enum(['ok', 'degraded', 'failed', 'skipped']),
  detail: z.string().default(''),
});
export type PhaseRecord = z.infer<typeof PhaseRecordSchema>;

export const InvestigationPlanSchema = z.object({
  mode: z.enum(['parallel', 'sequential']),
  agents: z.array(AgentNameSchema),
  /** Services in scope: the alerting service, its neighbourhood, or everything known. */
  services: z.array(z.string()),
  window: z.object({ start: z.number(), end: z.number() }),
  /** Where the alert's own onset is expected; the baseline ends before it. */
  baseline_end: z.number(),
  deadlines_ms: z.record(z.string(), z.number().positive()),
  data_sources: z.array(z.string()),
  rationale: z.string(),
});
export type InvestigationPlan = z.infer<typeof InvestigationPlanSchema>;

export const StateChangeSchema = z.object({
  from: IncidentStateSchema.nullable(),
  to: IncidentStateSchema,
  at: z.number(),
  reason: z.string(),
});
export type StateChange = z.infer<typeof StateChangeSchema>;

/** The full conclusion of one incident: what `handleAlert` returns and the store keeps. */
export const IncidentReportSchema = z.object({
  incident_id: z.string(),
  alert: z.object({
    id: z.string(),
    timestamp: z.number(),
    service: z.string(),
    severity: SeveritySchema,
    message: z.string(),
    labels: z.record(z.string(), z.string()),
  }),
  priority: z.number().int(),
  state: IncidentStateSchema,
  decision: DecisionSchema,
  decision_reason: z.string(),
  root_cause: RootCauseSchema.nullable(),
  hypotheses: z.array(HypothesisSchema),
  blast_radius: z.array(z.string()),
  at_risk: z.array(z.string()).default([]),
  remediation_plan: RemediationPlanSchema.nullable(),
  actions: z.array(ActionSchema),
  verification: VerificationResultSchema.nullable(),
  findings: z.array(FindingSchema),
  investigation_plan: InvestigationPlanSchema,
  /** Data the investigation lacked: failed or silent sources. */
  missing_data: z.array(z.string()),
  phases: z.array(PhaseRecordSchema),
  timings_ms: z.record(z.string(), z.number()),
  state_history: z.array(StateChangeSchema),
  /** Wall-clock milliseconds from receiving the alert to the decision. */
  alert_to_decision_ms: z.number(),
  /** Seconds from the alert to resolution on the incident's own clock; null if unresolved. */
  mttr_s: z.number().nullable(),
  summary: z.string(),
  /** What the calibrated confidence was computed from, for evaluation and calibration. */
  reasoning_diagnostics: z.object({ raw_confidence: z.number(), none_probability: z.number() }).optional(),
});
export type IncidentReport = z.infer<typeof IncidentReportSchema>;
