/**
 * Follows the Kubernetes API reference, Workload Resources: "Deployment" (list:
 * GET /apis/apps/v1/namespaces/{namespace}/deployments, DeploymentList) and the `Status`
 * error kind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Handler, type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import { imageTag } from './kube-rollouts.js';
import { deployment, deploymentList, KUBE_TOKEN, statusBody, testKubeConfig } from './kube-test-fixtures.js';
import { type KubernetesOptionsInput, KubernetesOptionsSchema } from './kubernetes-options.js';
import { KubernetesTopologySource } from './kubernetes-topology-source.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function sourceWith(handler: Handler, options: KubernetesOptionsInput) {
  server = await startRecordingServer(handler);
  return new KubernetesTopologySource(KubernetesOptionsSchema.parse(options), {
    kubeConfig: testKubeConfig(server.url),
  });
}

const ctx = () => ({ signal: new AbortController().signal });

describe('KubernetesTopologySource', () => {
  it('lists services with replicas, namespace, tier and criticality from labels', async () => {
    const source = await sourceWith(
      (request) =>
        request.path === '/apis/apps/v1/namespaces/shop/deployments'
          ? {
              body: deploymentList([
                deployment('shop', 'checkout-v2', {
                  labels: { 'app.kubernetes.io/name': 'checkout', tier: 'frontend', criticality: 'high' },
                  replicas: 2,
                  revision: 1,
                }),
                deployment('shop', 'checkout-canary', {
                  labels: { 'app.kubernetes.io/name': 'checkout' },
                  replicas: 1,
                  revision: 1,
                }),
              ]),
            }
          : { body: deploymentList([deployment('data', 'postgres', { replicas: 1, revision: 4 })]) },
      { namespaces: ['shop', 'data'], tier_label: 'tier', criticality_label: 'criticality' },
    );
    const outcome = await source.topology(ctx());
    expect(server!.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/apis/apps/v1/namespaces/shop/deployments', `Bearer ${KUBE_TOKEN}`],
      ['/apis/apps/v1/namespaces/data/deployments', `Bearer ${KUBE_TOKEN}`],
    ]);
    expect(outcome).toMatchObject({
      kind: 'ok',
      data: {
        services: [
          { name: 'checkout', tier: 'frontend', criticality: 'high', replicas: 3, namespace: 'shop' },
          { name: 'postgres', tier: 'backend', criticality: 'medium', replicas: 1, namespace: 'data' },
        ],
        dependencies: [],
      },
    });
  });

  it('answers no_data for an empty cluster and an error with the Status message', async () => {
    const empty = await sourceWith(() => ({ body: deploymentList([]) }), {});
    expect((await empty.topology(ctx())).kind).toBe('no_data');
    expect(server!.requests[0].path).toBe('/apis/apps/v1/deployments');
    await server!.close();
    const forbidden = await sourceWith(
      () => ({
        status: 403,
        body: statusBody(
          403,
          'Forbidden',
          'deployments.apps is forbidden: User "afr" cannot list resource "deployments"',
        ),
      }),
      {},
    );
    expect(await forbidden.topology(ctx())).toMatchObject({
      kind: 'error',
      message:
        'Kubernetes API 403: deployments.apps is forbidden: User "afr" cannot list resource "deployments"',
    });
  });
});

describe('imageTag', () => {
  it('reads tags, registry ports, digests and untagged images', () => {
    expect(imageTag('registry.example.com:5000/team/api:1.4.2')).toBe('1.4.2');
    expect(imageTag('registry.example.com:5000/team/api')).toBe('latest');
    expect(imageTag('nginx')).toBe('latest');
    expect(imageTag('ghcr.io/acme/api@sha256:9f86d081884c7d659a2feaa0c55ad015')).toBe('sha256:9f86d081884c');
  });
});
