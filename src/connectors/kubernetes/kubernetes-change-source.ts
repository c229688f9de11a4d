/**
 * ChangeSource over Kubernetes rollout history: lists the Deployments and ReplicaSets of
 * the configured namespaces (or all of them) and reports each revision as a change (see
 * kube-rollouts.ts). The cluster only remembers `revisionHistoryLimit` old ReplicaSets per
 * Deployment (10 by default), so older rollouts are not visible.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { failure, type Outcome, ok } from '../../core/outcome.js';
import type { ChangeQuery, ChangeSource, QueryContext } from '../../core/ports.js';
import type { ChangeEvent } from '../../core/telemetry.js';
import { describeChangeQuery, selectChanges } from '../../intake/changes/select-changes.js';
import { KubeApiError, KubeApps, loadKubeConfig } from './kube-apps.js';
import { kubeRolloutChanges } from './kube-rollouts.js';
import type { KubernetesOptions } from './kubernetes-options.js';

export interface KubernetesDependencies {
  /** A ready KubeConfig (tests, or a caller that built one); otherwise loaded from the options. */
  kubeConfig?: KubeConfig;
}

export class KubernetesChangeSource implements ChangeSource {
  readonly id: string;
  private readonly apps: KubeApps;

  constructor(
    private readonly options: KubernetesOptions,
    dependencies: KubernetesDependencies = {},
    id = 'kubernetes-changes',
  ) {
    this.id = id;
    this.apps = new KubeApps(dependencies.kubeConfig ?? loadKubeConfig(options), options);
  }

  async changes(query: ChangeQuery, ctx: QueryContext): Promise<Outcome<ChangeEvent[]>> {
    const source = { connector: this.id, query: describeChangeQuery(query) };
    try {
      const scopes = this.options.namespaces.length ? this.options.namespaces : [undefined];
      const all: ChangeEvent[] = [];
      for (const namespace of scopes) {
        const [deployments, replicaSets] = await Promise.all([
          this.apps.deployments(namespace, ctx.signal),
          this.apps.replicaSets(namespace, ctx.signal),
        ]);
        all.push(...kubeRolloutChanges(deployments, replicaSets, this.options));
      }
      // The cluster answered: no rollout in the window is a fact, not missing data.
      return ok(selectChanges(all, query), source);
    } catch (error) {
      if (error instanceof KubeApiError) return failure(error.message, source, error.retryable);
      return failure(error instanceof Error ? error.message : String(error), source, false);
    }
  }
}
