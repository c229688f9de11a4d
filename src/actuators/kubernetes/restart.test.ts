/**
 * `restart` against a loopback API server, as `kubectl rollout restart` does it: a
 * strategic merge patch (Content-Type `application/strategic-merge-patch+json`) of the
 * Deployment (apps/v1, PATCH /apis/apps/v1/namespaces/{namespace}/deployments/{name})
 * setting `spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]` (RFC 3339);
 * "API Concepts" → "Dry-run"; DeploymentStrategy.rollingUpdate (maxSurge, maxUnavailable).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from './json-diff.js';
import { checkoutDeployment } from './kube-actuator-fixtures.js';
import { actuatorOn, ctx, data, patches, step } from './kube-actuator-testing.js';
import type { FakeCluster } from './kube-fake-cluster.js';

let cluster: FakeCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

async function setup(options = {}) {
  const made = await actuatorOn([checkoutDeployment()], options);
  cluster = made.cluster;
  return made;
}

const spec = () => cluster!.get('Deployment', 'shop', 'checkout')!.spec as JsonObject;

describe('KubernetesActuator restart', () => {
  it('dry-runs a strategic merge patch stamping restartedAt', async () => {
    const { actuator } = await setup();
    const preview = data(await actuator.plan(step('restart'), ctx()));
    const [patch] = patches(cluster!);
    expect(patch.path).toBe('/apis/apps/v1/namespaces/shop/deployments/checkout');
    expect(patch.query.get('dryRun')).toBe('All');
    expect(patch.query.get('fieldManager')).toBe('afr');
    expect(patch.headers['content-type']).toBe('application/strategic-merge-patch+json');
    expect(JSON.parse(patch.body)).toEqual({
      spec: {
        template: {
          metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-05-01T12:30:00Z' } },
        },
      },
      metadata: { resourceVersion: '81234' },
    });
    expect(preview.diff).toContain(
      'spec.template.metadata.annotations."kubectl.kubernetes.io/restartedAt": 2024-05-01T11:30:00Z → 2024-05-01T12:30:00Z',
    );
    expect(preview.diff).toContain('note: a restart cannot be undone');
  });

  it('restarts for real; the receipt marks it irreversible and undo sends nothing', async () => {
    const { actuator } = await setup({ dry_run: false });
    const receipt = data(await actuator.apply(step('restart'), ctx()));
    expect(patches(cluster!)[0].query.has('dryRun')).toBe(false);
    const annotations = ((spec().template as JsonObject).metadata as JsonObject).annotations as JsonObject;
    expect(annotations['kubectl.kubernetes.io/restartedAt']).toBe('2024-05-01T12:30:00Z');
    expect(receipt.detail).toContain('irreversible but harmless');
    expect(receipt.undo_token).toMatchObject({ reversible: false, fields: [] });
    const before = cluster!.requests.length;
    const undone = data(await actuator.undo(step('restart'), receipt, ctx()));
    expect(undone.detail).toBe(
      'a restart cannot be undone (pods were replaced) and needs none; nothing changed',
    );
    expect(cluster!.requests.length).toBe(before);
  });

  it('paces the restart by max_unavailable; undo restores only the rollout strategy', async () => {
    const { actuator } = await setup({ dry_run: false });
    const receipt = data(await actuator.apply(step('restart', { max_unavailable: 0 }), ctx()));
    expect(JSON.parse(patches(cluster!)[0].body).spec.strategy).toEqual({
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
    expect(spec().strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    });
    const undone = data(await actuator.undo(step('restart'), receipt, ctx()));
    expect(undone.detail).toContain('restored spec.strategy of Deployment shop/checkout');
    expect(spec().strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
    });
    const annotations = ((spec().template as JsonObject).metadata as JsonObject).annotations as JsonObject;
    expect(annotations['kubectl.kubernetes.io/restartedAt']).toBe('2024-05-01T12:30:00Z');
  });
});

describe('KubernetesActuator restart of a paused Deployment', () => {
  it('is refused without a patch', async () => {
    const paused = checkoutDeployment();
    (paused.spec as JsonObject).paused = true;
    const made = await actuatorOn([paused]);
    cluster = made.cluster;
    const outcome = await made.actuator.plan(step('restart'), ctx());
    expect(outcome).toMatchObject({
      kind: 'error',
      message: 'Deployment shop/checkout is paused; a restart would not roll out until it is resumed',
    });
    expect(patches(cluster)).toHaveLength(0);
  });
});
