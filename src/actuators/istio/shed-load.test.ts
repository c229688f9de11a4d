/**
 * `shed_load` against a fake Kubernetes API with Istio's CRDs. Follows the Istio reference
 * "Virtual Service" (networking.istio.io/v1: spec.hosts, spec.http[].route[].destination
 * {host, subset, port}, weight; HTTPFaultInjection.Abort — percentage.value, httpStatus;
 * HTTPFaultInjection.Delay kept alongside) and the Kubernetes API reference for custom
 * objects (list, create, merge patch, delete; "API Concepts" → "Dry-run").
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../kubernetes/json-diff.js';
import type { FakeCluster } from '../kubernetes/kube-fake-cluster.js';
import { cartVirtualService, checkoutVirtualService } from './istio-fixtures.js';
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

const SERVICES = '/apis/networking.istio.io/v1/namespaces/shop/virtualservices';
const http = (name = 'checkout') =>
  (mesh!.get('VirtualService', 'shop', name)!.spec as JsonObject).http as JsonObject[];

describe('IstioActuator shed_load', () => {
  it('dry-runs a fault abort on every HTTP route to the host', async () => {
    const { actuator } = await setup([cartVirtualService(), checkoutVirtualService()]);
    const preview = data(await actuator.plan(step('shed_load'), ctx()));
    expect(mesh!.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${SERVICES}`,
      `PATCH ${SERVICES}/checkout`,
    ]);
    const [patch] = writes(mesh!);
    expect(patch.query.get('dryRun')).toBe('All');
    expect(patch.headers['content-type']).toBe('application/merge-patch+json');
    const sent = JSON.parse(patch.body);
    expect(sent.metadata).toEqual({ resourceVersion: '2207' });
    const abort = { percentage: { value: 20 }, httpStatus: 503 };
    expect(sent.spec.http.map((r: JsonObject) => r.fault)).toEqual([{ abort }, { abort }]);
    expect(sent.spec.http[1].retries).toEqual({ attempts: 3, perTryTimeout: '2s' });
    expect(preview.summary).toBe(
      'dry run (server-side, dryRun=All; nothing persisted): would abort 20% of requests to checkout with HTTP 503 on 2 HTTP routes of VirtualService shop/checkout',
    );
    expect(preview.diff.split('\n').slice(0, 2)).toEqual([
      'spec.http[0].fault.abort.percentage.value: (none) → 20',
      'spec.http[0].fault.abort.httpStatus: (none) → 503',
    ]);
    expect(http()[0].fault).toBeUndefined();
  });

  it('applies params.percent, keeps an existing delay, and the undo restores the routes', async () => {
    const service = checkoutVirtualService();
    const routes = (service.spec as JsonObject).http as JsonObject[];
    routes[1].fault = { delay: { percentage: { value: 5 }, fixedDelay: '1s' } };
    const { actuator } = await setup([service], { dry_run: false, shed_http_status: 429 });
    const receipt = data(await actuator.apply(step('shed_load', { percent: 35.5 }), ctx()));
    expect(http()[1].fault).toEqual({
      delay: { percentage: { value: 5 }, fixedDelay: '1s' },
      abort: { percentage: { value: 35.5 }, httpStatus: 429 },
    });
    expect(receipt.undo_token).toMatchObject({ action: 'patched', fields: [['spec', 'http']] });
    const undone = data(await actuator.undo(step('shed_load'), receipt, ctx()));
    expect(http()).toEqual(routes);
    expect(undone.detail).toContain('restored spec.http of VirtualService shop/checkout');
    expect(undone.detail).toContain('spec.http[0].fault.abort.percentage.value: 35.5 → (none)');
    expect(undone.detail).toContain('spec.http[1].fault.abort.httpStatus: 429 → (none)');
  });

  it('creates a VirtualService for a host that has none, routing as before plus the abort', async () => {
    const { actuator } = await setup([cartVirtualService()], { dry_run: false });
    const receipt = data(await actuator.apply(step('shed_load', { percent: 50 }), ctx()));
    const [create] = writes(mesh!);
    expect(`${create.method} ${create.path}`).toBe(`POST ${SERVICES}`);
    expect(JSON.parse(create.body).spec).toEqual({
      hosts: ['checkout'],
      http: [
        {
          fault: { abort: { percentage: { value: 50 }, httpStatus: 503 } },
          route: [{ destination: { host: 'checkout' } }],
        },
      ],
    });
    expect(mesh!.get('VirtualService', 'shop', 'afr-shed-load-checkout')).toBeDefined();
    await actuator.undo(step('shed_load'), receipt, ctx());
    expect(mesh!.get('VirtualService', 'shop', 'afr-shed-load-checkout')).toBeUndefined();
    expect(mesh!.get('VirtualService', 'shop', 'cart')).toBeDefined();
  });

  it('rejects a bad percentage naming the field, and an undo token it did not issue', async () => {
    const { actuator } = await setup([checkoutVirtualService()]);
    expect(errorOf(await actuator.plan(step('shed_load', { percent: 0 }), ctx())).message).toBe(
      'params.percent: expected a number in (0, 100], got 0',
    );
    expect(errorOf(await actuator.plan(step('shed_load', { percent: '20' }), ctx())).message).toBe(
      'params.percent: expected a number in (0, 100], got "20"',
    );
    const foreign = { detail: 'x', undo_token: { actuator: 'kubernetes' } };
    expect(errorOf(await actuator.undo(step('shed_load'), foreign, ctx())).message).toBe(
      'undo_token is missing or was not issued by the Istio actuator',
    );
    expect(writes(mesh!)).toHaveLength(0);
  });

  it('answers a no-op when already shedding that share', async () => {
    const service = checkoutVirtualService();
    for (const route of (service.spec as JsonObject).http as JsonObject[]) {
      route.fault = { abort: { percentage: { value: 20 }, httpStatus: 503 } };
    }
    const { actuator } = await setup([service]);
    expect(data(await actuator.plan(step('shed_load'), ctx())).summary).toBe(
      'nothing to do: VirtualService shop/checkout already sheds 20% of requests to checkout',
    );
    expect(writes(mesh!)).toHaveLength(0);
  });
});
