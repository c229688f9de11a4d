/**
 * `failover` on Kubernetes (opt-in, the `node_failover` option): move the service off a
 * bad node. The node is `params.node`, or else the node that runs most of the service's
 * pods among those whose `Ready` condition is not `True`. It is cordoned as `kubectl
 * cordon` does (a patch setting `spec.unschedulable: true`), then drained (node-drain.ts):
 * the service's pods on it, or every evictable pod (`drain: all_pods`), are evicted so
 * their controllers recreate them on healthy nodes. Undo uncordons (restores
 * `spec.unschedulable`); evicted pods are not brought back, and need not be.
 */

import { ActuationRefused } from '../shared/actuation-refused.js';
import type { JsonObject } from './json-diff.js';
import type { CallScope, KubeResources } from './kube-resources.js';
import type { NodeFailoverOptions } from './kubernetes-actuator-options.js';
import { drainPods, evictable } from './node-drain.js';
import { type FieldPath, get, getObject, getString, labelSelector } from './object-fields.js';
import { type PreparedChange, prepared, withPrecondition } from './prepared-change.js';

const UNSCHEDULABLE: FieldPath = ['spec', 'unschedulable'];

export async function prepareNodeFailover(
  resources: KubeResources,
  deployment: JsonObject,
  params: Record<string, unknown>,
  options: NodeFailoverOptions,
  scope: CallScope,
): Promise<PreparedChange> {
  const namespace = getString(deployment, ['metadata', 'namespace']) ?? '';
  const name = getString(deployment, ['metadata', 'name']) ?? '';
  const selector = labelSelector(getObject(deployment, ['spec', 'selector', 'matchLabels']));
  if (!selector) throw new ActuationRefused(`Deployment ${namespace}/${name} has no matchLabels selector`);
  const servicePods = await resources.pods(namespace, { labelSelector: selector }, scope);
  const { node, reason, others } = await chooseNode(
    resources,
    servicePods,
    params,
    `${namespace}/${name}`,
    scope,
  );
  const nodeName = getString(node, ['metadata', 'name']) ?? '';
  const onNode = servicePods.filter((pod) => getString(pod, ['spec', 'nodeName']) === nodeName);
  const drain = options.drain;
  const what =
    drain === 'none'
      ? 'without evicting pods (drain: none)'
      : drain === 'all_pods'
        ? 'and evict its pods (drain: all_pods; DaemonSet and static pods stay)'
        : `and evict the ${onNode.length} pods of ${namespace}/${name} on it`;
  const notes = [
    'evicted pods are not brought back by an undo: their controllers recreate them on schedulable nodes',
    'each eviction honours PodDisruptionBudgets: a 429 stops the drain',
  ];
  if (others.length)
    notes.push(`other NotReady nodes run pods of ${namespace}/${name}: ${others.join(', ')}`);
  if (get(node, UNSCHEDULABLE) === true) notes.push(`Node ${nodeName} was already cordoned`);
  return prepared(
    {
      strategy: 'failover',
      summary: `cordon Node ${nodeName} (${reason}) ${what}`,
      request: {
        kind: 'node',
        namespace: '',
        name: nodeName,
        patch_type: 'merge',
        body: withPrecondition({ spec: { unschedulable: true } }, node),
      },
      fields: [UNSCHEDULABLE],
      restorable: [UNSCHEDULABLE],
      reversible: true,
      notes,
      followUp: async (dryRun, followScope) => {
        if (drain === 'none') return [];
        const pods =
          drain === 'all_pods' ? await podsOnNode(resources, nodeName, followScope) : evictable(onNode);
        return drainPods(resources, nodeName, pods, options, dryRun, followScope);
      },
    },
    node,
  );
}

async function podsOnNode(resources: KubeResources, node: string, scope: CallScope) {
  try {
    return evictable(await resources.pods(undefined, { fieldSelector: `spec.nodeName=${node}` }, scope));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ActuationRefused(`drain of Node ${node} could not list its pods: ${message}`);
  }
}

interface ChosenNode {
  node: JsonObject;
  reason: string;
  /** Other NotReady nodes running the service (not handled by this step). */
  others: string[];
}

async function chooseNode(
  resources: KubeResources,
  servicePods: JsonObject[],
  params: Record<string, unknown>,
  service: string,
  scope: CallScope,
): Promise<ChosenNode> {
  if (params.node !== undefined) {
    if (typeof params.node !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(params.node)) {
      throw new ActuationRefused(`params.node: expected a node name, got ${JSON.stringify(params.node)}`);
    }
    const node = await resources.read({ kind: 'node', namespace: '', name: params.node }, scope);
    return { node, reason: `named by the step; ${readiness(node)}`, others: [] };
  }
  const counts = new Map<string, number>();
  for (const pod of servicePods) {
    const nodeName = getString(pod, ['spec', 'nodeName']);
    if (nodeName) counts.set(nodeName, (counts.get(nodeName) ?? 0) + 1);
  }
  if (counts.size === 0) throw new ActuationRefused(`no pod of ${service} is scheduled on a node`);
  const unhealthy: { node: JsonObject; pods: number; name: string }[] = [];
  for (const [name, pods] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    const node = await resources.read({ kind: 'node', namespace: '', name }, scope);
    if (readyStatus(node) !== 'True') unhealthy.push({ node, pods, name });
  }
  if (unhealthy.length === 0) {
    throw new ActuationRefused(
      `every node running ${service} is Ready (${[...counts.keys()].join(', ')}); name the node to fail over from in params.node`,
    );
  }
  unhealthy.sort((a, b) => b.pods - a.pods || a.name.localeCompare(b.name));
  const [first, ...rest] = unhealthy;
  return {
    node: first.node,
    reason: `${readiness(first.node)}; runs ${first.pods} of the ${servicePods.length} pods of ${service}`,
    others: rest.map((r) => r.name),
  };
}

function readyStatus(node: JsonObject): string {
  const conditions = get(node, ['status', 'conditions']);
  const ready = Array.isArray(conditions)
    ? conditions.find((c) => (c as JsonObject)?.type === 'Ready')
    : undefined;
  return typeof (ready as JsonObject | undefined)?.status === 'string'
    ? String((ready as JsonObject).status)
    : 'Unknown';
}

function readiness(node: JsonObject): string {
  const status = readyStatus(node);
  return status === 'True' ? 'Ready' : status === 'False' ? 'NotReady' : `Ready ${status}`;
}
