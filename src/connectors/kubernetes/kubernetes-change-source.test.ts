/**
 * Follows the Kubernetes API reference, Workload Resources: "ReplicaSet" (list:
 * GET /apis/apps/v1/namespaces/{namespace}/replicasets, ReplicaSetList) and "Deployment"
 * (list: GET /apis/apps/v1/namespaces/{namespace}/deployments, DeploymentList), the
 * "API Concepts" page on chunked lists (`limit`/`continue`) and the `Status` error kind;
 * the revision annotations are those the Deployment controller writes
 * (`deployment.kubernetes.io/revision`, `.../revision-history`, `kubernetes.io/change-cause`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Handler, type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import {
  deployment,
  deploymentList,
  KUBE_TOKEN,
  replicaSet,
  replicaSetList,
  statusBody,
  testKubeConfig,
} from './kube-test-fixtures.js';
import { KubernetesChangeSource } from './kubernetes-change-source.js';
import { type KubernetesOptionsInput, KubernetesOptionsSchema } from './kubernetes-options.js';

const T = (iso: string) => Date.parse(iso) / 1000;
const RANGE = { start: T('2024-05-01T00:00:00Z'), end: T('2024-05-02T00:00:00Z') };

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function sourceWith(handler: Handler, options: KubernetesOptionsInput = {}) {
  server = await startRecordingServer(handler);
  const parsed = KubernetesOptionsSchema.parse(options);
  return new KubernetesChangeSource(parsed, { kubeConfig: testKubeConfig(server.url) });
}

const checkout = deployment('shop', 'checkout', {
  labels: { 'app.kubernetes.io/name': 'checkout-svc' },
  replicas: 3,
  revision: 3,
});
const checkoutReplicaSets = [
  replicaSet('shop', 'checkout', 'checkout-5d4f8c', {
    revision: 1,
    created: '2024-05-01T10:00:00Z',
    images: { app: 'registry.example.com:5000/shop/checkout:1.4.1' },
  }),
  replicaSet('shop', 'checkout', 'checkout-7b9c2a', {
    revision: 2,
    created: '2024-05-01T11:00:00Z',
    images: { app: 'registry.example.com:5000/shop/checkout:1.4.2' },
    changeCause: 'kubectl set image deployment/checkout app=checkout:1.4.2',
  }),
  replicaSet('shop', 'checkout', 'checkout-6a1e3f', {
    revision: 3,
    created: '2024-05-01T12:00:00Z',
    images: { app: 'registry.example.com:5000/shop/checkout:1.4.2' },
  }),
];

describe('KubernetesChangeSource', () => {
  it('lists Deployments and ReplicaSets of each namespace and reports each revision', async () => {
    const source = await sourceWith(
      (request) =>
        request.path.endsWith('/deployments')
          ? { body: deploymentList([checkout]) }
          : {
              body: replicaSetList([checkoutReplicaSets[2], checkoutReplicaSets[0], checkoutReplicaSets[1]]),
            },
      { namespaces: ['shop'], label_selector: 'tier=backend', page_size: 200 },
    );
    const outcome = await source.changes({ range: RANGE }, { signal: new AbortController().signal });

    const paths = server!.requests.map((r) => r.path).sort();
    expect(paths).toEqual([
      '/apis/apps/v1/namespaces/shop/deployments',
      '/apis/apps/v1/namespaces/shop/replicasets',
    ]);
    for (const request of server!.requests) {
      expect(request.method).toBe('GET');
      expect(request.headers.authorization).toBe(`Bearer ${KUBE_TOKEN}`);
      expect(request.query.get('labelSelector')).toBe('tier=backend');
      expect(request.query.get('limit')).toBe('200');
      expect(request.query.has('continue')).toBe(false);
    }

    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.source.connector).toBe('kubernetes-changes');
    expect(outcome.data).toEqual([
      {
        timestamp: T('2024-05-01T10:00:00Z'),
        service: 'checkout-svc',
        kind: 'deploy',
        version: '1.4.1',
        description: 'shop/checkout revision 1',
        id: 'k8s:shop/checkout:1',
      },
      {
        timestamp: T('2024-05-01T11:00:00Z'),
        service: 'checkout-svc',
        kind: 'deploy',
        version: '1.4.2',
        previous_version: '1.4.1',
        description: 'shop/checkout revision 2: kubectl set image deployment/checkout app=checkout:1.4.2',
        id: 'k8s:shop/checkout:2',
      },
      {
        timestamp: T('2024-05-01T12:00:00Z'),
        service: 'checkout-svc',
        kind: 'config',
        version: '1.4.2',
        previous_version: '1.4.2',
        description: 'shop/checkout revision 3: pod template changed, same images',
        id: 'k8s:shop/checkout:3',
      },
    ]);
  });

  it('dates a rollback from the Progressing condition and keeps the original rollout', async () => {
    const rolledBack = deployment('shop', 'cart', {
      revision: 3,
      progressing: {
        type: 'Progressing',
        status: 'True',
        lastUpdateTime: '2024-05-01T15:30:00Z',
        lastTransitionTime: '2024-05-01T08:00:00Z',
        reason: 'NewReplicaSetAvailable',
        message: 'ReplicaSet "cart-aaa111" has successfully progressed.',
      },
    });
    const source = await sourceWith(
      (request) =>
        request.path.endsWith('/deployments')
          ? { body: deploymentList([rolledBack]) }
          : {
              body: replicaSetList([
                replicaSet('shop', 'cart', 'cart-aaa111', {
                  revision: 3,
                  history: '1',
                  created: '2024-05-01T09:00:00Z',
                  images: { app: 'cart:2.0.0', envoy: 'envoyproxy/envoy@sha256:0123456789abcdef0123' },
                }),
                replicaSet('shop', 'cart', 'cart-bbb222', {
                  revision: 2,
                  created: '2024-05-01T15:00:00Z',
                  images: { app: 'cart:2.1.0', envoy: 'envoyproxy/envoy@sha256:0123456789abcdef0123' },
                }),
              ]),
            },
      { namespaces: ['shop'], services: { 'shop/cart': 'basket' } },
    );
    const outcome = await source.changes({ range: RANGE }, { signal: new AbortController().signal });
    expect(
      outcome.kind === 'ok' &&
        outcome.data.map((c) => [c.timestamp, c.service, c.version, c.previous_version, c.description]),
    ).toEqual([
      [
        T('2024-05-01T09:00:00Z'),
        'basket',
        'app=2.0.0, envoy=sha256:0123456789ab',
        undefined,
        'shop/cart revision 1',
      ],
      [
        T('2024-05-01T15:00:00Z'),
        'basket',
        'app=2.1.0, envoy=sha256:0123456789ab',
        'app=2.0.0, envoy=sha256:0123456789ab',
        'shop/cart revision 2',
      ],
      [
        T('2024-05-01T15:30:00Z'),
        'basket',
        'app=2.0.0, envoy=sha256:0123456789ab',
        'app=2.1.0, envoy=sha256:0123456789ab',
        'shop/cart revision 3: rollback to the template of revision 1',
      ],
    ]);
  });

  it('reads every namespace, follows continue tokens, and filters by time and service', async () => {
    const source = await sourceWith((request) => {
      if (request.path === '/apis/apps/v1/deployments') return { body: deploymentList([checkout]) };
      if (request.query.get('continue') === 'page-2')
        return { body: replicaSetList(checkoutReplicaSets.slice(1)) };
      return { body: replicaSetList(checkoutReplicaSets.slice(0, 1), 'page-2') };
    });
    const outcome = await source.changes(
      {
        range: { start: T('2024-05-01T10:30:00Z'), end: T('2024-05-01T11:30:00Z') },
        services: ['checkout-svc'],
      },
      { signal: new AbortController().signal },
    );
    const replicaSetCalls = server!.requests.filter((r) => r.path === '/apis/apps/v1/replicasets');
    expect(replicaSetCalls.map((r) => r.query.get('continue'))).toEqual([null, 'page-2']);
    expect(outcome.kind === 'ok' && outcome.data.map((c) => c.id)).toEqual(['k8s:shop/checkout:2']);

    const other = await source.changes(
      { range: RANGE, services: ['payments'] },
      { signal: new AbortController().signal },
    );
    expect(other).toMatchObject({ kind: 'ok', data: [] });
  });

  it('returns the API server Status message on 403, not retryable', async () => {
    const message =
      'replicasets.apps is forbidden: User "system:serviceaccount:afr:afr" cannot list resource "replicasets" in API group "apps" in the namespace "shop"';
    const source = await sourceWith(
      (request) =>
        request.path.endsWith('/replicasets')
          ? { status: 403, body: statusBody(403, 'Forbidden', message) }
          : { body: deploymentList([]) },
      { namespaces: ['shop'] },
    );
    const outcome = await source.changes({ range: RANGE }, { signal: new AbortController().signal });
    expect(outcome).toMatchObject({
      kind: 'error',
      message: `Kubernetes API 403: ${message}`,
      retryable: false,
    });
  });

  it('reports 401 and 5xx errors; 5xx is retryable', async () => {
    const unauthorized = await sourceWith(() => ({
      status: 401,
      body: statusBody(401, 'Unauthorized', 'Unauthorized'),
    }));
    expect(
      await unauthorized.changes({ range: RANGE }, { signal: new AbortController().signal }),
    ).toMatchObject({
      kind: 'error',
      message: 'Kubernetes API 401: Unauthorized',
      retryable: false,
    });
    await server!.close();
    const unavailable = await sourceWith(() => ({
      status: 503,
      body: statusBody(503, 'ServiceUnavailable', 'the server is currently unable to handle the request'),
    }));
    expect(
      await unavailable.changes({ range: RANGE }, { signal: new AbortController().signal }),
    ).toMatchObject({
      kind: 'error',
      message: 'Kubernetes API 503: the server is currently unable to handle the request',
      retryable: true,
    });
  });

  it("stops at the caller's deadline", async () => {
    const source = await sourceWith(() => ({ body: deploymentList([]), delayMs: 2_000 }), {
      namespaces: ['shop'],
    });
    const started = Date.now();
    const outcome = await source.changes({ range: RANGE }, { signal: AbortSignal.timeout(100) });
    expect(outcome).toMatchObject({ kind: 'error', message: 'request aborted: the caller deadline passed' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('times out on its own timeout_ms, retryable', async () => {
    const source = await sourceWith(() => ({ body: deploymentList([]), delayMs: 2_000 }), {
      namespaces: ['shop'],
      timeout_ms: 100,
    });
    const outcome = await source.changes({ range: RANGE }, { signal: new AbortController().signal });
    expect(outcome).toMatchObject({
      kind: 'error',
      message: 'Kubernetes API request timed out',
      retryable: true,
    });
  });

  it('turns a malformed list into an error outcome', async () => {
    for (const body of [
      'this is not json',
      { kind: 'ReplicaSetList', apiVersion: 'apps/v1', metadata: {} },
    ]) {
      const source = await sourceWith(() => ({ body }), { namespaces: ['shop'] });
      const outcome = await source.changes({ range: RANGE }, { signal: new AbortController().signal });
      expect(outcome).toMatchObject({
        kind: 'error',
        message: 'unexpected Kubernetes list payload: it has no items list',
        retryable: false,
      });
      await server!.close();
      server = undefined;
    }
  });
});
