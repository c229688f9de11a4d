/**
 * `rollback` against a loopback API server. Follows the Kubernetes API reference,
 * Workload Resources: "Deployment" (apps/v1: read GET /apis/apps/v1/namespaces/{namespace}/deployments/{name},
 * list with `labelSelector`, patch PATCH .../deployments/{name}) and "ReplicaSet" (list
 * GET /apis/apps/v1/namespaces/{namespace}/replicasets, the `deployment.kubernetes.io/revision`
 * annotation); "API Concepts" → "Dry-run" (`dryRun=All`) and the `Status` kind; "Update API
 * Objects in Place Using kubectl patch" (Content-Type `application/merge-patch+json`,
 * RFC 7386); `kubectl rollout undo` (the previous revision's pod template without
 * `pod-template-hash`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from './json-diff.js';
import {
  checkoutDeployment,
  checkoutReplicaSets,
  IMAGE,
  RESTARTED_EARLIER,
} from './kube-actuator-fixtures.js';
import { actuatorOn, ctx, data, errorOf, KUBE_TOKEN, patches, step } from './kube-actuator-testing.js';
import type { FakeCluster } from './kube-fake-cluster.js';

let cluster: FakeCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

async function setup(options = {}, objects = [checkoutDeployment(), ...checkoutReplicaSets()]) {
  const made = await actuatorOn(objects, options);
  cluster = made.cluster;
  return made;
}

const stored = () => cluster!.get('Deployment', 'shop', 'checkout') as JsonObject & { spec: JsonObject };

describe('KubernetesActuator rollback', () => {
  it('plans with a server-side dry run of the merge patch to the previous revision template', async () => {
    const { actuator } = await setup();
    const preview = data(await actuator.plan(step('rollback'), ctx()));

    const [list, replicaSets, patch] = cluster!.requests;
    expect(list.method).toBe('GET');
    expect(list.path).toBe('/apis/apps/v1/namespaces/shop/deployments');
    expect(list.query.get('labelSelector')).toBe('app.kubernetes.io/name=checkout');
    expect(list.headers.authorization).toBe(`Bearer ${KUBE_TOKEN}`);
    expect(replicaSets.path).toBe('/apis/apps/v1/namespaces/shop/replicasets');
    expect(replicaSets.query.get('labelSelector')).toBe('app=checkout');
    expect(patch.method).toBe('PATCH');
    expect(patch.path).toBe('/apis/apps/v1/namespaces/shop/deployments/checkout');
    expect(patch.query.get('dryRun')).toBe('All');
    expect(patch.query.get('fieldManager')).toBe('afr');
    expect(patch.headers['content-type']).toBe('application/merge-patch+json');
    expect(JSON.parse(patch.body)).toEqual({
      metadata: { resourceVersion: '81234' },
      spec: {
        template: {
          metadata: { annotations: null },
          spec: {
            containers: [
              { name: 'app', image: `${IMAGE}:1.4.1`, ports: [{ containerPort: 8080, protocol: 'TCP' }] },
            ],
          },
        },
      },
    });
    expect(preview.summary).toContain('dry run');
    expect(preview.summary).toContain(
      `roll back Deployment shop/checkout from revision 3 (app=${IMAGE}:1.4.2) to revision 2 (app=${IMAGE}:1.4.1, ReplicaSet checkout-7b9c2a)`,
    );
    expect(preview.diff).toContain(
      `spec.template.spec.containers[app].image: ${IMAGE}:1.4.2 → ${IMAGE}:1.4.1`,
    );
    expect(preview.diff).toContain(
      `spec.template.metadata.annotations."kubectl.kubernetes.io/restartedAt": ${RESTARTED_EARLIER} → (none)`,
    );
    expect(stored().spec).toEqual(checkoutDeployment().spec);
  });

  it('by default (dry_run: true) apply only dry-runs, says so, and its undo changes nothing', async () => {
    const { actuator } = await setup();
    const receipt = data(await actuator.apply(step('rollback'), ctx()));
    expect(patches(cluster!).map((p) => p.query.get('dryRun'))).toEqual(['All']);
    expect(receipt.detail).toMatch(/^DRY RUN \(dry_run: true\)/);
    expect(receipt.undo_token).toMatchObject({ dry_run: true, strategy: 'rollback' });
    expect(stored().spec).toEqual(checkoutDeployment().spec);

    const before = cluster!.requests.length;
    const undone = data(await actuator.undo(step('rollback'), receipt, ctx()));
    expect(undone.detail).toContain('was a dry run; nothing was changed');
    expect(cluster!.requests.length).toBe(before);
  });

  it('with dry_run: false rolls back for real and the undo restores the replaced template', async () => {
    const { actuator } = await setup({ dry_run: false });
    const original = checkoutDeployment().spec as JsonObject;
    const receipt = data(await actuator.apply(step('rollback'), ctx()));
    const [patch] = patches(cluster!);
    expect(patch.query.has('dryRun')).toBe(false);
    expect(patch.query.get('fieldManager')).toBe('afr');
    expect(receipt.detail).toMatch(/^roll back Deployment shop\/checkout/);
    const rolled = stored().spec as JsonObject;
    expect(rolled.template).toEqual({
      metadata: { labels: { app: 'checkout' } },
      spec: {
        containers: [
          { name: 'app', image: `${IMAGE}:1.4.1`, ports: [{ containerPort: 8080, protocol: 'TCP' }] },
        ],
        volumes: [{ name: 'settings', configMap: { name: 'checkout-settings' } }],
      },
    });

    const undone = data(await actuator.undo(step('rollback'), receipt, ctx()));
    const undoPatch = patches(cluster!)[1];
    expect(undoPatch.headers['content-type']).toBe('application/merge-patch+json');
    expect(undoPatch.query.has('dryRun')).toBe(false);
    // Conditional on the version the rollback wrote (the fake bumps 1000 → 1001).
    expect(JSON.parse(undoPatch.body).metadata.resourceVersion).toBe('1001');
    expect(undone.detail).toContain('restored spec.template, spec.strategy of Deployment shop/checkout');
    expect(stored().spec).toEqual(original);
  });

  it('honours a canary hint with a conservative RollingUpdate, and undo restores the strategy', async () => {
    const { actuator } = await setup({ dry_run: false });
    const receipt = data(await actuator.apply(step('rollback', { canary: true }), ctx()));
    expect(JSON.parse(patches(cluster!)[0].body).spec.strategy).toEqual({
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
    expect(receipt.detail).toContain('paced rollout: maxSurge 1, maxUnavailable 0');
    await actuator.undo(step('rollback'), receipt, ctx());
    expect((stored().spec as JsonObject).strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
    });
  });

  it('keeps a stricter maxUnavailable than the hint asks for', async () => {
    const { actuator } = await setup();
    await actuator.plan(step('rollback', { max_unavailable: '50%' }), ctx());
    expect(JSON.parse(patches(cluster!)[0].body).spec.strategy).toEqual({ rollingUpdate: { maxSurge: 1 } });
  });

  it('refuses when no earlier revision is kept, sending no patch', async () => {
    const { actuator } = await setup({}, [checkoutDeployment(), checkoutReplicaSets()[2]]);
    const error = errorOf(await actuator.plan(step('rollback'), ctx()));
    expect(error.message).toBe('shop/checkout has no revision before 3 to roll back to (revisions kept: 3)');
    expect(error.retryable).toBe(false);
    expect(patches(cluster!)).toHaveLength(0);
  });

  it('rolls back to params.to_revision', async () => {
    const { actuator } = await setup();
    const preview = data(await actuator.plan(step('rollback', { to_revision: 1 }), ctx()));
    expect(preview.diff).toContain(`${IMAGE}:1.4.2 → ${IMAGE}:1.4.0`);
  });

  it('reports a 409 Conflict when the Deployment changed between read and patch', async () => {
    const made = await actuatorOn(
      [checkoutDeployment(), ...checkoutReplicaSets()],
      { dry_run: false },
      (request) => {
        if (request.method === 'PATCH') {
          // Another writer got there first.
          (made.cluster.get('Deployment', 'shop', 'checkout')!.metadata as JsonObject).resourceVersion =
            '81299';
        }
        return undefined;
      },
    );
    cluster = made.cluster;
    const error = errorOf(await made.actuator.apply(step('rollback'), ctx()));
    expect(error.message).toBe(
      'Kubernetes API 409: Operation cannot be fulfilled on deployments.apps "checkout": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(error.retryable).toBe(true);
  });
});
