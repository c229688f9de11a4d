/**
 * The ECS service strategies, each one UpdateService call:
 * - `rollback`: back to the previous task definition — `params.task_definition`, else the
 *   one an older deployment still running uses (a rollout in progress), else among the
 *   older ACTIVE revisions of the same family (ListTaskDefinitions) the one
 *   `params.to_version` names (`family:revision` or a revision number), else the newest;
 * - `scale_up`: a higher `desiredCount` (`params.desired_count`, `params.replicas` or
 *   `params.to_replicas`, else the current count times `params.factor`), capped by
 *   `max_desired_count`; an explicit count already met is a no-op;
 * - `restart`: `forceNewDeployment`, which replaces every task with the same definition
 *   (it cannot be undone and needs no undo).
 */
import type { Service } from '@aws-sdk/client-ecs';
import { ActuationRefused, AlreadyInPlace } from '../shared/actuation-refused.js';
import type { AwsApis } from './aws-apis.js';
import { type AwsChange, explicitCount, grown, shortTaskDefinition } from './aws-change.js';
import type { AwsTarget } from './aws-target.js';
import type { EcsActuatorOptions } from './ecs-actuator-options.js';

type EcsTarget = Extract<AwsTarget, { kind: 'ecs_service' }>;
const TASK_DEFINITION = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/)?[A-Za-z0-9_-]{1,255}:\d+$/;

export async function prepareEcsRollback(
  apis: AwsApis,
  target: EcsTarget,
  params: Record<string, unknown>,
  signal: AbortSignal,
): Promise<AwsChange> {
  const service = await apis.service(target.cluster, target.service, signal);
  const current = service.taskDefinition ?? '';
  const { previous, why } = await previousTaskDefinition(apis, service, params, signal);
  return {
    strategy: 'rollback',
    summary: `roll ECS service ${target.cluster}/${target.service} back from task definition ${shortTaskDefinition(current)} to ${shortTaskDefinition(previous)} (${why})`,
    target,
    write: {
      api: 'ecs:UpdateService',
      input: { cluster: target.cluster, service: target.service, taskDefinition: previous },
    },
    before: { taskDefinition: current },
    after: { taskDefinition: previous },
    reversible: true,
    notes: deploymentNotes(service),
  };
}

export async function prepareEcsScaleUp(
  apis: AwsApis,
  target: EcsTarget,
  params: Record<string, unknown>,
  options: Pick<EcsActuatorOptions, 'max_desired_count' | 'scale_factor'>,
  signal: AbortSignal,
): Promise<AwsChange> {
  const service = await apis.service(target.cluster, target.service, signal);
  const current = service.desiredCount ?? 0;
  const explicit = explicitCount(params, 'desired_count');
  const label = `${target.cluster}/${target.service}`;
  if (explicit !== undefined && explicit <= current) {
    throw new AlreadyInPlace(`ECS service ${label} already wants ${current} tasks (asked ${explicit})`);
  }
  const wanted = explicit ?? grown(current, params, options.scale_factor);
  const cap = options.max_desired_count ?? Number.POSITIVE_INFINITY;
  const desired = Math.min(wanted, cap);
  if (desired <= current) {
    const limit = options.max_desired_count !== undefined ? `max_desired_count ${cap}` : 'none';
    throw new ActuationRefused(
      `ECS service ${label} already wants ${current} tasks (asked ${wanted}, limit ${limit}); cannot scale up`,
    );
  }
  const capped = desired < wanted ? ` (capped from ${wanted} by max_desired_count ${cap})` : '';
  return {
    strategy: 'scale_up',
    summary: `scale ECS service ${label} from ${current} to ${desired} tasks${capped}`,
    target,
    write: {
      api: 'ecs:UpdateService',
      input: { cluster: target.cluster, service: target.service, desiredCount: desired },
    },
    before: { desiredCount: current },
    after: { desiredCount: desired },
    reversible: true,
    notes: [
      'a target-tracking or step scaling policy (Application Auto Scaling) on the service may change desiredCount again',
    ],
  };
}

export async function prepareEcsRestart(
  apis: AwsApis,
  target: EcsTarget,
  signal: AbortSignal,
): Promise<AwsChange> {
  const service = await apis.service(target.cluster, target.service, signal);
  const definition = shortTaskDefinition(service.taskDefinition ?? '');
  return {
    strategy: 'restart',
    summary: `force a new deployment of ECS service ${target.cluster}/${target.service} (same task definition ${definition}; every task is replaced)`,
    target,
    write: {
      api: 'ecs:UpdateService',
      input: { cluster: target.cluster, service: target.service, forceNewDeployment: true },
    },
    before: {},
    after: {},
    reversible: false,
    notes: [
      'a restart cannot be undone (the tasks are replaced) and needs none: the task definition is the same',
    ],
  };
}

export async function previousTaskDefinition(
  apis: AwsApis,
  service: Service,
  params: Record<string, unknown>,
  signal: AbortSignal,
): Promise<{ previous: string; why: string }> {
  const current = service.taskDefinition ?? '';
  const named = params.task_definition;
  if (named !== undefined) {
    if (typeof named !== 'string' || !TASK_DEFINITION.test(named)) {
      throw new ActuationRefused(
        `params.task_definition: expected family:revision or a task definition ARN, got ${JSON.stringify(named)}`,
      );
    }
    if (shortTaskDefinition(named) === shortTaskDefinition(current)) {
      throw new AlreadyInPlace(`ECS service ${service.serviceName} already runs task definition ${named}`);
    }
    return { previous: named, why: 'named by the step' };
  }
  const older = (service.deployments ?? []).find(
    (d) => d.status === 'ACTIVE' && d.taskDefinition && d.taskDefinition !== current,
  );
  if (older?.taskDefinition) {
    return { previous: older.taskDefinition, why: `still running in deployment ${older.id}` };
  }
  const [family, revisionText] = shortTaskDefinition(current).split(':');
  const revision = Number(revisionText);
  if (!family || !Number.isInteger(revision)) {
    throw new ActuationRefused(`the service's task definition ${current} has no family:revision`);
  }
  const earlier = (await apis.taskDefinitions(family, signal))
    .map((arn) => ({ arn, parts: shortTaskDefinition(arn).split(':') }))
    .filter(({ parts }) => parts[0] === family && Number(parts[1]) < revision)
    .sort((a, b) => Number(b.parts[1]) - Number(a.parts[1]));
  if (earlier.length === 0) {
    throw new ActuationRefused(
      `no ACTIVE revision of task definition family ${family} is older than ${revision}; nothing to roll back to`,
    );
  }
  const hint = params.to_version;
  let missed = '';
  if ((typeof hint === 'string' && hint) || typeof hint === 'number') {
    const wanted = typeof hint === 'number' ? `${family}:${hint}` : shortTaskDefinition(hint);
    const found = earlier.find(({ arn }) => shortTaskDefinition(arn) === wanted);
    if (found) return { previous: found.arn, why: `${wanted}, the previous version afr was told of` };
    missed = `; ${String(hint)} is not an older ACTIVE revision`;
  }
  return { previous: earlier[0].arn, why: `the newest older ACTIVE revision of its family${missed}` };
}

function deploymentNotes(service: Service): string[] {
  const rolling = (service.deployments ?? []).filter(
    (d) => d.status === 'PRIMARY' && d.rolloutState === 'IN_PROGRESS',
  );
  return rolling.length ? [`deployment ${rolling[0].id} is still rolling out; the rollback replaces it`] : [];
}
