/** Test helpers: an actuator wired to a fake cluster, plan steps, and outcome unwrapping. */
import { KUBE_TOKEN, testKubeConfig } from '../../connectors/kubernetes/kube-test-fixtures.js';
import type { Outcome } from '../../core/outcome.js';
import type { QueryContext } from '../../core/ports.js';
import type { PlanStep } from '../../core/remediation-plan.js';
import type { Strategy } from '../../core/vocabulary.js';
import type { JsonObject } from './json-diff.js';
import { type FakeCluster, type Override, startFakeCluster } from './kube-fake-cluster.js';
import { KubernetesActuator } from './kubernetes-actuator.js';
import {
  type KubernetesActuatorOptionsInput,
  KubernetesActuatorOptionsSchema,
} from './kubernetes-actuator-options.js';

export { KUBE_TOKEN };
export const NOW = new Date('2024-05-01T12:30:00.123Z');
export const ctx = (): QueryContext => ({ signal: new AbortController().signal });

export async function actuatorOn(
  objects: JsonObject[],
  options: KubernetesActuatorOptionsInput = {},
  override?: Override,
): Promise<{ actuator: KubernetesActuator; cluster: FakeCluster }> {
  const cluster = await startFakeCluster(objects, override);
  const parsed = KubernetesActuatorOptionsSchema.parse({ namespaces: ['shop'], ...options });
  const actuator = new KubernetesActuator(parsed, {
    kubeConfig: testKubeConfig(cluster.url),
    now: () => NOW,
  });
  return { actuator, cluster };
}

export function step(
  strategy: Strategy,
  params: Record<string, unknown> = {},
  target = 'checkout',
): PlanStep {
  return {
    id: 's1',
    strategy,
    target,
    description: `${strategy} ${target}`,
    estimated_duration_s: 60,
    params,
  };
}

export function data<T>(outcome: Outcome<T>): T {
  if (outcome.kind !== 'ok') throw new Error(outcome.kind === 'error' ? outcome.message : 'no data');
  return outcome.data;
}

export function errorOf<T>(outcome: Outcome<T>): { message: string; retryable: boolean } {
  if (outcome.kind !== 'error') throw new Error(`expected an error, got ${outcome.kind}`);
  return { message: outcome.message, retryable: outcome.retryable };
}

/** The PATCH requests the cluster received. */
export function patches(cluster: FakeCluster) {
  return cluster.requests.filter((r) => r.method === 'PATCH');
}
