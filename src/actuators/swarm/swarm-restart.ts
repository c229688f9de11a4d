/**
 * `restart`: replace every task with an identical one, as `docker service update --force`
 * does it: the current spec with TaskTemplate.ForceUpdate incremented. Swarm rolls the
 * tasks over following the service's UpdateConfig (parallelism, delay, failure action), so
 * the restart is as progressive as the service is configured to be. It cannot be undone
 * and needs no undo.
 */
import type { DockerApi } from './docker-api.js';
import type { SwarmChange } from './swarm-change.js';
import { replicasOf, type SwarmService } from './swarm-service.js';

export function prepareRestart(api: DockerApi, name: string, service: SwarmService): SwarmChange {
  const force = service.Spec.TaskTemplate?.ForceUpdate ?? 0;
  const spec = structuredClone(service.Spec);
  spec.TaskTemplate = { ...spec.TaskTemplate, ForceUpdate: force + 1 };
  const parallelism = (service.Spec.UpdateConfig as { Parallelism?: number } | undefined)?.Parallelism;
  const replicas = replicasOf(service.Spec);
  return {
    strategy: 'restart',
    summary: `restart every task of Swarm service ${name}${replicas === undefined ? '' : ` (${replicas} replicas)`} by forcing an update`,
    call: api.updateCall(service, spec),
    diff: [`~ TaskTemplate.ForceUpdate: ${force} → ${force + 1}`],
    notes: [
      `Swarm replaces ${parallelism === 0 ? 'all tasks at once (UpdateConfig.Parallelism 0)' : `${parallelism ?? 1} task(s) at a time (UpdateConfig.Parallelism)`}`,
    ],
    token: { actuator: 'swarm', strategy: 'restart', service: name, force_update: force + 1 },
  };
}
