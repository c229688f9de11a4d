/**
 * What an ECS or Auto Scaling strategy prepares before anything is sent: the one write
 * request that carries it out, the values it changes (before → after, shown to a human),
 * the values an undo puts back, and whether it can be reversed at all.
 */
import type {
  SetDesiredCapacityCommandInput,
  UpdateAutoScalingGroupCommandInput,
} from '@aws-sdk/client-auto-scaling';
import type { UpdateServiceCommandInput } from '@aws-sdk/client-ecs';
import type { Strategy } from '../../core/vocabulary.js';
import { ActuationRefused } from '../shared/actuation-refused.js';
import type { AwsTarget } from './aws-target.js';

export type AwsWrite =
  | { api: 'ecs:UpdateService'; input: UpdateServiceCommandInput }
  | { api: 'autoscaling:SetDesiredCapacity'; input: SetDesiredCapacityCommandInput }
  | { api: 'autoscaling:UpdateAutoScalingGroup'; input: UpdateAutoScalingGroupCommandInput };

/** The values a change sets and an undo restores (ECS: taskDefinition, desiredCount; ASG: DesiredCapacity, MaxSize). */
export type AwsValues = Partial<{
  taskDefinition: string;
  desiredCount: number;
  DesiredCapacity: number;
  MaxSize: number;
}>;

export interface AwsChange {
  strategy: Strategy;
  summary: string;
  target: AwsTarget;
  write: AwsWrite;
  before: AwsValues;
  after: AwsValues;
  /** False when nothing can be put back (a forced new deployment replaced the tasks). */
  reversible: boolean;
  notes: string[];
}

/** `family:revision` from a task definition ARN (or the text itself). */
export function shortTaskDefinition(arn: string): string {
  return arn.includes('task-definition/') ? arn.slice(arn.indexOf('task-definition/') + 16) : arn;
}

/** One `key: before → after` line per changed value. */
export function valueDiff(before: AwsValues, after: AwsValues): string[] {
  return (Object.keys(after) as (keyof AwsValues)[])
    .filter((key) => before[key] !== after[key])
    .map((key) => `${key}: ${show(key, before[key])} → ${show(key, after[key])}`);
}

function show(key: keyof AwsValues, value: string | number | undefined): string {
  if (value === undefined) return '(none)';
  return key === 'taskDefinition' ? shortTaskDefinition(String(value)) : String(value);
}

/** `params.<name>` as a positive integer, or undefined when absent. */
export function positiveInteger(params: Record<string, unknown>, name: string): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (!(typeof value === 'number' && Number.isInteger(value) && value > 0)) {
    throw new ActuationRefused(`params.${name}: expected a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** `params.factor` (1 < f ≤ 10) or the default: the grown count, always at least one more. */
export function grown(current: number, params: Record<string, unknown>, defaultFactor: number): number {
  const factor = params.factor ?? defaultFactor;
  if (!(typeof factor === 'number' && factor > 1 && factor <= 10)) {
    throw new ActuationRefused(`params.factor: expected a number in (1, 10], got ${JSON.stringify(factor)}`);
  }
  return Math.max(current + 1, Math.ceil(current * factor));
}

/** `params.<name>`, `params.replicas` or `params.to_replicas` (the planner's headroom check). */
export function explicitCount(params: Record<string, unknown>, name: string): number | undefined {
  return (
    positiveInteger(params, name) ??
    positiveInteger(params, 'replicas') ??
    positiveInteger(params, 'to_replicas')
  );
}
