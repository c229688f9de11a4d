/**
 * Test fixtures for the Kubernetes Actuator, shaped as in the Kubernetes API reference:
 * a Deployment (apps/v1) at revision 3 with its three ReplicaSets (the controller's
 * `deployment.kubernetes.io/revision` annotations and controller ownerReferences), a
 * HorizontalPodAutoscaler (autoscaling/v2), ConfigMaps, Nodes (with the `Ready` condition)
 * and Pods (v1).
 */
import { replicaSet } from '../../connectors/kubernetes/kube-test-fixtures.js';
import type { JsonObject } from './json-diff.js';

export const IMAGE = 'registry.example.com:5000/shop/checkout';
export const RESTARTED_EARLIER = '2024-05-01T11:30:00Z';

const PORTS = [{ containerPort: 8080, protocol: 'TCP' }];

/** The three ReplicaSets of shop/checkout; revision 3's template carries a restartedAt stamp. */
export function checkoutReplicaSets(): JsonObject[] {
  const sets = [
    replicaSet('shop', 'checkout', 'checkout-5d4f8c', {
      revision: 1,
      created: '2024-05-01T10:00:00Z',
      images: { app: `${IMAGE}:1.4.0` },
    }),
    replicaSet('shop', 'checkout', 'checkout-7b9c2a', {
      revision: 2,
      created: '2024-05-01T11:00:00Z',
      images: { app: `${IMAGE}:1.4.1` },
    }),
    replicaSet('shop', 'checkout', 'checkout-6a1e3f', {
      revision: 3,
      created: '2024-05-01T12:00:00Z',
      images: { app: `${IMAGE}:1.4.2` },
    }),
  ].map((rs) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', ...rs }) as unknown as JsonObject);
  for (const rs of sets) {
    const podSpec = ((rs.spec as JsonObject).template as JsonObject).spec as JsonObject;
    podSpec.volumes = [{ name: 'settings', configMap: { name: 'checkout-settings' } }];
  }
  const third = sets[2].spec as JsonObject;
  ((third.template as JsonObject).metadata as JsonObject).annotations = {
    'kubectl.kubernetes.io/restartedAt': RESTARTED_EARLIER,
  };
  return sets;
}

/** shop/checkout at revision 3: its template is revision 3's without `pod-template-hash`. */
export function checkoutDeployment(overrides: { replicas?: number; envFrom?: string } = {}): JsonObject {
  const container: JsonObject = { name: 'app', image: `${IMAGE}:1.4.2`, ports: PORTS };
  if (overrides.envFrom) container.envFrom = [{ configMapRef: { name: overrides.envFrom } }];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      uid: 'uid-checkout',
      resourceVersion: '81234',
      generation: 3,
      creationTimestamp: '2024-05-01T10:00:00Z',
      labels: { app: 'checkout', 'app.kubernetes.io/name': 'checkout' },
      annotations: { 'deployment.kubernetes.io/revision': '3' },
    },
    spec: {
      replicas: overrides.replicas ?? 4,
      selector: { matchLabels: { app: 'checkout' } },
      template: {
        metadata: {
          labels: { app: 'checkout' },
          annotations: { 'kubectl.kubernetes.io/restartedAt': RESTARTED_EARLIER },
        },
        spec: {
          containers: [container],
          volumes: [{ name: 'settings', configMap: { name: 'checkout-settings' } }],
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: 3,
      replicas: overrides.replicas ?? 4,
      updatedReplicas: overrides.replicas ?? 4,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 1,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastUpdateTime: '2024-05-01T12:01:00Z',
          lastTransitionTime: '2024-05-01T12:01:00Z',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
      ],
    },
  };
}

/** An autoscaling/v2 HorizontalPodAutoscaler targeting shop/checkout. */
export function checkoutHpa(spec: { minReplicas?: number; maxReplicas: number }): JsonObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'checkout', namespace: 'shop', uid: 'uid-hpa', resourceVersion: '5501' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout' },
      ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
      maxReplicas: spec.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ],
    },
    status: { currentReplicas: 4, desiredReplicas: 4 },
  };
}

export function configMap(
  name: string,
  data: Record<string, string>,
  annotations?: Record<string, string>,
): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: 'shop',
      uid: `uid-${name}`,
      resourceVersion: '7001',
      creationTimestamp: '2024-05-01T09:00:00Z',
      ...(annotations ? { annotations } : {}),
    },
    data,
  };
}

/** A v1 Node with its `Ready` condition ("True", "False" or "Unknown"), as the kubelet reports it. */
export function node(name: string, ready: 'True' | 'False' | 'Unknown', unschedulable = false): JsonObject {
  const reasons = { True: 'KubeletReady', False: 'KubeletNotReady', Unknown: 'NodeStatusUnknown' };
  const messages = {
    True: 'kubelet is posting ready status',
    False: 'container runtime network not ready: NetworkReady=false',
    Unknown: 'Kubelet stopped posting node status.',
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-${name}`,
      resourceVersion: `90${name.length}1`,
      creationTimestamp: '2024-04-01T00:00:00Z',
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' },
    },
    spec: {
      podCIDR: '10.244.1.0/24',
      providerID: `aws:///eu-west-1a/i-0${name.replace(/\W/g, '')}`,
      ...(unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: ready,
          lastHeartbeatTime: '2024-05-01T12:20:00Z',
          lastTransitionTime: '2024-05-01T12:21:00Z',
          reason: reasons[ready],
          message: messages[ready],
        },
      ],
    },
  };
}

/** A v1 Pod on `nodeName`; by default a checkout pod owned by its revision-3 ReplicaSet. */
export function pod(
  name: string,
  nodeName: string,
  options: {
    namespace?: string;
    labels?: Record<string, string>;
    owner?: string;
    phase?: string;
    mirror?: boolean;
  } = {},
): JsonObject {
  const owner = options.owner ?? 'ReplicaSet';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace ?? 'shop',
      uid: `uid-${name}`,
      resourceVersion: '7301',
      labels: options.labels ?? { app: 'checkout', 'pod-template-hash': '6a1e3f' },
      ...(options.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'a1b2c3' } } : {}),
      ownerReferences: [
        {
          apiVersion: owner === 'Node' ? 'v1' : 'apps/v1',
          kind: owner,
          name: owner === 'Node' ? nodeName : 'checkout-6a1e3f',
          uid: `uid-owner-${name}`,
          controller: true,
        },
      ],
    },
    spec: { nodeName, containers: [{ name: 'app', image: `${IMAGE}:1.4.2` }] },
    status: { phase: options.phase ?? 'Running', podIP: '10.244.1.7' },
  };
}
