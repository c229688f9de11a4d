/**
 * Rollout history from Deployments and their ReplicaSets. The Deployment controller stamps
 * each ReplicaSet with `deployment.kubernetes.io/revision`; a new revision's ReplicaSet is
 * created when its rollout starts, so its creationTimestamp is the rollout time and its pod
 * template's image tags are the version. A rollback re-uses an old ReplicaSet: the
 * controller gives it the next revision number and keeps the earlier ones in
 * `deployment.kubernetes.io/revision-history`; the rollback's time is then read from the
 * Deployment's Progressing condition (its lastUpdateTime, when it names that ReplicaSet),
 * and a rollback whose time is not visible is left out rather than misdated.
 * A new revision with the same images as the one before changed only the pod template
 * (env, resources, config refs), so it is reported as a `config` change.
 */
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import type { ChangeEvent } from '../../core/telemetry.js';
import { type KubeNaming, kubeServiceName } from './kube-naming.js';

const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';

interface Revision {
  number: number;
  version: string;
  images: string;
  /** Epoch seconds; undefined when the time this revision went out is not visible. */
  at?: number;
  replicaSet: string;
  changeCause?: string;
  rollbackOf?: number;
}

/** One ChangeEvent per visible revision of every Deployment, oldest first per Deployment. */
export function kubeRolloutChanges(
  deployments: readonly V1Deployment[],
  replicaSets: readonly V1ReplicaSet[],
  naming: KubeNaming,
): ChangeEvent[] {
  const byKey = new Map<string, V1Deployment>();
  for (const deployment of deployments) {
    const meta = deployment.metadata;
    if (meta?.name) byKey.set(`${meta.namespace ?? ''}/${meta.name}`, deployment);
  }
  const groups = new Map<string, V1ReplicaSet[]>();
  for (const replicaSet of replicaSets) {
    const owner = replicaSet.metadata?.ownerReferences?.find((ref) => ref.kind === 'Deployment');
    if (!owner) continue;
    const key = `${replicaSet.metadata?.namespace ?? ''}/${owner.name}`;
    const group = groups.get(key) ?? [];
    group.push(replicaSet);
    groups.set(key, group);
  }
  const out: ChangeEvent[] = [];
  for (const [key, group] of groups) {
    const [namespace, name] = splitKey(key);
    const deployment = byKey.get(key);
    const labels = deployment?.metadata?.labels ?? group[0].spec?.template?.metadata?.labels;
    const service = kubeServiceName(naming, namespace, name, labels);
    const revisions = revisionsOf(group, deployment);
    for (let i = 0; i < revisions.length; i++) {
      const revision = revisions[i];
      if (revision.at === undefined) continue;
      const previous = i > 0 ? revisions[i - 1] : undefined;
      out.push(toChange(revision, previous, service, namespace, name));
    }
  }
  return out;
}

function toChange(
  revision: Revision,
  previous: Revision | undefined,
  service: string,
  namespace: string,
  name: string,
): ChangeEvent {
  const sameImages = previous !== undefined && previous.images === revision.images;
  const parts = [`${namespace}/${name} revision ${revision.number}`];
  if (revision.rollbackOf !== undefined)
    parts.push(`rollback to the template of revision ${revision.rollbackOf}`);
  else if (sameImages) parts.push('pod template changed, same images');
  if (revision.changeCause) parts.push(revision.changeCause);
  const change: ChangeEvent = {
    timestamp: revision.at!,
    service,
    kind: sameImages && revision.rollbackOf === undefined ? 'config' : 'deploy',
    version: revision.version,
    description: parts.join(': '),
    id: `k8s:${namespace}/${name}:${revision.number}`,
  };
  if (previous) change.previous_version = previous.version;
  return change;
}

/** Every revision the ReplicaSets reveal, in revision order. */
function revisionsOf(group: readonly V1ReplicaSet[], deployment: V1Deployment | undefined): Revision[] {
  const revisions: Revision[] = [];
  for (const replicaSet of group) {
    const annotations = replicaSet.metadata?.annotations ?? {};
    const current = Number.parseInt(annotations[REVISION] ?? '', 10);
    if (!Number.isFinite(current)) continue;
    const history = (annotations[REVISION_HISTORY] ?? '')
      .split(',')
      .map((text) => Number.parseInt(text, 10))
      .filter((n) => Number.isFinite(n) && n < current)
      .sort((a, b) => a - b);
    const containers = replicaSet.spec?.template?.spec?.containers ?? [];
    const images = containers.map((c) => c.image ?? '').join(' ');
    const base = {
      version: versionOf(containers),
      images,
      replicaSet: replicaSet.metadata?.name ?? '',
      changeCause: annotations[CHANGE_CAUSE],
    };
    const created = toSeconds(replicaSet.metadata?.creationTimestamp);
    const first = history[0] ?? current;
    // The ReplicaSet was created for its first revision; later ones are rollbacks to it.
    revisions.push({ ...base, number: first, at: created });
    for (const number of [...history.slice(1), ...(history.length ? [current] : [])]) {
      const at = number === current ? rollbackTime(deployment, base.replicaSet) : undefined;
      revisions.push({ ...base, number, at, rollbackOf: first });
    }
  }
  return revisions.sort((a, b) => a.number - b.number);
}

/** When the Deployment last progressed onto `replicaSet`, from its Progressing condition. */
function rollbackTime(deployment: V1Deployment | undefined, replicaSet: string): number | undefined {
  const condition = deployment?.status?.conditions?.find((c) => c.type === 'Progressing');
  if (!condition?.message?.includes(`"${replicaSet}"`)) return undefined;
  return toSeconds(condition.lastUpdateTime ?? condition.lastTransitionTime);
}

/** The image tag of each container: `1.4.2`, or `api=1.4.2, proxy=0.9` for several. */
function versionOf(containers: readonly { name: string; image?: string }[]): string {
  const tags = containers.map((c) => ({ name: c.name, tag: imageTag(c.image ?? '') }));
  if (tags.length === 1) return tags[0].tag;
  return tags.map((t) => `${t.name}=${t.tag}`).join(', ');
}

/** `registry:5000/team/api:1.4.2` → `1.4.2`; a digest → `sha256:` and 12 hex digits; no tag → `latest`. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) {
    const digest = image.slice(at + 1);
    const [algorithm, hex = ''] = digest.split(':');
    return `${algorithm}:${hex.slice(0, 12)}`;
  }
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon >= 0 ? lastSegment.slice(colon + 1) : 'latest';
}

function toSeconds(value: Date | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}
