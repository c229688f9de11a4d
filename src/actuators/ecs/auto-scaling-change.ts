/**
 * `scale_up` of an EC2 Auto Scaling group: a higher desired capacity
 * (`params.desired_capacity`, `params.replicas` or `params.to_replicas`, else the current
 * one times `params.factor`; an explicit capacity already met is a no-op). Within the group's MaxSize it is SetDesiredCapacity (HonorCooldown
 * false: an incident does not wait for a cooldown). Above it, only when the `max_capacity`
 * option allows, UpdateAutoScalingGroup raises MaxSize and DesiredCapacity together;
 * otherwise MaxSize caps the target. Undo puts both values back.
 */
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { ActuationRefused, AlreadyInPlace } from '../shared/actuation-refused.js';
import type { AwsApis } from './aws-apis.js';
import { type AwsChange, explicitCount, grown } from './aws-change.js';
import type { AwsTarget } from './aws-target.js';
import type { EcsActuatorOptions } from './ecs-actuator-options.js';

type GroupTarget = Extract<AwsTarget, { kind: 'auto_scaling_group' }>;

export async function prepareGroupScaleUp(
  apis: AwsApis,
  target: GroupTarget,
  params: Record<string, unknown>,
  options: Pick<EcsActuatorOptions, 'max_capacity' | 'scale_factor'>,
  signal: AbortSignal,
): Promise<AwsChange> {
  const group = await apis.group(target.name, signal);
  const current = group.DesiredCapacity ?? 0;
  const maxSize = group.MaxSize ?? current;
  const explicit = explicitCount(params, 'desired_capacity');
  if (explicit !== undefined && explicit <= current) {
    throw new AlreadyInPlace(
      `Auto Scaling group ${target.name} already wants ${current} instances (asked ${explicit})`,
    );
  }
  const wanted = explicit ?? grown(current, params, options.scale_factor);
  const cap = options.max_capacity ?? maxSize;
  const desired = Math.min(wanted, cap);
  const limit = options.max_capacity !== undefined ? `max_capacity ${cap}` : `MaxSize ${maxSize}`;
  if (desired <= current) {
    throw new ActuationRefused(
      `Auto Scaling group ${target.name} already wants ${current} instances, at its limit (${limit}); cannot scale up`,
    );
  }
  const capped = desired < wanted ? ` (capped from ${wanted} by ${limit})` : '';
  const notes = suspendedNotes(group);
  if (desired > maxSize) {
    return {
      strategy: 'scale_up',
      summary: `raise Auto Scaling group ${target.name} MaxSize from ${maxSize} to ${desired} and desired capacity from ${current} to ${desired}${capped}`,
      target,
      write: {
        api: 'autoscaling:UpdateAutoScalingGroup',
        input: { AutoScalingGroupName: target.name, MaxSize: desired, DesiredCapacity: desired },
      },
      before: { MaxSize: maxSize, DesiredCapacity: current },
      after: { MaxSize: desired, DesiredCapacity: desired },
      reversible: true,
      notes,
    };
  }
  return {
    strategy: 'scale_up',
    summary: `set Auto Scaling group ${target.name} desired capacity from ${current} to ${desired} (MaxSize ${maxSize})${capped}`,
    target,
    write: {
      api: 'autoscaling:SetDesiredCapacity',
      input: { AutoScalingGroupName: target.name, DesiredCapacity: desired, HonorCooldown: false },
    },
    before: { DesiredCapacity: current },
    after: { DesiredCapacity: desired },
    reversible: true,
    notes,
  };
}

function suspendedNotes(group: AutoScalingGroup): string[] {
  const suspended = (group.SuspendedProcesses ?? []).map((p) => p.ProcessName).filter(Boolean);
  return suspended.length ? [`the group has suspended processes: ${suspended.join(', ')}`] : [];
}
