/**
 * Test fixtures shaped as in the Istio reference (networking.istio.io/v1): the
 * DestinationRule of host `checkout` in namespace `shop` with subsets v1 and v2 and a load
 * balancer / connect-timeout policy, and its VirtualService: a header-matched route to the
 * v2 canary, then a default route splitting 90/10 between v1 and v2 with retries.
 */
import type { JsonObject } from '../kubernetes/json-diff.js';

export function checkoutRule(overrides: { name?: string; host?: string } = {}): JsonObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: {
      name: overrides.name ?? 'checkout',
      namespace: 'shop',
      uid: 'uid-dr-checkout',
      generation: 2,
      resourceVersion: '2101',
      creationTimestamp: '2024-04-20T08:00:00Z',
    },
    spec: {
      host: overrides.host ?? 'checkout',
      trafficPolicy: {
        loadBalancer: { simple: 'LEAST_REQUEST' },
        connectionPool: { tcp: { connectTimeout: '30ms' } },
      },
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    },
  };
}

export function checkoutVirtualService(hosts: string[] = ['checkout']): JsonObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      uid: 'uid-vs-checkout',
      generation: 5,
      resourceVersion: '2207',
      creationTimestamp: '2024-04-20T08:00:00Z',
    },
    spec: {
      hosts,
      http: [
        {
          name: 'canary-header',
          match: [{ headers: { 'x-canary': { exact: 'true' } } }],
          route: [{ destination: { host: 'checkout', subset: 'v2' } }],
        },
        {
          name: 'default',
          route: [
            { destination: { host: 'checkout', subset: 'v1', port: { number: 8080 } }, weight: 90 },
            { destination: { host: 'checkout', subset: 'v2', port: { number: 8080 } }, weight: 10 },
          ],
          retries: { attempts: 3, perTryTimeout: '2s' },
          timeout: '5s',
        },
      ],
    },
  };
}

/** A VirtualService of another host in the same namespace (never touched). */
export function cartVirtualService(): JsonObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'cart', namespace: 'shop', uid: 'uid-vs-cart', resourceVersion: '2301' },
    spec: { hosts: ['cart'], http: [{ route: [{ destination: { host: 'cart' } }] }] },
  };
}
