/**
 * The drain half of a node failover, as `kubectl drain` does it: evict pods one at a time
 * through the Eviction API (policy/v1), which refuses with 429 when a PodDisruptionBudget
 * would be violated. A 429 stops the drain (the remaining pods stay on the cordoned node);
 * any other failure stops it too and is reported, never thrown, because the cordon before
 * it already happened and its undo token must reach the receipt. A pod already gone (404)
 * counts as drained. DaemonSet pods and static (mirror) pods are never evicted.
 */
import type { JsonObject } from './json-diff.js';
import { KubeApiError } from './kube-call.js';
import type { CallScope, KubeResources } from './kube-resources.js';
import { get, getString } from './object-fields.js';

export interface PodRef {
  namespace: string;
  name: string;
}

export interface DrainSettings {
  max_evictions: number;
  grace_period_seconds?: number;
}

export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** Pods a drain may evict: running or pending, not owned by a DaemonSet, not static. */
export function evictable(pods: JsonObject[]): PodRef[] {
  return pods
    .filter((pod) => {
      const phase = getString(pod, ['status', 'phase']);
      if (phase === 'Succeeded' || phase === 'Failed') return false;
      if (get(pod, ['metadata', 'annotations', MIRROR_ANNOTATION]) !== undefined) return false;
      const owners = get(pod, ['metadata', 'ownerReferences']);
      return !(Array.isArray(owners) && owners.some((o) => (o as JsonObject)?.kind === 'DaemonSet'));
    })
    .map((pod) => ({
      namespace: getString(pod, ['metadata', 'namespace']) ?? '',
      name: getString(pod, ['metadata', 'name']) ?? '',
    }));
}

/** Evicts `pods` in order; the lines say what was evicted and why it stopped, if it did. */
export async function drainPods(
  resources: KubeResources,
  node: string,
  pods: PodRef[],
  settings: DrainSettings,
  dryRun: boolean,
  scope: CallScope,
): Promise<string[]> {
  const verb = dryRun ? 'would evict (dry run, dryRun=All)' : 'evicted';
  if (pods.length === 0) return [`drain of Node ${node}: no pod to evict`];
  const batch = pods.slice(0, settings.max_evictions);
  const lines: string[] = [];
  let evicted = 0;
  for (const pod of batch) {
    const label = `${pod.namespace}/${pod.name}`;
    try {
      await resources.evict(pod, { dryRun, gracePeriodSeconds: settings.grace_period_seconds }, scope);
      evicted += 1;
      lines.push(`${verb} Pod ${label}`);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) {
        lines.push(`Pod ${label} is already gone`);
        continue;
      }
      const message = error instanceof Error ? error.message : String(error);
      const why =
        error instanceof KubeApiError && error.status === 429
          ? `evicting Pod ${label} would violate a PodDisruptionBudget (${message})`
          : `evicting Pod ${label} failed (${message})`;
      const left = pods.length - evicted;
      lines.push(
        `drain stopped: ${why}; ${evicted} of ${pods.length} pods ${dryRun ? 'would be' : 'were'} evicted, ${left} stay on the cordoned Node ${node}`,
      );
      return lines;
    }
  }
  if (pods.length > batch.length) {
    lines.push(
      `drain stopped at node_failover.max_evictions (${settings.max_evictions}): ${pods.length - batch.length} more pods stay on the cordoned Node ${node}`,
    );
  }
  return lines;
}
