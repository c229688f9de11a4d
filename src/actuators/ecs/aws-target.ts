/**
 * What an afr service is on AWS: an Auto Scaling group when `auto_scaling_groups` maps it
 * (capacity: `scale_up` only), else an ECS service — `services` maps it to
 * `cluster/service` or `service`, or it is the afr service name in the default cluster.
 */
import { ActuationRefused } from '../shared/actuation-refused.js';
import type { EcsActuatorOptions } from './ecs-actuator-options.js';

export type AwsTarget =
  | { kind: 'ecs_service'; cluster: string; service: string }
  | { kind: 'auto_scaling_group'; name: string };

type TargetOptions = Pick<EcsActuatorOptions, 'cluster' | 'services' | 'auto_scaling_groups'>;

export function awsTarget(options: TargetOptions, service: string): AwsTarget {
  const group = options.auto_scaling_groups[service];
  if (group) return { kind: 'auto_scaling_group', name: group };
  const entry = options.services[service] ?? service;
  const slash = entry.lastIndexOf('/');
  const cluster = slash >= 0 ? entry.slice(0, slash) : options.cluster;
  const name = slash >= 0 ? entry.slice(slash + 1) : entry;
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    throw new ActuationRefused(
      `service ${JSON.stringify(service)} is not a valid ECS service name; map it in services.<service>`,
    );
  }
  return { kind: 'ecs_service', cluster, service: name };
}

export function targetLabel(target: AwsTarget): string {
  return target.kind === 'ecs_service'
    ? `ECS service ${target.cluster}/${target.service}`
    : `Auto Scaling group ${target.name}`;
}
