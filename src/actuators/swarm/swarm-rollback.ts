/**
 * `rollback`: a server-side rollback to the previous service spec (Docker Engine API,
 * ServiceUpdate: POST /services/{id}/update?version=N&rollback=previous; the body, the
 * current spec as the docker CLI sends it, is ignored). Swarm swaps Spec and PreviousSpec,
 * so the previous spec is whatever preceded the most recent update, a scale included: the
 * preview lists every field that will change. Refused: a service whose last update already
 * was a rollback (a second one would swap the specs back); one whose last update only
 * changed replicas or forced a restart (the rollback would revert that, not a deploy); and,
 * when the step names the version to go back to (`params.to_version`), a previous spec
 * running another image.
 */
import { ActuationRefused } from '../shared/actuation-refused.js';
import type { DockerApi } from './docker-api.js';
import type { SwarmChange } from './swarm-change.js';
import { changedPaths, imageOf, type SwarmService, specDiff, specFingerprint } from './swarm-service.js';

/** Fields a scale or a forced restart changes; an update that changed only these was no deploy. */
const NOT_A_DEPLOY = /^(Mode\.|TaskTemplate\.ForceUpdate$)/;

export function prepareRollback(
  api: DockerApi,
  name: string,
  service: SwarmService,
  params: Record<string, unknown>,
): SwarmChange {
  const previous = service.PreviousSpec;
  if (!previous) throw new ActuationRefused(`service ${name} has no previous spec to roll back to`);
  const state = service.UpdateStatus?.State ?? '';
  if (state.startsWith('rollback')) {
    throw new ActuationRefused(
      `the last update of service ${name} already was a rollback (${state}); rolling back again would restore the spec it replaced`,
    );
  }
  const before = imageOf(service.Spec);
  const after = imageOf(previous);
  const changed = changedPaths(service.Spec, previous);
  if (changed.length > 0 && changed.every((path) => NOT_A_DEPLOY.test(path))) {
    throw new ActuationRefused(
      `the last update of service ${name} only changed ${changed.join(', ')}; a rollback would revert that, not a deploy`,
    );
  }
  const expected = params.to_version;
  if (typeof expected === 'string' && expected && !runs(after, expected)) {
    throw new ActuationRefused(
      `the previous spec of service ${name} runs ${after ?? 'no image'}, not ${expected} as the step expects (params.to_version)`,
    );
  }
  const diff = specDiff(service.Spec, previous);
  return {
    strategy: 'rollback',
    summary: `roll Swarm service ${name} back to its previous spec (${before ?? 'no image'} → ${after ?? 'no image'})`,
    call: api.updateCall(service, service.Spec, true),
    diff,
    notes: [
      "Docker restores the spec from before the service's most recent update, whatever that update changed",
      ...(diff.length === 0
        ? ['the previous spec equals the current one: the rollback changes nothing that runs']
        : []),
    ],
    token: {
      actuator: 'swarm',
      strategy: 'rollback',
      service: name,
      spec_before: specFingerprint(service.Spec),
      spec_after: specFingerprint(previous),
      image_before: before,
      image_after: after,
    },
  };
}

/** Whether an image reference (`repo:tag@sha256:...`, digest optional) is `expected`, or has it as its tag. */
function runs(image: string | null, expected: string): boolean {
  if (!image) return false;
  const bare = image.replace(/@sha256:[0-9a-f]+$/, '');
  return image === expected || bare === expected || bare.endsWith(`:${expected}`);
}
