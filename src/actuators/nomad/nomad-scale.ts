/**
 * `scale_up`: a larger count for one task group (Nomad HTTP API, "Jobs" → Scale Task Group:
 * POST /v1/job/:job_id/scale with Count, Target.Group and a Message naming the incident).
 * The group is the one mapped in `groups`, else `params.group`, else the job's only group.
 * The target count is capped by `max_count` and the group's `scaling.max`. Nomad answers 400
 * while the job has an active deployment; that is reported word for word.
 */

import type { PlanStep } from '../../core/remediation-plan.js';
import { ActuationRefused } from '../shared/actuation-refused.js';
import { incidentIdOf } from '../webhook/step-variables.js';
import type { NomadActuatorOptions } from './nomad-actuator-options.js';
import type { NomadApi, NomadScope } from './nomad-api.js';
import { jobPath, query } from './nomad-api.js';
import type { NomadChange } from './nomad-change.js';
import { groupOf } from './nomad-job.js';
import { scaleTarget } from './scale-target.js';

export async function prepareScaleUp(
  api: NomadApi,
  jobId: string,
  scope: NomadScope,
  step: PlanStep,
  options: Pick<NomadActuatorOptions, 'groups' | 'max_count' | 'scale_factor'>,
  signal: AbortSignal,
): Promise<NomadChange> {
  const params = step.params ?? {};
  const job = await api.job(jobId, scope, signal);
  const named = options.groups[step.target] ?? (typeof params.group === 'string' ? params.group : undefined);
  const group = groupOf(job, named);
  const scalingMax = group.Scaling?.Max;
  const plan = scaleTarget(group.Count, params, options.scale_factor, [
    { value: options.max_count, name: 'max_count' },
    { value: typeof scalingMax === 'number' ? scalingMax : undefined, name: 'scaling.max' },
  ]);
  const label = `task group ${jobId}/${group.Name}`;
  const diff = [`- Count: ${group.Count}`, `+ Count: ${plan.target}`];
  if (plan.already) {
    return {
      strategy: 'scale_up',
      summary: `${label} already runs ${group.Count} (asked for ${plan.wanted}); nothing to scale`,
      calls: [],
      diff: [],
      notes: [],
      token: null,
    };
  }
  if (plan.target <= group.Count) {
    throw new ActuationRefused(
      `${label} already runs ${group.Count}, at its limit (${plan.limits.join(', ') || 'none'}); cannot scale up`,
    );
  }
  const capped =
    plan.target < plan.wanted ? ` (capped from ${plan.wanted} by ${plan.limits.join(', ')})` : '';
  return {
    strategy: 'scale_up',
    summary: `scale ${label} from ${group.Count} to ${plan.target}${capped}`,
    calls: [
      scaleCall(jobId, scope, group.Name, plan.target, `afr ${incidentIdOf(step)} (${step.id}): scale_up`),
    ],
    diff,
    notes: [],
    token: {
      actuator: 'nomad',
      strategy: 'scale_up',
      job: jobId,
      ...scope,
      group: group.Name,
      from_count: group.Count,
      to_count: plan.target,
    },
  };
}

export function scaleCall(jobId: string, scope: NomadScope, group: string, count: number, message: string) {
  return {
    method: 'POST' as const,
    path: `${jobPath(jobId)}/scale`,
    query: query(scope),
    body: { Count: count, Target: { Group: group }, Message: message },
  };
}
