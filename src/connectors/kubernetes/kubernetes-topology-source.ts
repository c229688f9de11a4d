/**
 * TopologySource from Kubernetes Deployments: one service per afr service name (Deployments
 * that map to the same service add their replicas), with its namespace, and tier and
 * criticality from the configured labels. Kubernetes does not record who calls whom, so
 * the topology has no dependencies; a mesh or tracing source can add them.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { failure, noData, type Outcome, ok } from '../../core/outcome.js';
import type { QueryContext, TopologySource } from '../../core/ports.js';
import type { ServiceNode, Topology } from '../../core/telemetry.js';
import { KubeApiError, KubeApps, loadKubeConfig } from './kube-apps.js';
import { kubeServiceName } from './kube-naming.js';
import type { KubernetesOptions } from './kubernetes-options.js';

export class KubernetesTopologySource implements TopologySource {
  readonly id: string;
  private readonly apps: KubeApps;

  constructor(
    private readonly options: KubernetesOptions,
    dependencies: { kubeConfig?: KubeConfig } = {},
    id = 'kubernetes-topology',
  ) {
    this.id = id;
    this.apps = new KubeApps(dependencies.kubeConfig ?? loadKubeConfig(options), options);
  }

  async topology(ctx: QueryContext): Promise<Outcome<Topology>> {
    const source = { connector: this.id, query: 'deployments' };
    try {
      const scopes = this.options.namespaces.length ? this.options.namespaces : [undefined];
      const services = new Map<string, ServiceNode>();
      for (const namespace of scopes) {
        for (const deployment of await this.apps.deployments(namespace, ctx.signal)) {
          const meta = deployment.metadata;
          if (!meta?.name) continue;
          const labels = meta.labels ?? {};
          const name = kubeServiceName(this.options, meta.namespace ?? '', meta.name, labels);
          const replicas = deployment.spec?.replicas ?? 1;
          const known = services.get(name);
          if (known) {
            known.replicas += replicas;
            continue;
          }
          services.set(name, {
            name,
            tier: (this.options.tier_label && labels[this.options.tier_label]) || 'backend',
            criticality:
              (this.options.criticality_label && labels[this.options.criticality_label]) || 'medium',
            replicas,
            ...(meta.namespace ? { namespace: meta.namespace } : {}),
          });
        }
      }
      if (services.size === 0) return noData(source);
      const sorted = [...services.values()].sort((a, b) => a.name.localeCompare(b.name));
      return ok({ services: sorted, dependencies: [] }, source);
    } catch (error) {
      if (error instanceof KubeApiError) return failure(error.message, source, error.retryable);
      return failure(error instanceof Error ? error.message : String(error), source, false);
    }
  }
}
