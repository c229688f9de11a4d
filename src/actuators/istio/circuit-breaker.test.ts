/**
 * `circuit_breaker` against a fake Kubernetes API with Istio's CRDs. Follows the Istio
 * reference "Destination Rule" (networking.istio.io/v1: spec.host, spec.subsets,
 * trafficPolicy.outlierDetection — consecutive5xxErrors, interval, baseEjectionTime,
 * maxEjectionPercent — and trafficPolicy.connectionPool — tcp.maxConnections,
 * http.http1MaxPendingRequests) and the Kubernetes API reference for custom objects
 * (GET/POST /apis/{group}/{version}/namespaces/{namespace}/{plural}, PATCH/DELETE
 * .../{plural}/{name}; "API Concepts" → "Dry-run"; merge patch for custom resources).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../kubernetes/json-diff.js';
import type { FakeCluster } from '../kubernetes/kube-fake-cluster.js';
import { checkoutRule } from './istio-fixtures.js';
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

const RULES = '/apis/networking.istio.io/v1/namespaces/shop/destinationrules';
const policy = (name = 'checkout') =>
  (mesh!.get('DestinationRule', 'shop', name)!.spec as JsonObject).trafficPolicy as JsonObject;

describe('IstioActuator circuit_breaker', () => {
  it('dry-runs a merge patch of the host DestinationRule with outlier detection and pool limits', async () => {
    const { actuator } = await setup([checkoutRule()]);
    const preview = data(await actuator.plan(step('circuit_breaker'), ctx()));
    expect(mesh!.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${RULES}`,
      `PATCH ${RULES}/checkout`,
    ]);
    const [patch] = writes(mesh!);
    expect(patch.headers['content-type']).toBe('application/merge-patch+json');
    expect(patch.query.get('dryRun')).toBe('All');
    expect(patch.query.get('fieldManager')).toBe('afr');
    expect(JSON.parse(patch.body)).toEqual({
      spec: {
        trafficPolicy: {
          outlierDetection: {
            consecutive5xxErrors: 5,
            interval: '10s',
            baseEjectionTime: '30s',
            maxEjectionPercent: 50,
          },
          connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 64 } },
        },
      },
      metadata: { resourceVersion: '2101' },
    });
    expect(preview.summary).toBe(
      'dry run (server-side, dryRun=All; nothing persisted): would set circuit breaking on DestinationRule shop/checkout (host checkout): eject a backend after 5 consecutive 5xx for 30s+ (at most 50% of them), at most 100 connections and 64 pending requests',
    );
    expect(preview.diff.split('\n')).toEqual([
      'spec.trafficPolicy.connectionPool.tcp.maxConnections: (none) → 100',
      'spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests: (none) → 64',
      'spec.trafficPolicy.outlierDetection.consecutive5xxErrors: (none) → 5',
      'spec.trafficPolicy.outlierDetection.interval: (none) → 10s',
      'spec.trafficPolicy.outlierDetection.baseEjectionTime: (none) → 30s',
      'spec.trafficPolicy.outlierDetection.maxEjectionPercent: (none) → 50',
    ]);
    expect(policy().outlierDetection).toBeUndefined();
  });

  it('applies the configured limits for real; undo restores the pool and drops outlier detection', async () => {
    const { actuator } = await setup([checkoutRule()], {
      dry_run: false,
      circuit_breaker: { consecutive_5xx_errors: 3, max_connections: 20, max_requests_per_connection: 10 },
    });
    const receipt = data(await actuator.apply(step('circuit_breaker'), ctx()));
    expect(policy()).toEqual({
      loadBalancer: { simple: 'LEAST_REQUEST' },
      connectionPool: {
        tcp: { connectTimeout: '30ms', maxConnections: 20 },
        http: { http1MaxPendingRequests: 64, maxRequestsPerConnection: 10 },
      },
      outlierDetection: {
        consecutive5xxErrors: 3,
        interval: '10s',
        baseEjectionTime: '30s',
        maxEjectionPercent: 50,
      },
    });
    expect(receipt.undo_token).toMatchObject({
      actuator: 'istio',
      object: { kind: 'DestinationRule', namespace: 'shop', name: 'checkout' },
      action: 'patched',
      restore: { spec: { trafficPolicy: { connectionPool: { tcp: { connectTimeout: '30ms' } } } } },
      dry_run: false,
    });
    const undone = data(await actuator.undo(step('circuit_breaker'), receipt, ctx()));
    const undo = writes(mesh!)[1];
    expect(JSON.parse(undo.body)).toEqual({
      spec: {
        trafficPolicy: {
          outlierDetection: null,
          connectionPool: { tcp: { maxConnections: null }, http: null },
        },
      },
      metadata: { resourceVersion: '3001' },
    });
    expect(undone.detail).toContain(
      'restored spec.trafficPolicy.outlierDetection, spec.trafficPolicy.connectionPool of DestinationRule shop/checkout',
    );
    expect(policy()).toEqual((checkoutRule().spec as JsonObject).trafficPolicy);
  });

  it('creates a labelled DestinationRule when the host has none, and the undo deletes it', async () => {
    const { actuator } = await setup([], { dry_run: false });
    const receipt = data(await actuator.apply(step('circuit_breaker'), ctx()));
    const [create] = writes(mesh!);
    expect(`${create.method} ${create.path}`).toBe(`POST ${RULES}`);
    expect(create.query.get('fieldManager')).toBe('afr');
    const body = JSON.parse(create.body);
    expect(body).toMatchObject({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: {
        name: 'afr-circuit-breaker-checkout',
        namespace: 'shop',
        labels: { 'app.kubernetes.io/managed-by': 'afr', 'afr.dev/service': 'checkout' },
      },
      spec: { host: 'checkout', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5 } } },
    });
    expect(receipt.detail).toContain(
      'create DestinationRule shop/afr-circuit-breaker-checkout for host checkout',
    );
    expect(receipt.detail).toContain('spec.host: (none) → checkout');
    expect(receipt.undo_token).toMatchObject({ action: 'created', dry_run: false });
    expect(mesh!.get('DestinationRule', 'shop', 'afr-circuit-breaker-checkout')).toBeDefined();
    const undone = data(await actuator.undo(step('circuit_breaker'), receipt, ctx()));
    expect(writes(mesh!)[1].method).toBe('DELETE');
    expect(writes(mesh!)[1].path).toBe(`${RULES}/afr-circuit-breaker-checkout`);
    expect(undone.detail).toBe(
      'deleted DestinationRule shop/afr-circuit-breaker-checkout, which afr had created',
    );
    expect(mesh!.get('DestinationRule', 'shop', 'afr-circuit-breaker-checkout')).toBeUndefined();
    const again = data(await actuator.undo(step('circuit_breaker'), receipt, ctx()));
    expect(again.detail).toBe(
      'DestinationRule shop/afr-circuit-breaker-checkout is already gone; nothing to undo',
    );
  });

  it('will not delete an object that lost its afr label', async () => {
    const { actuator } = await setup([], { dry_run: false });
    const receipt = data(await actuator.apply(step('circuit_breaker'), ctx()));
    const stored = mesh!.get('DestinationRule', 'shop', 'afr-circuit-breaker-checkout')!;
    (stored.metadata as JsonObject).labels = {};
    const error = errorOf(await actuator.undo(step('circuit_breaker'), receipt, ctx()));
    expect(error.message).toBe(
      'DestinationRule shop/afr-circuit-breaker-checkout no longer carries app.kubernetes.io/managed-by=afr; afr will not delete it',
    );
    expect(writes(mesh!).filter((r) => r.method === 'DELETE')).toHaveLength(0);
  });

  it('answers a no-op when the rule already has these settings; refuses when two rules claim the host', async () => {
    const configured = checkoutRule();
    (configured.spec as JsonObject).trafficPolicy = {
      outlierDetection: {
        consecutive5xxErrors: 5,
        interval: '10s',
        baseEjectionTime: '30s',
        maxEjectionPercent: 50,
      },
      connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 64 } },
    };
    const { actuator } = await setup([configured], { dry_run: false });
    expect(data(await actuator.plan(step('circuit_breaker'), ctx())).summary).toBe(
      'nothing to do: DestinationRule shop/checkout already has these circuit-breaker settings',
    );
    expect(data(await actuator.apply(step('circuit_breaker'), ctx()))).toEqual({
      detail: 'nothing to do: DestinationRule shop/checkout already has these circuit-breaker settings',
      undo_token: null,
    });
    expect(writes(mesh!)).toHaveLength(0);
    await mesh!.close();
    const twice = await setup([
      checkoutRule(),
      checkoutRule({ name: 'checkout-fqdn', host: 'checkout.shop.svc.cluster.local' }),
    ]);
    expect(errorOf(await twice.actuator.plan(step('circuit_breaker'), ctx())).message).toBe(
      '2 DestinationRules in shop apply to host checkout (checkout, checkout-fqdn); name one in services.checkout.destination_rule',
    );
    expect(writes(mesh!)).toHaveLength(0);
  });

  it('a dry-run receipt needs no undo and sends nothing', async () => {
    const { actuator } = await setup([checkoutRule()]);
    const receipt = data(await actuator.apply(step('circuit_breaker'), ctx()));
    expect(receipt.detail).toMatch(/^DRY RUN \(dry_run: true\): the API server accepted but did not persist/);
    const before = mesh!.requests.length;
    const undone = data(await actuator.undo(step('circuit_breaker'), receipt, ctx()));
    expect(undone.detail).toBe(
      'the circuit_breaker on DestinationRule shop/checkout was a dry run; nothing was changed, nothing to undo',
    );
    expect(mesh!.requests).toHaveLength(before);
  });
});
