/**
 * Test helper: the slice of a Kubernetes API server with Istio installed that the Istio
 * actuator talks to, on the loopback recording server. It serves the custom resources
 * `destinationrules` and `virtualservices` (group networking.istio.io) as the Kubernetes
 * API reference describes custom-object endpoints: list (a `<Kind>List`), get, create
 * (201; 409 AlreadyExists), merge patch (`application/merge-patch+json` only: custom
 * resources answer 415 to a strategic merge patch), delete (a `Status` Success), each
 * write honouring `dryRun=All` and a `metadata.resourceVersion` precondition (409
 * Conflict). Like Istio's validating webhook it rejects a VirtualService route whose
 * destination weights do not add up to 100.
 */
import type { RecordedRequest } from '../../connectors/testing/recording-server.js';
import { startRecordingServer } from '../../connectors/testing/recording-server.js';
import { applyMergePatch, type JsonObject } from '../kubernetes/json-diff.js';
import { type FakeCluster, type Override, status } from '../kubernetes/kube-fake-cluster.js';

const KINDS: Record<string, string> = {
  destinationrules: 'DestinationRule',
  virtualservices: 'VirtualService',
};

export async function startFakeMesh(
  objects: JsonObject[],
  override?: Override,
  version = 'v1',
): Promise<FakeCluster> {
  const store = new Map<string, JsonObject>();
  const key = (kind: string, namespace: string, name: string) => `${kind}|${namespace}|${name}`;
  let resourceVersion = 3000;
  for (const object of objects) {
    const meta = object.metadata as JsonObject;
    store.set(key(String(object.kind), String(meta.namespace), String(meta.name)), structuredClone(object));
  }
  const prefix = `/apis/networking.istio.io/${version}/namespaces/`;
  const server = await startRecordingServer((request) => {
    const answer = override?.(request);
    if (answer) return answer;
    if (!request.path.startsWith(prefix)) {
      return status(404, 'NotFound', 'the server could not find the requested resource');
    }
    const [namespace, plural, name, extra] = request.path.slice(prefix.length).split('/');
    const kind = KINDS[plural];
    if (!kind || extra !== undefined) {
      return status(404, 'NotFound', 'the server could not find the requested resource');
    }
    const qualified = `${plural}.networking.istio.io`;
    const dryRun = request.query.get('dryRun') === 'All';
    if (name === undefined && request.method === 'GET') {
      const items = [...store.values()].filter(
        (o) => o.kind === kind && (o.metadata as JsonObject).namespace === namespace,
      );
      return {
        body: {
          apiVersion: `networking.istio.io/${version}`,
          kind: `${kind}List`,
          metadata: { continue: '', resourceVersion: String(resourceVersion) },
          items,
        },
      };
    }
    if (name === undefined && request.method === 'POST') {
      const object = JSON.parse(request.body) as JsonObject;
      const meta = (object.metadata ?? {}) as JsonObject;
      const wanted = String(meta.name ?? '');
      if (object.kind !== kind || object.apiVersion !== `networking.istio.io/${version}`) {
        return status(400, 'BadRequest', `the API version in the data (${object.apiVersion}) does not match`);
      }
      if (store.has(key(kind, namespace, wanted))) {
        return status(409, 'AlreadyExists', `${qualified} "${wanted}" already exists`);
      }
      const invalid = validate(object);
      if (invalid) return invalid;
      const created = structuredClone(object);
      resourceVersion += 1;
      created.metadata = {
        ...meta,
        namespace,
        uid: `uid-${wanted}`,
        generation: 1,
        resourceVersion: String(resourceVersion),
        creationTimestamp: '2024-05-01T12:31:00Z',
      };
      if (!dryRun) store.set(key(kind, namespace, wanted), created);
      return { status: 201, body: created };
    }
    const stored = store.get(key(kind, namespace, name));
    if (!stored) return status(404, 'NotFound', `${qualified} "${name}" not found`);
    if (request.method === 'GET') return { body: stored };
    if (request.method === 'DELETE') {
      if (!dryRun) store.delete(key(kind, namespace, name));
      return {
        body: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name,
            group: 'networking.istio.io',
            kind: plural,
            uid: (stored.metadata as JsonObject).uid,
          },
        },
      };
    }
    if (request.method !== 'PATCH')
      return status(405, 'MethodNotAllowed', 'the server does not allow this method');
    if (!String(request.headers['content-type'] ?? '').startsWith('application/merge-patch+json')) {
      return status(
        415,
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      );
    }
    return patch(request, kind, namespace, name, stored, qualified, dryRun);
  });

  function patch(
    request: RecordedRequest,
    kind: string,
    namespace: string,
    name: string,
    stored: JsonObject,
    qualified: string,
    dryRun: boolean,
  ) {
    const body = JSON.parse(request.body) as JsonObject;
    const wanted = (body.metadata as JsonObject | undefined)?.resourceVersion;
    const meta = stored.metadata as JsonObject;
    if (wanted !== undefined && wanted !== meta.resourceVersion) {
      return status(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualified} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const next = applyMergePatch(stored, body) as JsonObject;
    const invalid = validate(next);
    if (invalid) return invalid;
    if (!dryRun) {
      resourceVersion += 1;
      next.metadata = {
        ...(next.metadata as JsonObject),
        resourceVersion: String(resourceVersion),
        generation: Number(meta.generation ?? 1) + 1,
      };
      store.set(key(kind, namespace, name), next);
    }
    return { body: next };
  }

  return {
    server,
    url: server.url,
    requests: server.requests,
    get: (kind, namespace, name) => store.get(key(kind, namespace, name)),
    close: () => server.close(),
  };
}

/** Istio's validation of route weights: with several destinations they must add up to 100. */
function validate(object: JsonObject) {
  if (object.kind !== 'VirtualService') return undefined;
  const http = ((object.spec as JsonObject | undefined)?.http ?? []) as JsonObject[];
  for (const route of http) {
    const destinations = (route.route ?? []) as JsonObject[];
    if (destinations.length < 2) continue;
    const total = destinations.reduce((sum, d) => sum + Number(d.weight ?? 0), 0);
    if (total !== 100) {
      return status(
        400,
        'BadRequest',
        `admission webhook "validation.istio.io" denied the request: configuration is invalid: total destination weight ${total} != 100`,
      );
    }
  }
  return undefined;
}
