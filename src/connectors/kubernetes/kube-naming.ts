/**
 * Which afr service a Kubernetes workload is: an explicit entry in `services`
 * (`namespace/name` first, then `name`), else the value of `service_label`, else the
 * workload's own name.
 */
import type { KubernetesOptions } from './kubernetes-options.js';

export type KubeNaming = Pick<KubernetesOptions, 'service_label' | 'services'>;

export function kubeServiceName(
  naming: KubeNaming,
  namespace: string,
  name: string,
  labels: Record<string, string> | undefined,
): string {
  return (
    naming.services[`${namespace}/${name}`] ?? naming.services[name] ?? labels?.[naming.service_label] ?? name
  );
}
