/**
 * `failover` against a fake Kubernetes API with Istio's CRDs. Follows the Istio reference
 * "Virtual Service" (HTTPRouteDestination: destination {host, subset, port}, weight — the
 * weights of a route add up to 100, which Istio's validation enforces), "Destination Rule"
 * (spec.subsets[].name) and the Kubernetes API reference for custom objects.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../kubernetes/json-diff.js';
import type { FakeCluster } from '../kubernetes/kube-fake-cluster.js';
import { checkoutRule, checkoutVirtualService } from './istio-fixtures.js';
import { ctx, data, errorOf, meshActuatorOn, step, writes } from './istio-testing.js';

let mesh: FakeCluster | undefined;
afterEach(async () => {
  await mesh?.close();
  mesh = undefined;
});

async function setup(objects: JsonObject[], options = {}) {
  const made = await meshActuatorOn(objects, options);
  mesh = made.mesh;
  return made;
}

const routesOf = (http: JsonObject[]) => http.map((r) => r.route);
const storedHttp = () =>
  (mesh!.get('VirtualService', 'shop', 'checkout')!.spec as JsonObject).http as JsonObject[];

describe('IstioActuator failover', () => {
  it('dry-runs shifting every route to the host onto the healthy subset, weights adding up to 100', async () => {
    const { actuator } = await setup([checkoutRule(), checkoutVirtualService()]);
    const preview = data(await actuator.plan(step('failover', { subset: 'v1' }), ctx()));
    expect(mesh!.requests.map((r) => `${r.method} ${r.path.split('/').slice(-2).join('/')}`)).toEqual([
      'GET shop/destinationrules',
      'GET shop/virtualservices',
      'PATCH virtualservices/checkout',
    ]);
    const [patch] = writes(mesh!);
    expect(patch.query.get('dryRun')).toBe('All');
    expect(routesOf(JSON.parse(patch.body).spec.http)).toEqual([
      [
        { destination: { host: 'checkout', subset: 'v2' }, weight: 0 },
        { destination: { host: 'checkout', subset: 'v1' }, weight: 100 },
      ],
      [
        { destination: { host: 'checkout', subset: 'v1', port: { number: 8080 } }, weight: 100 },
        { destination: { host: 'checkout', subset: 'v2', port: { number: 8080 } }, weight: 0 },
      ],
    ]);
    expect(preview.summary).toBe(
      'dry run (server-side, dryRun=All; nothing persisted): would shift all traffic for checkout in VirtualService shop/checkout to subset v1 (was v2 100%)',
    );
    expect(preview.diff).toContain('spec.http[1].route[0].weight: 90 → 100');
    expect(preview.diff).toContain('spec.http[1].route[1].weight: 10 → 0');
    expect(storedHttp()).toEqual((checkoutVirtualService().spec as JsonObject).http);
  });

  it('uses the configured failover_subset and a fully qualified host; undo restores the split', async () => {
    const { actuator } = await setup(
      [checkoutRule(), checkoutVirtualService(['checkout.shop.svc.cluster.local'])],
      {
        dry_run: false,
        namespace: 'default',
        services: { checkout: { namespace: 'shop', failover_subset: 'v2' } },
      },
    );
    const receipt = data(await actuator.apply(step('failover'), ctx()));
    expect(routesOf(storedHttp())[1]).toEqual([
      { destination: { host: 'checkout', subset: 'v1', port: { number: 8080 } }, weight: 0 },
      { destination: { host: 'checkout', subset: 'v2', port: { number: 8080 } }, weight: 100 },
    ]);
    expect(receipt.detail).toContain('to subset v2 (was v2 100%)');
    await actuator.undo(step('failover'), receipt, ctx());
    expect(storedHttp()).toEqual((checkoutVirtualService().spec as JsonObject).http);
  });

  it('creates a VirtualService sending everything to the subset when the host has none', async () => {
    const { actuator } = await setup([checkoutRule()]);
    const preview = data(await actuator.plan(step('failover', { subset: 'v1' }), ctx()));
    const [create] = writes(mesh!);
    expect(create.method).toBe('POST');
    expect(create.query.get('dryRun')).toBe('All');
    expect(JSON.parse(create.body)).toMatchObject({
      kind: 'VirtualService',
      metadata: { name: 'afr-failover-checkout', labels: { 'app.kubernetes.io/managed-by': 'afr' } },
      spec: {
        hosts: ['checkout'],
        http: [{ route: [{ destination: { host: 'checkout', subset: 'v1' }, weight: 100 }] }],
      },
    });
    expect(preview.summary).toContain('create VirtualService shop/afr-failover-checkout');
    expect(mesh!.get('VirtualService', 'shop', 'afr-failover-checkout')).toBeUndefined();
  });

  it('refuses without a subset, with an undefined subset, and without a DestinationRule', async () => {
    const { actuator } = await setup([checkoutRule(), checkoutVirtualService()]);
    expect(errorOf(await actuator.plan(step('failover'), ctx())).message).toBe(
      'failover needs a healthy subset: give params.subset or services.checkout.failover_subset',
    );
    expect(errorOf(await actuator.plan(step('failover', { subset: 'V1!' }), ctx())).message).toBe(
      'params.subset: expected a subset name, got "V1!"',
    );
    expect(errorOf(await actuator.plan(step('failover', { subset: 'stable' }), ctx())).message).toBe(
      'subset stable is not defined by DestinationRule shop/checkout (subsets: v1, v2)',
    );
    expect(writes(mesh!)).toHaveLength(0);
    await mesh!.close();
    const bare = await setup([checkoutVirtualService()]);
    expect(errorOf(await bare.actuator.plan(step('failover', { subset: 'v1' }), ctx())).message).toBe(
      'no DestinationRule for host checkout in shop defines subset v1; failover needs it',
    );
  });

  it('applying the same failover twice is a no-op the second time', async () => {
    const { actuator } = await setup([checkoutRule(), checkoutVirtualService()], { dry_run: false });
    await actuator.apply(step('failover', { subset: 'v1' }), ctx());
    const again = data(await actuator.apply(step('failover', { subset: 'v1' }), ctx()));
    expect(again).toEqual({
      detail:
        'nothing to do: VirtualService shop/checkout already sends all traffic for checkout to subset v1',
      undo_token: null,
    });
    expect(writes(mesh!)).toHaveLength(1);
  });
});
