/**
 * `config_revert` against a loopback API server. Follows the Kubernetes API reference,
 * Config and Storage Resources: "ConfigMap" (v1: read GET /api/v1/namespaces/{namespace}/configmaps/{name},
 * patch PATCH .../configmaps/{name}; `data`, `metadata.annotations`), the Deployment pod
 * template's ConfigMap references (volumes[].configMap, envFrom[].configMapRef),
 * "API Concepts" → "Dry-run", merge patch (RFC 7386, `application/merge-patch+json`), and
 * the `Status` kind for a missing `<name>-previous` copy (404 NotFound).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from './json-diff.js';
import { checkoutDeployment, configMap } from './kube-actuator-fixtures.js';
import { actuatorOn, ctx, data, errorOf, patches, step } from './kube-actuator-testing.js';
import type { FakeCluster } from './kube-fake-cluster.js';

let cluster: FakeCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const ANNOTATION = 'afr/previous-data';
const NOW_DATA = { 'db.pool.max_size': '5', 'log.level': 'info' };
const BEFORE_DATA = { 'db.pool.max_size': '50', 'log.level': 'info', 'feature.x': 'off' };

async function setup(objects: JsonObject[], options = {}) {
  const made = await actuatorOn([checkoutDeployment({ envFrom: 'checkout-env' }), ...objects], options);
  cluster = made.cluster;
  return made;
}

const stored = (name: string) => cluster!.get('ConfigMap', 'shop', name)!;

describe('KubernetesActuator config_revert', () => {
  it('finds the used ConfigMap with the previous-data annotation and dry-runs the revert', async () => {
    const { actuator } = await setup([
      configMap('checkout-settings', { 'a.yaml': 'x: 1' }),
      configMap('checkout-env', NOW_DATA, { [ANNOTATION]: JSON.stringify(BEFORE_DATA) }),
    ]);
    const preview = data(await actuator.plan(step('config_revert'), ctx()));
    const gets = cluster!.requests.filter((r) => r.method === 'GET').map((r) => r.path);
    expect(gets).toEqual([
      '/apis/apps/v1/namespaces/shop/deployments',
      '/api/v1/namespaces/shop/configmaps/checkout-settings',
      '/api/v1/namespaces/shop/configmaps/checkout-settings-previous',
      '/api/v1/namespaces/shop/configmaps/checkout-env',
    ]);
    const [patch] = patches(cluster!);
    expect(patch.path).toBe('/api/v1/namespaces/shop/configmaps/checkout-env');
    expect(patch.query.get('dryRun')).toBe('All');
    expect(patch.query.get('fieldManager')).toBe('afr');
    expect(patch.headers['content-type']).toBe('application/merge-patch+json');
    expect(JSON.parse(patch.body)).toEqual({
      data: { 'db.pool.max_size': '50', 'feature.x': 'off' },
      metadata: { annotations: { [ANNOTATION]: JSON.stringify(NOW_DATA) }, resourceVersion: '7001' },
    });
    expect(preview.summary).toContain(
      `revert ConfigMap shop/checkout-env to its previous data (from annotation ${ANNOTATION}); keys changed: db.pool.max_size, feature.x`,
    );
    expect(preview.diff).toContain('data."db.pool.max_size": 5 → 50');
    expect(preview.diff).toContain('data."feature.x": (none) → off');
    expect(stored('checkout-env').data).toEqual(NOW_DATA);
  });

  it('reverts for real from a <name>-previous copy and the undo re-applies the reverted data', async () => {
    const { actuator } = await setup(
      [configMap('checkout-env', NOW_DATA), configMap('checkout-env-previous', BEFORE_DATA)],
      { dry_run: false },
    );
    const receipt = data(await actuator.apply(step('config_revert', { config_map: 'checkout-env' }), ctx()));
    expect(receipt.detail).toContain('(from ConfigMap checkout-env-previous)');
    expect(stored('checkout-env').data).toEqual(BEFORE_DATA);
    expect((stored('checkout-env').metadata as JsonObject).annotations).toEqual({
      [ANNOTATION]: JSON.stringify(NOW_DATA),
    });
    await actuator.undo(step('config_revert'), receipt, ctx());
    const undoPatch = patches(cluster!)[1];
    expect(JSON.parse(undoPatch.body)).toEqual({
      data: { 'db.pool.max_size': '5', 'feature.x': null },
      metadata: { annotations: { [ANNOTATION]: null }, resourceVersion: '1001' },
    });
    expect(stored('checkout-env').data).toEqual(NOW_DATA);
    expect((stored('checkout-env').metadata as JsonObject).annotations).toEqual({});
  });

  it('refuses when no used ConfigMap has a previous version', async () => {
    const { actuator } = await setup([
      configMap('checkout-settings', { 'a.yaml': 'x: 1' }),
      configMap('checkout-env', NOW_DATA),
    ]);
    const error = errorOf(await actuator.plan(step('config_revert'), ctx()));
    expect(error.message).toBe(
      `no previous version of ConfigMap shop/checkout-settings, shop/checkout-env (an annotation ${ANNOTATION} or a <name>-previous copy)`,
    );
    expect(patches(cluster!)).toHaveLength(0);
  });

  it('refuses a malformed previous-data annotation', async () => {
    const { actuator } = await setup([configMap('checkout-env', NOW_DATA, { [ANNOTATION]: '[1,2]' })]);
    const error = errorOf(await actuator.plan(step('config_revert', { config_map: 'checkout-env' }), ctx()));
    expect(error.message).toBe(
      `ConfigMap shop/checkout-env: annotation ${ANNOTATION} is not a JSON object of strings`,
    );
  });
});
