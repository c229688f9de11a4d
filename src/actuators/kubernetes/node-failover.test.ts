/**
 * `failover` as cordon and drain, against a loopback API server. Follows the Kubernetes
 * API reference: "Node" (v1: read GET /api/v1/nodes/{name}, patch PATCH
 * /api/v1/nodes/{name}; spec.unschedulable, status.conditions type Ready), "Pod" (v1:
 * list GET /api/v1/namespaces/{namespace}/pods, cluster-wide GET /api/v1/pods with
 * fieldSelector spec.nodeName), "Eviction" (policy/v1: create POST
 * /api/v1/namespaces/{namespace}/pods/{name}/eviction); the Kubernetes documentation
 * "API-initiated Eviction" (429 Too Many Requests when a PodDisruptionBudget would be
 * violated) and "Safely Drain a Node" (what `kubectl cordon` / `kubectl drain` send).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from './json-diff.js';
import { checkoutDeployment, node, pod } from './kube-actuator-fixtures.js';
import { actuatorOn, ctx, data, errorOf, patches, step } from './kube-actuator-testing.js';
import { type FakeCluster, type Override, status } from './kube-fake-cluster.js';

let cluster: FakeCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const ENABLED = { node_failover: { enabled: true } };

function world(): JsonObject[] {
  return [
    checkoutDeployment(),
    node('node-a', 'True'),
    node('node-b', 'Unknown'),
    pod('checkout-6a1e3f-aaaaa', 'node-a'),
    pod('checkout-6a1e3f-bbbbb', 'node-b'),
    pod('checkout-6a1e3f-ccccc', 'node-b'),
    pod('cart-5f6d7-xxxxx', 'node-b', { labels: { app: 'cart' } }),
    pod('kube-proxy-zzzzz', 'node-b', {
      namespace: 'kube-system',
      labels: { k8s: 'proxy' },
      owner: 'DaemonSet',
    }),
    pod('etcd-node-b', 'node-b', {
      namespace: 'kube-system',
      labels: { k8s: 'etcd' },
      owner: 'Node',
      mirror: true,
    }),
    pod('migrate-once', 'node-b', { labels: { job: 'migrate' }, owner: 'Job', phase: 'Succeeded' }),
  ];
}

async function setup(options: Record<string, unknown> = ENABLED, override?: Override, objects = world()) {
  const made = await actuatorOn(objects, options, override);
  cluster = made.cluster;
  return made;
}

const evictions = () => cluster!.requests.filter((r) => r.method === 'POST');
const unschedulable = (name: string) => (cluster!.get('Node', '', name)!.spec as JsonObject).unschedulable;
const podExists = (name: string, namespace = 'shop') => cluster!.get('Pod', namespace, name) !== undefined;

describe('KubernetesActuator failover (cordon and drain)', () => {
  it('is off unless node_failover.enabled, and says how to turn it on', async () => {
    const { actuator } = await setup({});
    expect(actuator.supports('failover')).toBe(false);
    const error = errorOf(await actuator.plan(step('failover'), ctx()));
    expect(error.message).toBe(
      'strategy failover (cordon and drain a node) is off; enable it with node_failover.enabled',
    );
    expect(cluster!.requests).toHaveLength(0);
  });

  it('dry-runs the cordon of the NotReady node and the evictions of the service pods on it', async () => {
    const { actuator } = await setup();
    expect(actuator.supports('failover')).toBe(true);
    const preview = data(await actuator.plan(step('failover'), ctx()));
    expect(cluster!.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /apis/apps/v1/namespaces/shop/deployments',
      'GET /api/v1/namespaces/shop/pods',
      'GET /api/v1/nodes/node-a',
      'GET /api/v1/nodes/node-b',
      'PATCH /api/v1/nodes/node-b',
      'POST /api/v1/namespaces/shop/pods/checkout-6a1e3f-bbbbb/eviction',
      'POST /api/v1/namespaces/shop/pods/checkout-6a1e3f-ccccc/eviction',
    ]);
    expect(cluster!.requests[1].query.get('labelSelector')).toBe('app=checkout');
    const [cordon] = patches(cluster!);
    expect(cordon.headers['content-type']).toBe('application/merge-patch+json');
    expect(cordon.query.get('dryRun')).toBe('All');
    expect(cordon.query.get('fieldManager')).toBe('afr');
    expect(JSON.parse(cordon.body)).toEqual({
      spec: { unschedulable: true },
      metadata: { resourceVersion: '9061' },
    });
    for (const eviction of evictions()) {
      expect(eviction.query.get('dryRun')).toBe('All');
      expect(eviction.headers['content-type']).toBe('application/json');
    }
    expect(JSON.parse(evictions()[0].body)).toEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'checkout-6a1e3f-bbbbb', namespace: 'shop' },
    });
    expect(preview.summary).toBe(
      'dry run (server-side, dryRun=All; nothing persisted): would cordon Node node-b (Ready Unknown; runs 2 of the 3 pods of shop/checkout) and evict the 2 pods of shop/checkout on it',
    );
    expect(preview.diff).toContain('spec.unschedulable: (none) → true');
    expect(preview.diff).toContain('would evict (dry run, dryRun=All) Pod shop/checkout-6a1e3f-bbbbb');
    expect(preview.diff).toContain('note: each eviction honours PodDisruptionBudgets: a 429 stops the drain');
    expect(unschedulable('node-b')).toBeUndefined();
    expect(podExists('checkout-6a1e3f-bbbbb')).toBe(true);
  });

  it('cordons and drains for real, and the undo uncordons (evicted pods stay evicted)', async () => {
    const { actuator } = await setup({
      ...ENABLED,
      dry_run: false,
      node_failover: { enabled: true, grace_period_seconds: 30 },
    });
    const receipt = data(await actuator.apply(step('failover'), ctx()));
    expect(unschedulable('node-b')).toBe(true);
    expect(podExists('checkout-6a1e3f-bbbbb')).toBe(false);
    expect(podExists('checkout-6a1e3f-ccccc')).toBe(false);
    expect(podExists('cart-5f6d7-xxxxx')).toBe(true);
    expect(JSON.parse(evictions()[0].body).deleteOptions).toEqual({ gracePeriodSeconds: 30 });
    expect(evictions()[0].query.get('dryRun')).toBeNull();
    expect(receipt.detail).toContain('evicted Pod shop/checkout-6a1e3f-ccccc');
    expect(receipt.undo_token).toMatchObject({
      strategy: 'failover',
      object: { kind: 'node', namespace: '', name: 'node-b' },
      restore: { spec: {} },
      dry_run: false,
      reversible: true,
    });
    const undone = data(await actuator.undo(step('failover'), receipt, ctx()));
    const undo = patches(cluster!)[1];
    expect(undo.path).toBe('/api/v1/nodes/node-b');
    expect(JSON.parse(undo.body).spec).toEqual({ unschedulable: null });
    expect(undone.detail).toContain('restored spec.unschedulable of Node node-b');
    expect(unschedulable('node-b')).toBeUndefined();
    expect(podExists('checkout-6a1e3f-bbbbb')).toBe(false);
  });

  it('stops the drain at a 429 from a PodDisruptionBudget and keeps the cordon undoable', async () => {
    const pdb: Override = (request) =>
      request.method === 'POST' && request.path.endsWith('/checkout-6a1e3f-ccccc/eviction')
        ? {
            ...status(
              429,
              'TooManyRequests',
              "Cannot evict pod as it would violate the pod's disruption budget.",
            ),
          }
        : undefined;
    const objects = [...world(), pod('checkout-6a1e3f-ddddd', 'node-b')];
    const { actuator } = await setup({ ...ENABLED, dry_run: false }, pdb, objects);
    const receipt = data(await actuator.apply(step('failover'), ctx()));
    expect(evictions().map((r) => r.path.split('/')[6])).toEqual([
      'checkout-6a1e3f-bbbbb',
      'checkout-6a1e3f-ccccc',
    ]);
    expect(receipt.detail).toContain(
      "drain stopped: evicting Pod shop/checkout-6a1e3f-ccccc would violate a PodDisruptionBudget (Kubernetes API 429: Cannot evict pod as it would violate the pod's disruption budget.); 1 of 3 pods were evicted, 2 stay on the cordoned Node node-b",
    );
    expect(podExists('checkout-6a1e3f-ddddd')).toBe(true);
    expect(unschedulable('node-b')).toBe(true);
    await actuator.undo(step('failover'), receipt, ctx());
    expect(unschedulable('node-b')).toBeUndefined();
  });

  it('drain: all_pods evicts every pod on the node but DaemonSet, static and finished pods', async () => {
    const { actuator } = await setup({ dry_run: false, node_failover: { enabled: true, drain: 'all_pods' } });
    const receipt = data(await actuator.apply(step('failover', { node: 'node-b' }), ctx()));
    const all = cluster!.requests.find((r) => r.path === '/api/v1/pods');
    expect(all?.query.get('fieldSelector')).toBe('spec.nodeName=node-b');
    expect(evictions().map((r) => r.path)).toEqual([
      '/api/v1/namespaces/shop/pods/checkout-6a1e3f-bbbbb/eviction',
      '/api/v1/namespaces/shop/pods/checkout-6a1e3f-ccccc/eviction',
      '/api/v1/namespaces/shop/pods/cart-5f6d7-xxxxx/eviction',
    ]);
    expect(podExists('kube-proxy-zzzzz', 'kube-system')).toBe(true);
    expect(podExists('etcd-node-b', 'kube-system')).toBe(true);
    expect(receipt.detail).toContain(
      'cordon Node node-b (named by the step; Ready Unknown) and evict its pods',
    );
  });

  it('caps the evictions at max_evictions and says how many stay', async () => {
    const { actuator } = await setup({ node_failover: { enabled: true, max_evictions: 1 } });
    const preview = data(await actuator.plan(step('failover'), ctx()));
    expect(evictions()).toHaveLength(1);
    expect(preview.diff).toContain(
      'drain stopped at node_failover.max_evictions (1): 1 more pods stay on the cordoned Node node-b',
    );
  });

  it('drain: none only cordons', async () => {
    const { actuator } = await setup({ node_failover: { enabled: true, drain: 'none' } });
    const preview = data(await actuator.plan(step('failover'), ctx()));
    expect(evictions()).toHaveLength(0);
    expect(preview.summary).toContain(
      'cordon Node node-b (Ready Unknown; runs 2 of the 3 pods of shop/checkout) without evicting pods',
    );
  });

  it('refuses when every node running the service is Ready, sending no patch', async () => {
    const objects = world().map((o) =>
      o.kind === 'Node' ? node(String((o.metadata as JsonObject).name), 'True') : o,
    );
    const { actuator } = await setup(ENABLED, undefined, objects);
    const error = errorOf(await actuator.plan(step('failover'), ctx()));
    expect(error.message).toBe(
      'every node running shop/checkout is Ready (node-a, node-b); name the node to fail over from in params.node',
    );
    expect(patches(cluster!)).toHaveLength(0);
  });

  it('rejects a malformed params.node and reports a missing node as the API server does', async () => {
    const { actuator } = await setup();
    const bad = errorOf(await actuator.plan(step('failover', { node: 'node-b; rm -rf /' }), ctx()));
    expect(bad.message).toBe('params.node: expected a node name, got "node-b; rm -rf /"');
    const missing = errorOf(await actuator.plan(step('failover', { node: 'node-z' }), ctx()));
    expect(missing.message).toBe('Kubernetes API 404: nodes "node-z" not found');
    expect(patches(cluster!)).toHaveLength(0);
  });
});
