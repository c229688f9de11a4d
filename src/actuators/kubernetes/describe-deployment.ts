/**
 * What `describe()` reports about a service's Deployment: namespace and name, rollout
 * revision, container images, replicas (desired, ready, available, updated), the rollout
 * strategy, the HorizontalPodAutoscaler bounds when one targets it, and the ConfigMaps its
 * pods use.
 */

import { configMapsOf } from './config-revert-change.js';
import { isObject, type JsonObject } from './json-diff.js';
import { get, getObject, getString } from './object-fields.js';
import { REVISION } from './rollback-change.js';

export function describeDeployment(
  service: string,
  deployment: JsonObject,
  hpa: JsonObject | undefined,
): Record<string, unknown> {
  const containers = get(deployment, ['spec', 'template', 'spec', 'containers']);
  const images = Object.fromEntries(
    (Array.isArray(containers) ? containers.filter(isObject) : []).map((c) => [
      String(c.name),
      c.image ?? null,
    ]),
  );
  const status = getObject(deployment, ['status']);
  const revision = Number.parseInt(getString(deployment, ['metadata', 'annotations', REVISION]) ?? '', 10);
  return {
    service,
    namespace: getString(deployment, ['metadata', 'namespace']) ?? null,
    deployment: getString(deployment, ['metadata', 'name']) ?? null,
    revision: Number.isFinite(revision) ? revision : null,
    images,
    replicas: {
      spec: get(deployment, ['spec', 'replicas']) ?? null,
      ready: status.readyReplicas ?? 0,
      available: status.availableReplicas ?? 0,
      updated: status.updatedReplicas ?? 0,
    },
    strategy: getString(deployment, ['spec', 'strategy', 'type']) ?? null,
    paused: get(deployment, ['spec', 'paused']) === true,
    hpa: hpa
      ? {
          name: getString(hpa, ['metadata', 'name']) ?? null,
          min_replicas: get(hpa, ['spec', 'minReplicas']) ?? 1,
          max_replicas: get(hpa, ['spec', 'maxReplicas']) ?? null,
        }
      : null,
    config_maps: configMapsOf(deployment),
  };
}
