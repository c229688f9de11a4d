/**
 * `scale_up`: more replicas for a replicated service, as `docker service scale` does it: the
 * current spec with Mode.Replicated.Replicas changed, sent as an update based on the
 * service's Version.Index (Docker refuses it if the service changed in between). The target
 * comes from the step (see ../nomad/scale-target.ts), capped by `max_replicas`.
 */

import { scaleTarget } from '../nomad/scale-target.js';
import { ActuationRefused } from '../shared/actuation-refused.js';
import type { DockerApi } from './docker-api.js';
import type { SwarmActuatorOptions } from './swarm-actuator-options.js';
import type { SwarmChange } from './swarm-change.js';
import { replicasOf, type ServiceSpec, type SwarmService } from './swarm-service.js';

export function prepareScaleUp(
  api: DockerApi,
  name: string,
  service: SwarmService,
  params: Record<string, unknown>,
  options: Pick<SwarmActuatorOptions, 'max_replicas' | 'scale_factor'>,
): SwarmChange {
  const current = replicasOf(service.Spec);
  if (current === undefined) {
    throw new ActuationRefused(`service ${name} is not in replicated mode; it cannot be scaled`);
  }
  const plan = scaleTarget(current, params, options.scale_factor, [
    { value: options.max_replicas, name: 'max_replicas' },
  ]);
  if (plan.already) {
    return {
      strategy: 'scale_up',
      summary: `service ${name} already runs ${current} replicas (asked for ${plan.wanted}); nothing to scale`,
      call: null,
      diff: [],
      notes: [],
      token: null,
    };
  }
  if (plan.target <= current) {
    throw new ActuationRefused(
      `service ${name} already runs ${current} replicas, at its limit (${plan.limits.join(', ') || 'none'}); cannot scale up`,
    );
  }
  const capped =
    plan.target < plan.wanted ? ` (capped from ${plan.wanted} by ${plan.limits.join(', ')})` : '';
  return {
    strategy: 'scale_up',
    summary: `scale Swarm service ${name} from ${current} to ${plan.target} replicas${capped}`,
    call: api.updateCall(service, withReplicas(service.Spec, plan.target)),
    diff: [`~ Mode.Replicated.Replicas: ${current} → ${plan.target}`],
    notes: [],
    token: {
      actuator: 'swarm',
      strategy: 'scale_up',
      service: name,
      from_replicas: current,
      to_replicas: plan.target,
    },
  };
}

export function withReplicas(spec: ServiceSpec, replicas: number): ServiceSpec {
  const copy = structuredClone(spec);
  copy.Mode = { ...copy.Mode, Replicated: { ...copy.Mode?.Replicated, Replicas: replicas } };
  return copy;
}
