/**
 * The Kubernetes Actuator's describe, service mapping, unsupported strategies and error
 * paths against a loopback API server. Follows the Kubernetes API reference: "Deployment"
 * (apps/v1: read and label-selected list, cluster-wide GET /apis/apps/v1/deployments),
 * "HorizontalPodAutoscaler" (autoscaling/v2), and "API Concepts" → the `Status` kind
 * returned with 403 Forbidden / 404 NotFound.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { STRATEGIES } from '../../core/vocabulary.js';
import type { JsonObject } from './json-diff.js';
import { checkoutDeployment, checkoutHpa, checkoutReplicaSets, IMAGE } from './kube-actuator-fixtures.js';
import { actuatorOn, ctx, data, errorOf, patches, step } from './kube-actuator-testing.js';
import { type FakeCluster, status } from './kube-fake-cluster.js';
import { KubernetesActuatorOptionsSchema } from './kubernetes-actuator-options.js';

let cluster: FakeCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

async function setup(objects: JsonObject[], options = {}, override?: Parameters<typeof actuatorOn>[2]) {
  const made = await actuatorOn(objects, options, override);
  cluster = made.cluster;
  return made;
}

describe('KubernetesActuator', () => {
  it('defaults to dry_run, field manager afr and the app.kubernetes.io/name label', () => {
    const options = KubernetesActuatorOptionsSchema.parse({});
    expect(options).toMatchObject({
      dry_run: true,
      field_manager: 'afr',
      service_label: 'app.kubernetes.io/name',
      namespaces: [],
    });
  });

  it('supports the Kubernetes-native strategies only', async () => {
    const { actuator } = await setup([]);
    const supported = STRATEGIES.filter((s) => actuator.supports(s));
    expect(supported).toEqual(['rollback', 'config_revert', 'scale_up', 'restart']);
    const error = errorOf(await actuator.apply(step('circuit_breaker'), ctx()));
    expect(error.message).toContain('strategy circuit_breaker has no Kubernetes-native form');
    expect(cluster!.requests).toHaveLength(0);
  });

  it('describes revision, images, replicas, HPA bounds and namespace', async () => {
    const { actuator } = await setup([
      checkoutDeployment(),
      checkoutHpa({ minReplicas: 2, maxReplicas: 10 }),
    ]);
    const described = data(await actuator.describe('checkout', ctx()));
    expect(described).toEqual({
      service: 'checkout',
      namespace: 'shop',
      deployment: 'checkout',
      revision: 3,
      images: { app: `${IMAGE}:1.4.2` },
      replicas: { spec: 4, ready: 3, available: 3, updated: 4 },
      strategy: 'RollingUpdate',
      paused: false,
      hpa: { name: 'checkout', min_replicas: 2, max_replicas: 10 },
      config_maps: ['checkout-settings'],
    });
    expect(cluster!.requests.map((r) => r.path)).toEqual([
      '/apis/apps/v1/namespaces/shop/deployments',
      '/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers',
    ]);
  });

  it('reads an explicitly mapped Deployment directly', async () => {
    const { actuator } = await setup([checkoutDeployment()], { services: { payments: 'shop/checkout' } });
    const described = data(await actuator.describe('payments', ctx()));
    expect(described).toMatchObject({ service: 'payments', deployment: 'checkout', hpa: null });
    expect(cluster!.requests[0].path).toBe('/apis/apps/v1/namespaces/shop/deployments/checkout');
  });

  it('searches every namespace when none is configured', async () => {
    const { actuator } = await setup([checkoutDeployment()], { namespaces: [] });
    data(await actuator.describe('checkout', ctx()));
    expect(cluster!.requests[0].path).toBe('/apis/apps/v1/deployments');
    expect(cluster!.requests[0].query.get('labelSelector')).toBe('app.kubernetes.io/name=checkout');
  });

  it('refuses an ambiguous label match', async () => {
    const twin = checkoutDeployment();
    (twin.metadata as JsonObject).name = 'checkout-canary';
    const { actuator } = await setup([checkoutDeployment(), twin]);
    const error = errorOf(await actuator.describe('checkout', ctx()));
    expect(error.message).toBe(
      '2 Deployments are labelled app.kubernetes.io/name=checkout (shop/checkout, shop/checkout-canary); map the service explicitly',
    );
  });

  it('reports a missing Deployment with the API server 404 message', async () => {
    const { actuator } = await setup([], { services: { checkout: 'shop/checkout' } });
    const error = errorOf(await actuator.apply(step('restart'), ctx()));
    expect(error).toEqual({
      message: 'Kubernetes API 404: deployments.apps "checkout" not found',
      retryable: false,
    });
  });

  it('reports 403 Forbidden with the Status message word for word', async () => {
    const message =
      'deployments.apps "checkout" is forbidden: User "system:serviceaccount:afr:afr" cannot patch resource "deployments" in API group "apps" in the namespace "shop"';
    const { actuator } = await setup([checkoutDeployment(), ...checkoutReplicaSets()], {}, (request) =>
      request.method === 'PATCH' ? status(403, 'Forbidden', message) : undefined,
    );
    const error = errorOf(await actuator.plan(step('rollback'), ctx()));
    expect(error).toEqual({ message: `Kubernetes API 403: ${message}`, retryable: false });
  });

  it('reports a 5xx as retryable', async () => {
    const { actuator } = await setup([checkoutDeployment()], {}, () =>
      status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request'),
    );
    const error = errorOf(await actuator.describe('checkout', ctx()));
    expect(error).toEqual({
      message: 'Kubernetes API 503: the server is currently unable to handle the request',
      retryable: true,
    });
  });

  it("stops at the caller's deadline", async () => {
    const { actuator } = await setup([checkoutDeployment()], {}, () => ({ delayMs: 3_000, body: {} }));
    const started = Date.now();
    const error = errorOf(await actuator.apply(step('restart'), { signal: AbortSignal.timeout(100) }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toEqual({ message: 'request aborted: the caller deadline passed', retryable: false });
    expect(patches(cluster!)).toHaveLength(0);
  });

  it('stops at its own timeout_ms, retryably', async () => {
    const { actuator } = await setup([checkoutDeployment()], { timeout_ms: 100 }, () => ({
      delayMs: 3_000,
      body: {},
    }));
    const error = errorOf(await actuator.describe('checkout', ctx()));
    expect(error).toEqual({ message: 'Kubernetes API request timed out', retryable: true });
  });

  it('reports a malformed list payload', async () => {
    const { actuator } = await setup([], {}, () => ({
      body: { kind: 'DeploymentList', apiVersion: 'apps/v1' },
    }));
    const error = errorOf(await actuator.describe('checkout', ctx()));
    expect(error.message).toBe('unexpected Kubernetes list payload: it has no items list');
  });

  it('refuses an undo token it did not issue', async () => {
    const { actuator } = await setup([]);
    const error = errorOf(
      await actuator.undo(step('rollback'), { detail: '', undo_token: { strategy: 'rollback' } }, ctx()),
    );
    expect(error.message).toBe('undo_token is missing or was not issued by the Kubernetes actuator');
  });
});
