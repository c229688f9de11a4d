/**
 * Test helper: a tiny Kubernetes API server on the loopback recording server, enough for
 * the actuator's calls and shaped after the Kubernetes API reference. It serves GET of
 * Deployments, ReplicaSets, HorizontalPodAutoscalers (autoscaling/v2), ConfigMaps and the
 * Deployment `scale` subresource (a `Scale`, autoscaling/v1), label-selected lists
 * (`DeploymentList`...), and PATCH with `application/merge-patch+json` or
 * `application/strategic-merge-patch+json` (applied with RFC 7386 semantics, which is all
 * the patches under test need: they touch no lists). A `metadata.resourceVersion` in the
 * patch is a precondition (409 Conflict `Status` when stale); `dryRun=All` answers with
 * the patched object without storing it; a real write bumps resourceVersion. Nodes are
 * cluster-scoped (GET/PATCH /api/v1/nodes/{name}); Pods are listed by label or by the
 * `spec.nodeName=` field selector, and POST .../pods/{name}/eviction (an `Eviction`,
 * policy/v1) removes the pod and answers `Status` Success 201, or only checks with
 * `dryRun=All`. Errors use the `Status` kind. `override` lets a test answer a request
 * itself (403, 429 from a PodDisruptionBudget, delays...).
 */
import {
  type CannedResponse,
  type RecordedRequest,
  type RecordingServer,
  startRecordingServer,
} from '../../connectors/testing/recording-server.js';
import { applyMergePatch, type JsonObject } from './json-diff.js';

export { applyMergePatch };

const COLLECTIONS: Record<string, { prefix: string; resource: string; group: string; list: string }> = {
  Deployment: { prefix: '/apis/apps/v1', resource: 'deployments', group: 'apps', list: 'DeploymentList' },
  ReplicaSet: { prefix: '/apis/apps/v1', resource: 'replicasets', group: 'apps', list: 'ReplicaSetList' },
  HorizontalPodAutoscaler: {
    prefix: '/apis/autoscaling/v2',
    resource: 'horizontalpodautoscalers',
    group: 'autoscaling',
    list: 'HorizontalPodAutoscalerList',
  },
  ConfigMap: { prefix: '/api/v1', resource: 'configmaps', group: '', list: 'ConfigMapList' },
  Pod: { prefix: '/api/v1', resource: 'pods', group: '', list: 'PodList' },
};
const NODES = '/api/v1/nodes';

export interface FakeCluster {
  server: RecordingServer;
  url: string;
  requests: RecordedRequest[];
  /** Stored objects by kind, `namespace/name`. */
  get(kind: string, namespace: string, name: string): JsonObject | undefined;
  close(): Promise<void>;
}

export type Override = (request: RecordedRequest) => CannedResponse | undefined;

export async function startFakeCluster(objects: JsonObject[], override?: Override): Promise<FakeCluster> {
  const store = new Map<string, JsonObject>();
  const key = (kind: string, namespace: string, name: string) => `${kind}|${namespace}|${name}`;
  let version = 1000;
  for (const object of objects) {
    const meta = object.metadata as JsonObject;
    store.set(
      key(String(object.kind), String(meta.namespace ?? ''), String(meta.name)),
      structuredClone(object),
    );
  }
  const server = await startRecordingServer((request) => {
    const answer = override?.(request);
    if (answer) return answer;
    if (request.path.startsWith(`${NODES}/`)) {
      const name = request.path.slice(NODES.length + 1);
      const stored = store.get(key('Node', '', name));
      if (!stored) return status(404, 'NotFound', `nodes "${name}" not found`);
      if (request.method === 'GET') return { body: stored };
      return patchObject(request, 'Node', '', name, stored, 'nodes');
    }
    for (const [kind, c] of Object.entries(COLLECTIONS)) {
      const base = `${c.prefix}/namespaces/`;
      const all = `${c.prefix}/${c.resource}`;
      if (request.method === 'GET' && request.path === all) return list(kind, undefined, request);
      if (!request.path.startsWith(base)) continue;
      const parts = request.path.slice(base.length).split('/');
      if (parts[1] !== c.resource) continue;
      const [namespace, , name, sub] = parts;
      if (name === undefined) return list(kind, namespace, request);
      const stored = store.get(key(kind, namespace, name));
      const qualified = c.group ? `${c.resource}.${c.group}` : c.resource;
      if (!stored) return status(404, 'NotFound', `${qualified} "${name}" not found`);
      if (request.method === 'GET') return { body: sub === 'scale' ? scaleOf(stored) : stored };
      if (kind === 'Pod' && sub === 'eviction' && request.method === 'POST') {
        const eviction = JSON.parse(request.body) as JsonObject;
        if (eviction.kind !== 'Eviction' || (eviction.metadata as JsonObject | undefined)?.name !== name) {
          return status(400, 'BadRequest', `name in URL does not match name in Eviction object`);
        }
        if (request.query.get('dryRun') !== 'All') store.delete(key(kind, namespace, name));
        return {
          status: 201,
          body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 },
        };
      }
      return patchObject(request, kind, namespace, name, stored, qualified, sub);
    }
    return status(404, 'NotFound', 'the server could not find the requested resource');
  });

  function patchObject(
    request: RecordedRequest,
    kind: string,
    namespace: string,
    name: string,
    stored: JsonObject,
    qualified: string,
    sub?: string,
  ): CannedResponse {
    if (request.method !== 'PATCH')
      return status(405, 'MethodNotAllowed', 'the server does not allow this method');
    const type = String(request.headers['content-type'] ?? '');
    if (!/^application\/(merge-patch|strategic-merge-patch)\+json/.test(type)) {
      return status(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
      );
    }
    const patch = JSON.parse(request.body) as JsonObject;
    const wanted = (patch.metadata as JsonObject | undefined)?.resourceVersion;
    const have = (stored.metadata as JsonObject).resourceVersion;
    if (wanted !== undefined && wanted !== have) {
      return status(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualified} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    let next: JsonObject;
    if (sub === 'scale') {
      const scale = applyMergePatch(scaleOf(stored), patch) as JsonObject;
      next = applyMergePatch(stored, {
        spec: { replicas: (scale.spec as JsonObject).replicas },
      }) as JsonObject;
    } else next = applyMergePatch(stored, patch) as JsonObject;
    if (request.query.get('dryRun') !== 'All') {
      version += 1;
      (next.metadata as JsonObject).resourceVersion = String(version);
      store.set(key(kind, namespace, name), next);
    }
    return { body: sub === 'scale' ? scaleOf(next) : next };
  }

  function list(kind: string, namespace: string | undefined, request: RecordedRequest): CannedResponse {
    const selector = request.query.get('labelSelector');
    const fields = request.query.get('fieldSelector');
    const items = [...store.values()].filter((o) => {
      const meta = o.metadata as JsonObject;
      if (o.kind !== kind || (namespace !== undefined && meta.namespace !== namespace)) return false;
      if (fields && !matches({ 'spec.nodeName': (o.spec as JsonObject | undefined)?.nodeName ?? '' }, fields))
        return false;
      return matches((meta.labels as JsonObject | undefined) ?? {}, selector);
    });
    const apiVersion = COLLECTIONS[kind].prefix.replace(/^\/apis?\//, '');
    return {
      body: {
        kind: COLLECTIONS[kind].list,
        apiVersion,
        metadata: { resourceVersion: String(version) },
        items,
      },
    };
  }

  return {
    server,
    url: server.url,
    requests: server.requests,
    get: (kind, namespace, name) => store.get(key(kind, namespace, name)),
    close: () => server.close(),
  };
}

/** A `Status` failure, as the API server sends it. */
export function status(code: number, reason: string, message: string): CannedResponse {
  return {
    status: code,
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code },
  };
}

function scaleOf(deployment: JsonObject): JsonObject {
  const meta = deployment.metadata as JsonObject;
  const spec = deployment.spec as JsonObject;
  const selector = ((spec.selector as JsonObject).matchLabels ?? {}) as JsonObject;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas: spec.replicas },
    status: {
      replicas: (deployment.status as JsonObject | undefined)?.replicas ?? 0,
      selector: Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    },
  };
}

function matches(labels: JsonObject, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=');
    return labels[k] === v;
  });
}
