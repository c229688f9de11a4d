/**
 * What `describe()` reports, with the facts the planner's preconditions read (`replicas`,
 * `max_replicas`, `version`, `previous_version`, `healthy_hosts`): for an ECS service its
 * task definition (family:revision) and the one a rollback would return to, its counts
 * (desired, running, pending), launch type and deployments; for an Auto Scaling group its
 * desired capacity, bounds and how many instances are in service and healthy.
 */
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { Service } from '@aws-sdk/client-ecs';
import { shortTaskDefinition } from './aws-change.js';

export function describeEcsService(
  name: string,
  cluster: string,
  service: Service,
  facts: { previous: string | null; maxDesiredCount: number | undefined },
): Record<string, unknown> {
  const definition = shortTaskDefinition(service.taskDefinition ?? '');
  const revision = Number(definition.split(':')[1]);
  return {
    service: name,
    cluster,
    ecs_service: service.serviceName ?? null,
    status: service.status ?? null,
    version: definition || null,
    previous_version: facts.previous ? shortTaskDefinition(facts.previous) : null,
    revision: Number.isInteger(revision) ? revision : null,
    replicas: service.desiredCount ?? null,
    running: service.runningCount ?? 0,
    pending: service.pendingCount ?? 0,
    max_replicas: facts.maxDesiredCount ?? null,
    launch_type: service.launchType ?? null,
    deployments: (service.deployments ?? []).map((d) => ({
      id: d.id ?? null,
      status: d.status ?? null,
      task_definition: d.taskDefinition ? shortTaskDefinition(d.taskDefinition) : null,
      rollout_state: d.rolloutState ?? null,
      desired: d.desiredCount ?? null,
      running: d.runningCount ?? null,
    })),
  };
}

export function describeGroup(
  name: string,
  group: AutoScalingGroup,
  maxCapacity: number | undefined,
): Record<string, unknown> {
  const instances = group.Instances ?? [];
  return {
    service: name,
    auto_scaling_group: group.AutoScalingGroupName ?? null,
    replicas: group.DesiredCapacity ?? null,
    in_service: instances.filter((i) => i.LifecycleState === 'InService').length,
    healthy_hosts: instances.filter((i) => i.HealthStatus === 'Healthy').length,
    min_size: group.MinSize ?? null,
    max_size: group.MaxSize ?? null,
    max_replicas: maxCapacity ?? group.MaxSize ?? null,
  };
}
