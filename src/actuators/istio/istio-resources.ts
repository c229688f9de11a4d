/**
 * Istio's DestinationRules and VirtualServices (group networking.istio.io) through the
 * Kubernetes custom-objects API of @kubernetes/client-node: get, list, create, merge patch
 * and delete. Custom resources take no strategic merge patch, so every patch is an RFC 7386
 * merge patch; every write carries `fieldManager` and, when asked, `dryRun=All`; every
 * failure becomes a KubeApiError with the API server's own message.
 */
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { isObject, type JsonObject, toPlain } from '../kubernetes/json-diff.js';
import { callOptions, KubeApiError, toKubeApiError } from '../kubernetes/kube-call.js';
import type { CallScope } from '../kubernetes/kube-resources.js';

export const ISTIO_GROUP = 'networking.istio.io';
export type IstioKind = 'DestinationRule' | 'VirtualService';

const PLURALS: Record<IstioKind, string> = {
  DestinationRule: 'destinationrules',
  VirtualService: 'virtualservices',
};

export interface IstioRef {
  kind: IstioKind;
  namespace: string;
  name: string;
}

export class IstioResources {
  private readonly api: CustomObjectsApi;

  constructor(
    config: KubeConfig,
    private readonly fieldManager: string,
    readonly version: 'v1' | 'v1beta1',
  ) {
    this.api = config.makeApiClient(CustomObjectsApi);
  }

  get apiVersion(): string {
    return `${ISTIO_GROUP}/${this.version}`;
  }

  read(ref: IstioRef, scope: CallScope): Promise<JsonObject> {
    return this.call(scope, () =>
      this.api.getNamespacedCustomObject({ ...this.address(ref), name: ref.name }, callOptions(scope.signal)),
    );
  }

  async list(kind: IstioKind, namespace: string, scope: CallScope): Promise<JsonObject[]> {
    const list = await this.call(scope, () =>
      this.api.listNamespacedCustomObject(
        { ...this.address({ kind, namespace }) },
        callOptions(scope.signal),
      ),
    );
    if (!Array.isArray(list.items)) {
      throw new KubeApiError('unexpected Kubernetes list payload: it has no items list', 0, false);
    }
    return list.items.filter(isObject);
  }

  create(ref: IstioRef, body: JsonObject, dryRun: boolean, scope: CallScope): Promise<JsonObject> {
    return this.call(scope, () =>
      this.api.createNamespacedCustomObject(
        { ...this.address(ref), body, fieldManager: this.fieldManager, ...dry(dryRun) },
        callOptions(scope.signal),
      ),
    );
  }

  /** An RFC 7386 merge patch (`application/merge-patch+json`). */
  patch(ref: IstioRef, body: JsonObject, dryRun: boolean, scope: CallScope): Promise<JsonObject> {
    return this.call(scope, () =>
      this.api.patchNamespacedCustomObject(
        { ...this.address(ref), name: ref.name, body, fieldManager: this.fieldManager, ...dry(dryRun) },
        callOptions(scope.signal, 'merge'),
      ),
    );
  }

  delete(ref: IstioRef, dryRun: boolean, scope: CallScope): Promise<JsonObject> {
    return this.call(scope, () =>
      this.api.deleteNamespacedCustomObject(
        { ...this.address(ref), name: ref.name, ...dry(dryRun) },
        callOptions(scope.signal),
      ),
    );
  }

  private address(ref: Pick<IstioRef, 'kind' | 'namespace'>) {
    return { group: ISTIO_GROUP, version: this.version, namespace: ref.namespace, plural: PLURALS[ref.kind] };
  }

  private async call(scope: CallScope, work: () => Promise<unknown>): Promise<JsonObject> {
    try {
      const result = toPlain(await work());
      if (!isObject(result)) {
        throw new KubeApiError('unexpected Kubernetes API payload: not an object', 0, false);
      }
      return result;
    } catch (error) {
      throw toKubeApiError(error, scope.callerSignal);
    }
  }
}

function dry(dryRun: boolean): { dryRun?: string } {
  return dryRun ? { dryRun: 'All' } : {};
}
