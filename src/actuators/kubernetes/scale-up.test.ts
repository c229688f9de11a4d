/**
 * `scale_up` against a loopback API server. Follows the Kubernetes API reference:
 * "Deployment" (apps/v1) → read/patch scale of the specified Deployment
 * (GET/PATCH /apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale), the `Scale`
 * kind (autoscaling/v1: spec.replicas, status.replicas, status.selector),
 * "HorizontalPodAutoscaler" (autoscaling/v2: list GET /apis/autoscaling/v2/namespaces/{namespace}/horizontalpodautoscalers,
 * patch PATCH .../horizontalpodautoscalers/{name}; spec.scaleTargetRef, minReplicas
 * (default 1), maxReplicas — both patched when raise_hpa_max allows); "API Concepts" → "Dry-run"; merge patch Content-Type
 * `application/merge-patch+json`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from './json-diff.js';
import { checkoutDeployment, checkoutHpa } from './kube-actuator-fixtures.js';
import { actuatorOn, ctx, data, errorOf, patches, step } from './kube-actuator-testing.js';
import type { FakeCluster } from './kube-fake-cluster.js';
import { KubernetesActuatorOptionsSchema } from './kubernetes-actuator-options.js';

let cluster: FakeCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

async function setup(options = {}, objects: JsonObject[] = [checkoutDeployment()]) {
  const made = await actuatorOn(objects, options);
  cluster = made.cluster;
  return made;
}

const replicas = () => (cluster!.get('Deployment', 'shop', 'checkout')!.spec as JsonObject).replicas;
const hpaSpec = () => cluster!.get('HorizontalPodAutoscaler', 'shop', 'checkout')!.spec as JsonObject;

describe('KubernetesActuator scale_up', () => {
  it('without an HPA, dry-runs a merge patch of the scale subresource: 4 → 6 (+50%)', async () => {
    const { actuator } = await setup();
    const preview = data(await actuator.plan(step('scale_up'), ctx()));
    const paths = cluster!.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual([
      'GET /apis/apps/v1/namespaces/shop/deployments',
      'GET /apis/apps/v1/namespaces/shop/deployments/checkout/scale',
      'GET /apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers',
      'PATCH /apis/apps/v1/namespaces/shop/deployments/checkout/scale',
    ]);
    const [patch] = patches(cluster!);
    expect(patch.query.get('dryRun')).toBe('All');
    expect(patch.query.get('fieldManager')).toBe('afr');
    expect(patch.headers['content-type']).toBe('application/merge-patch+json');
    expect(JSON.parse(patch.body)).toEqual({ spec: { replicas: 6 }, metadata: { resourceVersion: '81234' } });
    expect(preview.summary).toContain('scale Deployment shop/checkout from 4 to 6 replicas');
    expect(preview.diff).toBe('spec.replicas: 4 → 6');
    expect(replicas()).toBe(4);
  });

  it('caps the target at max_replicas and says so', async () => {
    const { actuator } = await setup({ max_replicas: 5 });
    const preview = data(await actuator.plan(step('scale_up'), ctx()));
    expect(JSON.parse(patches(cluster!)[0].body).spec).toEqual({ replicas: 5 });
    expect(preview.summary).toContain('from 4 to 5 replicas (capped from 6 by max_replicas 5)');
  });

  it('applies params.replicas for real and the undo restores the previous count', async () => {
    const { actuator } = await setup({ dry_run: false });
    const receipt = data(await actuator.apply(step('scale_up', { replicas: 9 }), ctx()));
    expect(replicas()).toBe(9);
    expect(receipt.undo_token).toMatchObject({
      object: { kind: 'scale', namespace: 'shop', name: 'checkout' },
      restore: { spec: { replicas: 4 } },
      dry_run: false,
    });
    const undone = data(await actuator.undo(step('scale_up'), receipt, ctx()));
    const undoPatch = patches(cluster!)[1];
    expect(undoPatch.path).toBe('/apis/apps/v1/namespaces/shop/deployments/checkout/scale');
    expect(JSON.parse(undoPatch.body).spec).toEqual({ replicas: 4 });
    expect(undone.detail).toContain('spec.replicas: 9 → 4');
    expect(replicas()).toBe(4);
  });

  it('with an HPA, raises its minReplicas within maxReplicas instead, and undo lowers it again', async () => {
    const { actuator } = await setup({ dry_run: false }, [
      checkoutDeployment(),
      checkoutHpa({ minReplicas: 2, maxReplicas: 5 }),
    ]);
    const receipt = data(await actuator.apply(step('scale_up', { factor: 2 }), ctx()));
    const [patch] = patches(cluster!);
    expect(patch.path).toBe('/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/checkout');
    expect(patch.headers['content-type']).toBe('application/merge-patch+json');
    expect(JSON.parse(patch.body)).toEqual({
      spec: { minReplicas: 5 },
      metadata: { resourceVersion: '5501' },
    });
    expect(receipt.detail).toContain(
      'raise HorizontalPodAutoscaler shop/checkout minReplicas from 2 to 5 (Deployment checkout runs 4; HPA maxReplicas 5) (capped from 8 by HPA maxReplicas 5)',
    );
    expect(hpaSpec().minReplicas).toBe(5);
    expect(replicas()).toBe(4);
    await actuator.undo(step('scale_up'), receipt, ctx());
    expect(hpaSpec().minReplicas).toBe(2);
  });

  it('an HPA without minReplicas gets it removed again on undo (back to the default 1)', async () => {
    const { actuator } = await setup({ dry_run: false }, [
      checkoutDeployment(),
      checkoutHpa({ maxReplicas: 10 }),
    ]);
    const receipt = data(await actuator.apply(step('scale_up'), ctx()));
    expect(hpaSpec().minReplicas).toBe(6);
    await actuator.undo(step('scale_up'), receipt, ctx());
    expect(JSON.parse(patches(cluster!)[1].body).spec).toEqual({ minReplicas: null });
    expect('minReplicas' in hpaSpec()).toBe(false);
  });

  it('refuses when already at the HPA maximum, sending no patch', async () => {
    const { actuator } = await setup({}, [
      checkoutDeployment(),
      checkoutHpa({ minReplicas: 2, maxReplicas: 4 }),
    ]);
    const error = errorOf(await actuator.plan(step('scale_up'), ctx()));
    expect(error.message).toBe(
      'shop/checkout already runs 4 replicas, at its limit (HPA maxReplicas 4); cannot scale up',
    );
    expect(patches(cluster!)).toHaveLength(0);
  });

  it('with raise_hpa_max, raises the HPA maxReplicas too (up to max_replicas) and undo lowers both', async () => {
    const { actuator } = await setup({ dry_run: false, raise_hpa_max: true, max_replicas: 12 }, [
      checkoutDeployment(),
      checkoutHpa({ minReplicas: 2, maxReplicas: 5 }),
    ]);
    const receipt = data(await actuator.apply(step('scale_up', { factor: 2 }), ctx()));
    const [patch] = patches(cluster!);
    expect(patch.path).toBe('/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/checkout');
    expect(JSON.parse(patch.body)).toEqual({
      spec: { minReplicas: 8, maxReplicas: 8 },
      metadata: { resourceVersion: '5501' },
    });
    expect(receipt.detail).toContain(
      'raise HorizontalPodAutoscaler shop/checkout minReplicas from 2 to 8 and maxReplicas from 5 to 8 (Deployment checkout runs 4; raise_hpa_max)',
    );
    expect(receipt.detail).toContain('spec.maxReplicas: 5 → 8');
    expect(hpaSpec()).toMatchObject({ minReplicas: 8, maxReplicas: 8 });
    await actuator.undo(step('scale_up'), receipt, ctx());
    expect(JSON.parse(patches(cluster!)[1].body).spec).toEqual({ minReplicas: 2, maxReplicas: 5 });
    expect(hpaSpec()).toMatchObject({ minReplicas: 2, maxReplicas: 5 });
  });

  it('with raise_hpa_max, still caps at max_replicas; the option requires max_replicas', async () => {
    const { actuator } = await setup({ raise_hpa_max: true, max_replicas: 6 }, [
      checkoutDeployment(),
      checkoutHpa({ minReplicas: 2, maxReplicas: 5 }),
    ]);
    const preview = data(await actuator.plan(step('scale_up', { replicas: 20 }), ctx()));
    expect(JSON.parse(patches(cluster!)[0].body).spec).toEqual({ minReplicas: 6, maxReplicas: 6 });
    expect(preview.summary).toContain('(capped from 20 by max_replicas 6)');
    const parsed = KubernetesActuatorOptionsSchema.safeParse({ raise_hpa_max: true });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['max_replicas'],
      message: 'required when raise_hpa_max is true (the ceiling an HPA maxReplicas may be raised to)',
    });
  });

  it('rejects a malformed factor', async () => {
    const { actuator } = await setup();
    const error = errorOf(await actuator.plan(step('scale_up', { factor: 0.5 }), ctx()));
    expect(error.message).toBe('params.factor: expected a number in (1, 10], got 0.5');
  });
});
