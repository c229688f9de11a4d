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
 * With `node_failover.enabled`: cluster-wide `get`, `patch` on `nodes`, `list` on `pods`
 * (cluster-wide for `drain: all_pods`) and `create` on `pods/eviction` (core).
 */
import { z } from 'zod';

/**
 * `failover` on Kubernetes: cordon one node (the step's `params.node`, or the NotReady
 * node running most of the service's pods), then evict pods from it through the Eviction
 * API, which honours PodDisruptionBudgets (a 429 stops the drain).
 */
export const NodeFailoverOptionsSchema = z.object({
  enabled: z.boolean().default(false),
  /** Which pods to evict from a cordoned node: the service's, every pod (as `kubectl drain`), or none. */
  drain: z.enum(['service_pods', 'all_pods', 'none']).default('service_pods'),
  /** Most pods one step may evict. */
  max_evictions: z.number().int().positive().default(50),
  /** `deleteOptions.gracePeriodSeconds` of each eviction; the pod's own when absent. */
  grace_period_seconds: z.number().int().nonnegative().optional(),
});
export type NodeFailoverOptions = z.output<typeof NodeFailoverOptionsSchema>;

export const KubernetesActuatorOptionsSchema = z
  .object({
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
    /**
     * When an HPA manages the Deployment and the target exceeds its `maxReplicas`, raise
     * `maxReplicas` too (never above `max_replicas`, which is then required).
     */
    raise_hpa_max: z.boolean().default(false),
    /** Default growth of `scale_up` when the step gives neither `replicas` nor `factor`. */
    scale_factor: z.number().gt(1).max(10).default(1.5),
    /** ConfigMap annotation holding the previous `data` (JSON) for `config_revert`. */
    previous_annotation: z.string().min(1).default('afr/previous-data'),
    /** Whole budget of one actuator call (all its API requests). */
    timeout_ms: z.number().positive().default(15_000),
    /** The `fieldManager` recorded on every write. */
    field_manager: z.string().min(1).max(128).default('afr'),
    /** `failover` as cordon (and drain) of the unhealthy nodes running the service; off by default. */
    node_failover: NodeFailoverOptionsSchema.prefault({}),
  })
  .superRefine((options, ctx) => {
    if (options.raise_hpa_max && options.max_replicas === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['max_replicas'],
        message: 'required when raise_hpa_max is true (the ceiling an HPA maxReplicas may be raised to)',
      });
    }
  });

export type KubernetesActuatorOptions = z.output<typeof KubernetesActuatorOptionsSchema>;
export type KubernetesActuatorOptionsInput = z.input<typeof KubernetesActuatorOptionsSchema>;
