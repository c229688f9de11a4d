/**
 * Settings of the AWS ECS actuator (`actuator.backend: ecs`, under `integrations.ecs`):
 * region and endpoints, how an afr service maps to an ECS service (or to an EC2 Auto
 * Scaling group, for capacity), the scaling ceilings, and the safety rails. Credentials
 * come from the AWS SDK's default chain (environment, shared config, SSO, instance or task
 * role). `dry_run` defaults to true: neither ECS nor Auto Scaling has a server-side dry run,
 * so afr then reads the target and reports the exact request it would send, sending none.
 *
 * IAM: `ecs:DescribeServices`, `ecs:UpdateService`, `ecs:ListTaskDefinitions`;
 * `autoscaling:DescribeAutoScalingGroups`, `autoscaling:SetDesiredCapacity`,
 * `autoscaling:UpdateAutoScalingGroup` (only with `max_capacity`).
 */
import { z } from 'zod';

export const EcsActuatorOptionsSchema = z.object({
  /** AWS region; the SDK's default (AWS_REGION, shared config) when absent. */
  region: z.string().min(1).optional(),
  /** Overrides the ECS endpoint (VPC endpoint, LocalStack, a test server). */
  endpoint: z.url().optional(),
  /** Overrides the EC2 Auto Scaling endpoint. */
  auto_scaling_endpoint: z.url().optional(),
  /** The cluster of a service mapped without one. */
  cluster: z.string().min(1).default('default'),
  /** afr service → `cluster/service` or `service` (in `cluster`); else the afr service name in `cluster`. */
  services: z.record(z.string(), z.string().min(1)).default({}),
  /** afr service → Auto Scaling group name: `scale_up` of that target sets the group's desired capacity. */
  auto_scaling_groups: z.record(z.string(), z.string().min(1).max(255)).default({}),
  /** Only read the target and report the request that would be sent. */
  dry_run: z.boolean().default(true),
  /** Upper bound on an ECS service's desiredCount that `scale_up` will ever ask for. */
  max_desired_count: z.number().int().positive().optional(),
  /**
   * Upper bound on an Auto Scaling group's desired capacity. Above the group's MaxSize, its
   * MaxSize is raised too (UpdateAutoScalingGroup); without it the group's MaxSize caps.
   */
  max_capacity: z.number().int().positive().optional(),
  /** Default growth of `scale_up` when the step gives neither a count nor `factor`. */
  scale_factor: z.number().gt(1).max(10).default(1.5),
  /** Attempts per read, retries included; writes are sent once. */
  max_attempts: z.number().int().min(1).max(10).default(3),
  /** Whole budget of one actuator call. */
  timeout_ms: z.number().int().positive().default(15_000),
});

export type EcsActuatorOptions = z.output<typeof EcsActuatorOptionsSchema>;
export type EcsActuatorOptionsInput = z.input<typeof EcsActuatorOptionsSchema>;
