import { z } from 'zod';

/** Cause kinds from the bundle spec. */
export const CAUSE_KINDS = [
  'deployment_regression',
  'config_change',
  'traffic_surge',
  'dependency_failure',
  'resource_exhaustion',
  'infrastructure_failure',
  'unknown',
] as const;
export const CauseSchema = z.enum(CAUSE_KINDS);
export type Cause = z.infer<typeof CauseSchema>;

/** Mechanisms named by the spec; other short snake_case words are allowed. */
export const KNOWN_MECHANISMS = [
  'memory_leak',
  'connection_pool_exhaustion',
  'cpu_saturation',
  'error_spike',
  'latency_degradation',
  'disk_full',
  'crash_loop',
  'thread_exhaustion',
] as const;
export const MechanismSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case word');
export type Mechanism = string;

/** Remediation strategies from the spec. */
export const STRATEGIES = [
  'rollback',
  'config_revert',
  'scale_up',
  'restart',
  'circuit_breaker',
  'shed_load',
  'failover',
  'none',
] as const;
export const StrategySchema = z.enum(STRATEGIES);
export type Strategy = z.infer<typeof StrategySchema>;

/** What the Commander decided to do with an incident (spec: `decision`). */
export const DECISIONS = ['act', 'approve', 'escalate', 'observe'] as const;
export const DecisionSchema = z.enum(DECISIONS);
export type Decision = z.infer<typeof DecisionSchema>;
