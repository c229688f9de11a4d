/**
 * Settings of the Kubernetes connectors (`agents.deploy` with `backend: kubernetes`, or an
 * `integrations.kubernetes` entry): which cluster (a kubeconfig, its context, or the
 * in-cluster service account), which namespaces, and how a Deployment maps to an afr
 * service. Reading rollout history needs `list` on `deployments` and `replicasets` (group
 * `apps`) in those namespaces.
 */
import { z } from 'zod';

export const KubernetesOptionsSchema = z.object({
  /** Path to a kubeconfig file; the default loading rules ($KUBECONFIG, ~/.kube/config) when absent. */
  kubeconfig: z.string().min(1).optional(),
  /** The kubeconfig context to use; its current context when absent. */
  context: z.string().min(1).optional(),
  /** Use the pod's service account (the connector runs inside the cluster). */
  in_cluster: z.boolean().default(false),
  /** Namespaces to read; every namespace (needs cluster-wide list rights) when empty. */
  namespaces: z.array(z.string().min(1)).default([]),
  /** A label selector applied to every list, e.g. `tier in (backend,frontend)`. */
  label_selector: z.string().min(1).optional(),
  /** The Deployment label that names the afr service; the Deployment's name when it is missing. */
  service_label: z.string().min(1).default('app.kubernetes.io/name'),
  /** Explicit names: `deployment` or `namespace/deployment` → afr service; wins over the label. */
  services: z.record(z.string(), z.string().min(1)).default({}),
  /** Labels that give a service's tier and criticality in the topology. */
  tier_label: z.string().min(1).optional(),
  criticality_label: z.string().min(1).optional(),
  /** Per list call, including all its pages. */
  timeout_ms: z.number().positive().default(10_000),
  /** Objects per list page (the `limit` parameter). */
  page_size: z.number().int().positive().max(5000).default(500),
});

export type KubernetesOptions = z.output<typeof KubernetesOptionsSchema>;
export type KubernetesOptionsInput = z.input<typeof KubernetesOptionsSchema>;
