import { z } from 'zod';

export const AGENT_NAMES = [
  'logs',
  'metrics',
  'deploy',
  'traces',
  'topology',
  'history',
  'commander',
] as const;
export const AgentNameSchema = z.enum(AGENT_NAMES);
export type AgentName = z.infer<typeof AgentNameSchema>;

/**
 * One line of a hypothesis' evidence ledger: which agent saw it, whether it supports or
 * contradicts the hypothesis, how strong it is (0..1), and by how much it moved the
 * log-odds of the hypothesis (`log_lr`, natural log of the likelihood ratio).
 */
export const EvidenceSchema = z.object({
  agent: AgentNameSchema,
  supports: z.boolean(),
  weight: z.number().min(0).max(1),
  summary: z.string(),
  log_lr: z.number().optional(),
  kind: z.string().optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;
