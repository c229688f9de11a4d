/**
 * The Kubernetes objects the actuator reads and patches, through @kubernetes/client-node:
 * Deployments and their `scale` subresource and ReplicaSets (apps/v1),
 * HorizontalPodAutoscalers (autoscaling/v2), ConfigMaps, Nodes and Pods (core v1), and
 * pod evictions (policy/v1 `Eviction`, the API `kubectl drain` uses). Every object comes
 * back in its plain JSON form; every write carries `fieldManager` and, when asked,
 * `dryRun=All`; every failure becomes a KubeApiError with the API server's message.
 */
import { AppsV1Api, AutoscalingV2Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { type JsonObject, toPlain } from './json-diff.js';
import { callOptions, KubeApiError, type PatchType, toKubeApiError } from './kube-call.js';

/**
 * A patchable object kind: the scale subresource is addressed by its Deployment's name; a
 * node is cluster-scoped (its namespace is '').
 */
export type ResourceKind = 'deployment' | 'scale' | 'hpa' | 'configmap' | 'node';

export interface ObjectRef {
  kind: ResourceKind;
  namespace: string;
  name: string;
}

export interface PatchRequest extends ObjectRef {
  patch_type: PatchType;
  body: JsonObject;
}

/** One deadline for a whole actuator call: `signal` aborts every request it makes. */
export interface CallScope {
  signal: AbortSignal;
  /** The caller's own signal, to tell its deadline from the actuator's timeout. */
  callerSignal: AbortSignal;
}

export class KubeResources {
  private readonly apps: AppsV1Api;
  private readonly autoscaling: AutoscalingV2Api;
  private readonly core: CoreV1Api;

  constructor(
    config: KubeConfig,
    private readonly fieldManager: string,
  ) {
    this.apps = config.makeApiClient(AppsV1Api);
    this.autoscaling = config.makeApiClient(AutoscalingV2Api);
    this.core = config.makeApiClient(CoreV1Api);
  }

  read(ref: ObjectRef, scope: CallScope): Promise<JsonObject> {
    const { namespace, name } = ref;
    const options = callOptions(scope.signal);
    return this.call(scope, () => {
      switch (ref.kind) {
        case 'deployment':
          return this.apps.readNamespacedDeployment({ name, namespace }, options);
        case 'scale':
          return this.apps.readNamespacedDeploymentScale({ name, namespace }, options);
        case 'hpa':
          return this.autoscaling.readNamespacedHorizontalPodAutoscaler({ name, namespace }, options);
        case 'configmap':
          return this.core.readNamespacedConfigMap({ name, namespace }, options);
        case 'node':
          return this.core.readNode({ name }, options);
      }
    });
  }

  /** Sends the patch; with `dryRun` the server validates and answers but persists nothing. */
  patch(request: PatchRequest, dryRun: boolean, scope: CallScope): Promise<JsonObject> {
    const params = {
      name: request.name,
      namespace: request.namespace,
      body: request.body,
      fieldManager: this.fieldManager,
      ...(dryRun ? { dryRun: 'All' } : {}),
    };
    const options = callOptions(scope.signal, request.patch_type);
    return this.call(scope, () => {
      switch (request.kind) {
        case 'deployment':
          return this.apps.patchNamespacedDeployment(params, options);
        case 'scale':
          return this.apps.patchNamespacedDeploymentScale(params, options);
        case 'hpa':
          return this.autoscaling.patchNamespacedHorizontalPodAutoscaler(params, options);
        case 'configmap':
          return this.core.patchNamespacedConfigMap(params, options);
        case 'node':
          return this.core.patchNode(params, options);
      }
    });
  }

  /** Deployments matching `labelSelector` in one namespace, or in all when it is undefined. */
  async deployments(
    namespace: string | undefined,
    labelSelector: string,
    scope: CallScope,
  ): Promise<JsonObject[]> {
    const options = callOptions(scope.signal);
    const list = await this.call(scope, () =>
      namespace === undefined
        ? this.apps.listDeploymentForAllNamespaces({ labelSelector }, options)
        : this.apps.listNamespacedDeployment({ namespace, labelSelector }, options),
    );
    return itemsOf(list);
  }

  async replicaSets(namespace: string, labelSelector: string, scope: CallScope): Promise<JsonObject[]> {
    const options = callOptions(scope.signal);
    return itemsOf(
      await this.call(scope, () => this.apps.listNamespacedReplicaSet({ namespace, labelSelector }, options)),
    );
  }

  async horizontalPodAutoscalers(namespace: string, scope: CallScope): Promise<JsonObject[]> {
    const options = callOptions(scope.signal);
    return itemsOf(
      await this.call(scope, () =>
        this.autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace }, options),
      ),
    );
  }

  /** Pods in one namespace (or all when undefined), by label and/or field selector. */
  async pods(
    namespace: string | undefined,
    selectors: { labelSelector?: string; fieldSelector?: string },
    scope: CallScope,
  ): Promise<JsonObject[]> {
    const options = callOptions(scope.signal);
    const list = await this.call(scope, () =>
      namespace === undefined
        ? this.core.listPodForAllNamespaces(selectors, options)
        : this.core.listNamespacedPod({ namespace, ...selectors }, options),
    );
    return itemsOf(list);
  }

  /**
   * Asks the API server to evict a pod (POST .../pods/{name}/eviction). It refuses with 429
   * when a PodDisruptionBudget would be violated; with `dryRun` it only checks.
   */
  async evict(
    pod: { namespace: string; name: string },
    eviction: { dryRun: boolean; gracePeriodSeconds?: number },
    scope: CallScope,
  ): Promise<void> {
    const body = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: pod.name, namespace: pod.namespace },
      ...(eviction.gracePeriodSeconds !== undefined
        ? { deleteOptions: { gracePeriodSeconds: eviction.gracePeriodSeconds } }
        : {}),
    };
    const options = callOptions(scope.signal);
    await this.call(scope, async () => {
      await this.core.createNamespacedPodEviction(
        {
          name: pod.name,
          namespace: pod.namespace,
          body,
          fieldManager: this.fieldManager,
          ...(eviction.dryRun ? { dryRun: 'All' } : {}),
        },
        options,
      );
      return {};
    });
  }

  private async call(scope: CallScope, work: () => Promise<unknown>): Promise<JsonObject> {
    try {
      const result = toPlain(await work());
      if (result === null || typeof result !== 'object' || Array.isArray(result)) {
        throw new KubeApiError('unexpected Kubernetes API payload: not an object', 0, false);
      }
      return result;
    } catch (error) {
      throw toKubeApiError(error, scope.callerSignal);
    }
  }
}

function itemsOf(list: JsonObject): JsonObject[] {
  if (!Array.isArray(list.items)) {
    throw new KubeApiError('unexpected Kubernetes list payload: it has no items list', 0, false);
  }
  return list.items as JsonObject[];
}
