/**
 * The Istio actuator's options, strategies, describe and API failures against a fake
 * Kubernetes API with Istio's CRDs. Follows the Istio reference ("Destination Rule",
 * "Virtual Service", networking.istio.io/v1 and v1beta1) and the Kubernetes API reference
 * "API Concepts" → the `Status` kind returned with 403 Forbidden.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { STRATEGIES } from '../../core/vocabulary.js';
import type { JsonObject } from '../kubernetes/json-diff.js';
import { type FakeCluster, status } from '../kubernetes/kube-fake-cluster.js';
import { IstioActuatorOptionsSchema } from './istio-actuator-options.js';
import { checkoutRule, checkoutVirtualService } from './istio-fixtures.js';
import { ctx, data, errorOf, meshActuatorOn, step } from './istio-testing.js';

let mesh: FakeCluster | undefined;
afterEach(async () => {
  await mesh?.close();
  mesh = undefined;
});

async function setup(objects: JsonObject[], options = {}, override?: Parameters<typeof meshActuatorOn>[2]) {
  const made = await meshActuatorOn(objects, options, override);
  mesh = made.mesh;
  return made;
}

describe('IstioActuator', () => {
  it('defaults to dry_run and names a bad setting by its field', () => {
    const options = IstioActuatorOptionsSchema.parse({});
    expect(options).toMatchObject({
      dry_run: true,
      namespace: 'default',
      api_version: 'v1',
      shed_percent: 20,
      circuit_breaker: { consecutive_5xx_errors: 5, interval: '10s' },
    });
    const bad = IstioActuatorOptionsSchema.safeParse({ circuit_breaker: { interval: 'ten seconds' } });
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['circuit_breaker', 'interval'],
      message: 'expected an Istio duration such as 10s, 500ms or 1m',
    });
  });

  it('supports the mesh strategies only', async () => {
    const { actuator } = await setup([]);
    expect(STRATEGIES.filter((s) => actuator.supports(s))).toEqual([
      'circuit_breaker',
      'shed_load',
      'failover',
    ]);
    expect(errorOf(await actuator.apply(step('rollback'), ctx())).message).toBe(
      'strategy rollback is not a mesh action; the Istio actuator supports circuit_breaker, shed_load, failover',
    );
    expect(mesh!.requests).toHaveLength(0);
  });

  it('describes the host, its subsets, circuit breaking and route weights', async () => {
    const { actuator } = await setup([checkoutRule(), checkoutVirtualService()]);
    expect(data(await actuator.describe('checkout', ctx()))).toEqual({
      service: 'checkout',
      namespace: 'shop',
      host: 'checkout',
      destination_rule: {
        name: 'checkout',
        subsets: ['v1', 'v2'],
        outlier_detection: null,
        connection_pool: { tcp: { connectTimeout: '30ms' } },
      },
      virtual_service: {
        name: 'checkout',
        routes: [
          [{ host: 'checkout', subset: 'v2', weight: null }],
          [
            { host: 'checkout', subset: 'v1', weight: 90 },
            { host: 'checkout', subset: 'v2', weight: 10 },
          ],
        ],
        fault_abort_percent: null,
      },
      failover_subset: null,
      standby_available: null,
    });
  });

  it('reports standby_available from the configured failover subset', async () => {
    const { actuator } = await setup([checkoutRule()], {
      services: {
        checkout: { failover_subset: 'v1' },
        cart: { failover_subset: 'stable', host: 'checkout' },
      },
    });
    expect(data(await actuator.describe('checkout', ctx()))).toMatchObject({
      failover_subset: 'v1',
      standby_available: true,
      virtual_service: null,
    });
    expect(data(await actuator.describe('cart', ctx()))).toMatchObject({ standby_available: false });
  });

  it('reads configured object names directly and speaks v1beta1 when asked', async () => {
    const rule = { ...checkoutRule({ name: 'checkout-dr' }), apiVersion: 'networking.istio.io/v1beta1' };
    const { actuator } = await setup([rule], {
      api_version: 'v1beta1',
      services: { payments: { host: 'checkout', destination_rule: 'checkout-dr' } },
    });
    data(await actuator.plan(step('circuit_breaker', {}, 'payments'), ctx()));
    expect(mesh!.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /apis/networking.istio.io/v1beta1/namespaces/shop/destinationrules/checkout-dr',
      'PATCH /apis/networking.istio.io/v1beta1/namespaces/shop/destinationrules/checkout-dr',
    ]);
  });

  it('reports the API server message on 403 and 404, and a bad service name', async () => {
    const forbidden = await setup([], {}, (request) =>
      request.method === 'GET'
        ? status(
            403,
            'Forbidden',
            'destinationrules.networking.istio.io is forbidden: User "system:serviceaccount:afr:afr" cannot list resource "destinationrules" in API group "networking.istio.io" in the namespace "shop"',
          )
        : undefined,
    );
    const error = errorOf(await forbidden.actuator.plan(step('circuit_breaker'), ctx()));
    expect(error.message).toMatch(/^Kubernetes API 403: destinationrules.networking.istio.io is forbidden/);
    expect(error.retryable).toBe(false);
    await mesh!.close();
    const { actuator } = await setup([], { services: { checkout: { destination_rule: 'gone' } } });
    expect(errorOf(await actuator.plan(step('circuit_breaker'), ctx())).message).toBe(
      'Kubernetes API 404: destinationrules.networking.istio.io "gone" not found',
    );
    expect(errorOf(await actuator.describe('Check Out!', ctx())).message).toBe(
      'service "Check Out!" is not a valid mesh host; map it in services.<service>.host',
    );
  });
});
