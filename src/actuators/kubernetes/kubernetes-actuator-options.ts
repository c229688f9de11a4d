/**
 * Settings of the Kubernetes Actuator (proposed config: `remediation.actuator`, `backend: kubernetes`):
 * which cluster, which namespaces, how an afr service maps to a Deployment, and the
 * safety rails. `dry_run` defaults to true: outside the simulator afr only asks the API
 * server to validate each change (server-side dry run) until an operator turns it off.
 *
 * RBAC the actuator needs in its namespaces: `get`, `list`, `patch` on `deployments` and
 * `get`, `patch` on `deployments/scale` (group `apps`); `list` on `replicasets` (`apps`);
 * `list`, `patch` on `horizontalpodautoscalers` (`autoscaling`); `get`, `patch` on
 * `configmaps` (core). With `namespaces` empty, `list deployments` cluster-wide too.
 */
import { z } from 'zod';

export const KubernetesActuatorOptionsSchema = z.object({
  /** Path to a kubeconfig file; the default loading rules ($KUBECONFIG, ~/.kube/config) when absent. */
  kubeconfig: z.string().min(1).optional(),
  /** The kubeconfig context to use; its current context when absent. */
  context: z.string().min(1).optional(),
  /** Use the pod's service account (afr runs inside the cluster). */
  in_cluster: z.boolean().default(false),
  /** Namespaces searched for a service's Deployment; every namespace when empty. */
  namespaces: z.array(z.string().min(1)).default([]),
  /** The label whose value is the afr service: `<service_label>=<service>` selects its Deployment. */
  service_label: z.string().min(1).default('app.kubernetes.io/name'),
  /**
   * Explicit map, afr service → `namespace/deployment` (or `deployment`, searched in
   * `namespaces`); wins over the label. Note the direction: the read-side Kubernetes
   * connectors map the other way (Deployment → service).
   */
  services: z.record(z.string(), z.string().min(1)).default({}),
  /** Only validate every change with a server-side dry run; nothing is persisted. */
  dry_run: z.boolean().default(true),
  /** Upper bound on replicas `scale_up` will ever ask for (an HPA's maxReplicas also bounds it). */
  max_replicas: z.number().int().positive().optional(),
  /** Default growth of `scale_up` when the step gives neither `replicas` nor `factor`. */
  scale_factor: z.number().gt(1).max(10).default(1.5),
  /** ConfigMap annotation holding the previous `data` (JSON) for `config_revert`. */
  previous_annotation: z.string().min(1).default('afr/previous-data'),
  /** Whole budget of one actuator call (all its API requests). */
  timeout_ms: z.number().positive().default(15_000),
  /** The `fieldManager` recorded on every write. */
  field_manager: z.string().min(1).max(128).default('afr'),
});

export type KubernetesActuatorOptions = z.output<typeof KubernetesActuatorOptionsSchema>;
export type KubernetesActuatorOptionsInput = z.input<typeof KubernetesActuatorOptionsSchema>;
