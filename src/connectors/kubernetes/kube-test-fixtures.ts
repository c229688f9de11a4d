/**
 * Test fixtures for the Kubernetes connectors: a KubeConfig pointing at a loopback
 * recording server, and `apps/v1` objects shaped as in the Kubernetes API reference
 * (DeploymentList, ReplicaSetList, Status).
 */
import { KubeConfig } from '@kubernetes/client-node';

export const KUBE_TOKEN = 'kube-token-123';

export function testKubeConfig(server: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'test', server, skipTLSVerify: true }],
    users: [{ name: 'afr', token: KUBE_TOKEN }],
    contexts: [{ name: 'test', cluster: 'test', user: 'afr' }],
    currentContext: 'test',
  });
  return config;
}

export function deploymentList(items: unknown[], continueToken?: string) {
  return {
    kind: 'DeploymentList',
    apiVersion: 'apps/v1',
    metadata: { resourceVersion: '81234', ...(continueToken ? { continue: continueToken } : {}) },
    items,
  };
}

export function replicaSetList(items: unknown[], continueToken?: string) {
  return {
    kind: 'ReplicaSetList',
    apiVersion: 'apps/v1',
    metadata: { resourceVersion: '81234', ...(continueToken ? { continue: continueToken } : {}) },
    items,
  };
}

export function deployment(
  namespace: string,
  name: string,
  options: { labels?: Record<string, string>; replicas?: number; revision: number; progressing?: object },
) {
  return {
    metadata: {
      name,
      namespace,
      uid: `uid-${name}`,
      labels: options.labels ?? { app: name },
      annotations: { 'deployment.kubernetes.io/revision': String(options.revision) },
      creationTimestamp: '2024-05-01T08:00:00Z',
    },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [] } },
      revisionHistoryLimit: 10,
    },
    status: {
      observedGeneration: options.revision,
      replicas: options.replicas ?? 1,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastUpdateTime: '2024-05-01T08:01:00Z',
          lastTransitionTime: '2024-05-01T08:01:00Z',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
        ...(options.progressing ? [options.progressing] : []),
      ],
    },
  };
}

export function replicaSet(
  namespace: string,
  owner: string,
  name: string,
  options: {
    revision: number;
    created: string;
    images: Record<string, string>;
    history?: string;
    changeCause?: string;
    labels?: Record<string, string>;
  },
) {
  const annotations: Record<string, string> = {
    'deployment.kubernetes.io/desired-replicas': '3',
    'deployment.kubernetes.io/max-replicas': '4',
    'deployment.kubernetes.io/revision': String(options.revision),
  };
  if (options.history) annotations['deployment.kubernetes.io/revision-history'] = options.history;
  if (options.changeCause) annotations['kubernetes.io/change-cause'] = options.changeCause;
  const labels = { app: owner, 'pod-template-hash': name.split('-').pop()!, ...(options.labels ?? {}) };
  return {
    metadata: {
      name,
      namespace,
      uid: `uid-${name}`,
      labels,
      annotations,
      creationTimestamp: options.created,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: owner,
          uid: `uid-${owner}`,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: Object.entries(options.images).map(([container, image]) => ({
            name: container,
            image,
            ports: [{ containerPort: 8080, protocol: 'TCP' }],
          })),
        },
      },
    },
    status: {
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    },
  };
}

/** A `Status` failure body, as the API server sends it with a 4xx/5xx. */
export function statusBody(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}
