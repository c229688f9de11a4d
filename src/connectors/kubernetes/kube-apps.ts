/**
 * The two `apps/v1` lists the Kubernetes connectors read (Deployments and ReplicaSets) through
 * @kubernetes/client-node: namespaced or cluster-wide, every page (`limit`/`continue`),
 * bounded by the caller's deadline and the connector timeout. A failed call becomes a
 * KubeApiError carrying the API server's own Status message.
 */
import {
  ApiException,
  AppsV1Api,
  type ConfigurationOptions,
  KubeConfig,
  Observable,
  type ObservableMiddleware,
  type V1Deployment,
  type V1ReplicaSet,
} from '@kubernetes/client-node';
import type { KubernetesOptions } from './kubernetes-options.js';

export class KubeApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/** Loads the kubeconfig the options name: a file, the in-cluster account, or the defaults. */
export function loadKubeConfig(options: KubernetesOptions): KubeConfig {
  const config = new KubeConfig();
  if (options.in_cluster) config.loadFromCluster();
  else if (options.kubeconfig) config.loadFromFile(options.kubeconfig);
  else config.loadFromDefault();
  if (options.context) config.setCurrentContext(options.context);
  return config;
}

interface ListPage<T> {
  items: T[];
  metadata?: { _continue?: string };
}

interface ListParams {
  namespace?: string;
  labelSelector?: string;
  limit: number;
  _continue?: string;
}

export class KubeApps {
  private readonly api: AppsV1Api;

  constructor(
    config: KubeConfig,
    private readonly options: Pick<KubernetesOptions, 'label_selector' | 'timeout_ms' | 'page_size'>,
  ) {
    this.api = config.makeApiClient(AppsV1Api);
  }

  deployments(namespace: string | undefined, signal: AbortSignal): Promise<V1Deployment[]> {
    return this.listAll(
      (params, call) =>
        params.namespace === undefined
          ? this.api.listDeploymentForAllNamespaces(params, call)
          : this.api.listNamespacedDeployment({ ...params, namespace: params.namespace }, call),
      namespace,
      signal,
    );
  }

  replicaSets(namespace: string | undefined, signal: AbortSignal): Promise<V1ReplicaSet[]> {
    return this.listAll(
      (params, call) =>
        params.namespace === undefined
          ? this.api.listReplicaSetForAllNamespaces(params, call)
          : this.api.listNamespacedReplicaSet({ ...params, namespace: params.namespace }, call),
      namespace,
      signal,
    );
  }

  private async listAll<T>(
    list: (params: ListParams, call: ConfigurationOptions) => Promise<ListPage<T>>,
    namespace: string | undefined,
    signal: AbortSignal,
  ): Promise<T[]> {
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(this.options.timeout_ms)]);
    const call = withSignal(deadline);
    const items: T[] = [];
    let next: string | undefined;
    do {
      const params: ListParams = {
        namespace,
        labelSelector: this.options.label_selector,
        limit: this.options.page_size,
        _continue: next,
      };
      let page: ListPage<T>;
      try {
        page = await list(params, call);
      } catch (error) {
        throw await toKubeApiError(error, signal);
      }
      if (!Array.isArray(page?.items)) {
        throw new KubeApiError('unexpected Kubernetes list payload: it has no items list', 0, false);
      }
      items.push(...page.items);
      next = page.metadata?._continue || undefined;
    } while (next);
    return items;
  }
}

/** Per-call options that hand the abort signal to the client's fetch. */
function withSignal(signal: AbortSignal): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (context) => {
      context.setSignal(signal);
      return new Observable(Promise.resolve(context));
    },
    post: (context) => new Observable(Promise.resolve(context)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

async function toKubeApiError(error: unknown, callerSignal: AbortSignal): Promise<KubeApiError> {
  if (error instanceof ApiException) {
    const status = error.code;
    const detail = statusMessage(error.body) ?? (status === 401 ? 'Unauthorized' : `HTTP ${status}`);
    const retryable = status === 429 || status >= 500;
    return new KubeApiError(`Kubernetes API ${status}: ${detail}`, status, retryable);
  }
  if (callerSignal.aborted) return new KubeApiError('request aborted: the caller deadline passed', 0, false);
  const name = (error as { name?: string })?.name;
  if (name === 'AbortError' || name === 'TimeoutError') {
    return new KubeApiError('Kubernetes API request timed out', 0, true);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new KubeApiError(`Kubernetes API request failed: ${message}`, 0, true);
}

/** The `message` of a `Status` body (a string or an object), when there is one. */
function statusMessage(body: unknown): string | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() || undefined;
    }
  }
  const message = (value as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message ? message : undefined;
}
