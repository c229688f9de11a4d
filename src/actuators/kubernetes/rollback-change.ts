/**
 * `rollback`, as `kubectl rollout undo` does it: among the ReplicaSets the Deployment
 * controls, the one stamped with the previous `deployment.kubernetes.io/revision` (or
 * `params.to_revision`) holds the pod template to return to. The Deployment's
 * `spec.template` is set to that template (without its `pod-template-hash` label) by a
 * JSON merge patch conditional on the Deployment's resourceVersion; the controller then
 * rolls out, re-using the old ReplicaSet. The undo puts the replaced template back.
 * Unlike kubectl, the Deployment's own annotations (change-cause) are left as they are,
 * and a paused Deployment is refused rather than changed without rolling out.
 */

import { ActuationRefused } from '../shared/actuation-refused.js';
import { isObject, type JsonObject, jsonEqual, mergePatchBetween } from './json-diff.js';
import type { CallScope, KubeResources } from './kube-resources.js';
import { get, getObject, getString, labelSelector, pick, withField } from './object-fields.js';
import { type PreparedChange, prepared, withPrecondition } from './prepared-change.js';
import { pacedStrategy } from './rollout-pace.js';

export const REVISION = 'deployment.kubernetes.io/revision';
const TEMPLATE_HASH = 'pod-template-hash';
const FIELDS = [
  ['spec', 'template'],
  ['spec', 'strategy'],
] as const;

interface Revision {
  number: number;
  replicaSet: string;
  template: JsonObject;
}

export async function prepareRollback(
  resources: KubeResources,
  deployment: JsonObject,
  params: Record<string, unknown>,
  scope: CallScope,
): Promise<PreparedChange> {
  const namespace = getString(deployment, ['metadata', 'namespace']) ?? '';
  const name = getString(deployment, ['metadata', 'name']) ?? '';
  if (get(deployment, ['spec', 'paused']) === true) {
    throw new ActuationRefused(
      `Deployment ${namespace}/${name} is paused; resume its rollout before rolling back`,
    );
  }
  const current = Number.parseInt(getString(deployment, ['metadata', 'annotations', REVISION]) ?? '', 10);
  const revisions = await revisionsOf(resources, deployment, scope);
  const wanted = params.to_revision;
  if (wanted !== undefined && !(Number.isInteger(wanted) && (wanted as number) > 0)) {
    throw new ActuationRefused(
      `params.to_revision: expected a positive integer, got ${JSON.stringify(wanted)}`,
    );
  }
  const target =
    wanted !== undefined
      ? revisions.find((r) => r.number === wanted)
      : revisions.filter((r) => !Number.isFinite(current) || r.number < current).at(-1);
  const known = revisions.map((r) => r.number).join(', ') || 'none';
  if (!target) {
    throw new ActuationRefused(
      wanted !== undefined
        ? `${namespace}/${name} has no revision ${wanted} (revisions kept: ${known})`
        : `${namespace}/${name} has no revision before ${Number.isFinite(current) ? current : 'the current one'} to roll back to (revisions kept: ${known})`,
    );
  }
  const template = getObject(deployment, ['spec', 'template']);
  if (jsonEqual(template, target.template)) {
    throw new ActuationRefused(
      `${namespace}/${name}: the current pod template already matches revision ${target.number}; nothing to roll back`,
    );
  }
  const pace = pacedStrategy(deployment, params);
  let desired = withField(pick(deployment, FIELDS), ['spec', 'template'], target.template);
  if (pace.strategy) desired = withField(desired, ['spec', 'strategy'], pace.strategy);
  const body = withPrecondition(mergePatchBetween(pick(deployment, FIELDS), desired), deployment);
  const from = Number.isFinite(current) ? `revision ${current} (${imagesOf(template)})` : imagesOf(template);
  return prepared(
    {
      strategy: 'rollback',
      summary: `roll back Deployment ${namespace}/${name} from ${from} to revision ${target.number} (${imagesOf(target.template)}, ReplicaSet ${target.replicaSet})`,
      request: { kind: 'deployment', namespace, name, patch_type: 'merge', body },
      fields: FIELDS,
      restorable: FIELDS,
      reversible: true,
      notes: pace.note ? [pace.note] : [],
    },
    deployment,
  );
}

/** The revisions the Deployment's own ReplicaSets keep, oldest first. */
async function revisionsOf(
  resources: KubeResources,
  deployment: JsonObject,
  scope: CallScope,
): Promise<Revision[]> {
  const namespace = getString(deployment, ['metadata', 'namespace']) ?? '';
  const uid = getString(deployment, ['metadata', 'uid']);
  const name = getString(deployment, ['metadata', 'name']);
  const selector = labelSelector(getObject(deployment, ['spec', 'selector', 'matchLabels']));
  const replicaSets = await resources.replicaSets(namespace, selector, scope);
  const revisions: Revision[] = [];
  for (const replicaSet of replicaSets) {
    const owners = get(replicaSet, ['metadata', 'ownerReferences']);
    const owned =
      Array.isArray(owners) &&
      owners.some(
        (o) =>
          isObject(o) &&
          o.kind === 'Deployment' &&
          o.controller === true &&
          (uid ? o.uid === uid : o.name === name),
      );
    const number = Number.parseInt(getString(replicaSet, ['metadata', 'annotations', REVISION]) ?? '', 10);
    if (!owned || !Number.isFinite(number)) continue;
    const template = structuredClone(getObject(replicaSet, ['spec', 'template']));
    const labels = getObject(template, ['metadata', 'labels']);
    if (TEMPLATE_HASH in labels) delete labels[TEMPLATE_HASH];
    revisions.push({ number, replicaSet: getString(replicaSet, ['metadata', 'name']) ?? '', template });
  }
  return revisions.sort((a, b) => a.number - b.number);
}

/** `app=registry/checkout:1.4.2` for each container of a pod template. */
export function imagesOf(template: JsonObject): string {
  const containers = get(template, ['spec', 'containers']);
  if (!Array.isArray(containers) || containers.length === 0) return 'no containers';
  return containers
    .map((c) => (isObject(c) ? `${String(c.name)}=${String(c.image ?? '?')}` : '?'))
    .join(', ');
}
