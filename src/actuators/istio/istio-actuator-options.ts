/**
 * Settings of the Istio actuator (`actuator.backend: istio`, under `integrations.istio`):
 * which cluster, how an afr service maps to a mesh host and its DestinationRule /
 * VirtualService, the circuit-breaker limits, how much load to shed, and the safety rails.
 * `dry_run` defaults to true: every change is only validated by the API server (server-side
 * dry run) until an operator turns it off.
 *
 * RBAC in the services' namespaces (group `networking.istio.io`): `get`, `list`, `create`,
 * `patch`, `delete` on `destinationrules` and `virtualservices`. `delete` is only used by
 * an undo, on objects afr created (labelled `app.kubernetes.io/managed-by: afr`).
 */
import { z } from 'zod';

const Duration = z
  .string()
  .regex(/^\d+(\.\d+)?(h|m|s|ms)$/, 'expected an Istio duration such as 10s, 500ms or 1m');
const Name = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a Kubernetes name (lower case, digits, -)');

/** DestinationRule `trafficPolicy` limits `circuit_breaker` sets (outlierDetection + connectionPool). */
export const CircuitBreakerSettingsSchema = z.object({
  /** outlierDetection.consecutive5xxErrors: 5xx answers in a row that eject a host. */
  consecutive_5xx_errors: z.number().int().positive().default(5),
  /** outlierDetection.interval: how often hosts are analysed. */
  interval: Duration.default('10s'),
  /** outlierDetection.baseEjectionTime: minimum ejection (grows with each ejection). */
  base_ejection_time: Duration.default('30s'),
  /** outlierDetection.maxEjectionPercent: most of the hosts that may be ejected at once. */
  max_ejection_percent: z.number().int().min(1).max(100).default(50),
  /** connectionPool.tcp.maxConnections per destination host. */
  max_connections: z.number().int().positive().default(100),
  /** connectionPool.http.http1MaxPendingRequests: requests queued while waiting for a connection. */
  http1_max_pending_requests: z.number().int().positive().default(64),
  /** connectionPool.http.maxRequestsPerConnection; left as is when absent. */
  max_requests_per_connection: z.number().int().positive().optional(),
});
export type CircuitBreakerSettings = z.output<typeof CircuitBreakerSettingsSchema>;

/** How one afr service appears in the mesh. */
export const IstioServiceSchema = z.object({
  /** The namespace of the service and its Istio objects; the actuator's `namespace` when absent. */
  namespace: Name.optional(),
  /** The mesh host (the Kubernetes Service name); the afr service name when absent. */
  host: z.string().min(1).optional(),
  /** The VirtualService to change; found by host when absent. */
  virtual_service: Name.optional(),
  /** The DestinationRule to change; found by host when absent. */
  destination_rule: Name.optional(),
  /** The healthy subset `failover` shifts traffic to, unless the step names one (`params.subset`). */
  failover_subset: Name.optional(),
});
export type IstioService = z.output<typeof IstioServiceSchema>;

export const IstioActuatorOptionsSchema = z.object({
  /** Path to a kubeconfig file; the default loading rules ($KUBECONFIG, ~/.kube/config) when absent. */
  kubeconfig: z.string().min(1).optional(),
  /** The kubeconfig context to use; its current context when absent. */
  context: z.string().min(1).optional(),
  /** Use the pod's service account (afr runs inside the cluster). */
  in_cluster: z.boolean().default(false),
  /** Namespace of a service not listed in `services`. */
  namespace: Name.default('default'),
  /** afr service → its namespace, host and Istio objects. */
  services: z.record(z.string(), IstioServiceSchema).default({}),
  /** The networking.istio.io API version: v1 (Istio 1.22 and later) or v1beta1. */
  api_version: z.enum(['v1', 'v1beta1']).default('v1'),
  /** The cluster DNS domain, to match short and qualified hosts. */
  cluster_domain: z.string().min(1).default('cluster.local'),
  /** Only validate every change with a server-side dry run; nothing is persisted. */
  dry_run: z.boolean().default(true),
  circuit_breaker: CircuitBreakerSettingsSchema.prefault({}),
  /** Share of requests `shed_load` aborts when the step gives no `params.percent`. */
  shed_percent: z.number().gt(0).max(100).default(20),
  /** The HTTP status of a shed request. */
  shed_http_status: z.number().int().min(400).max(599).default(503),
  /** Whole budget of one actuator call (all its API requests). */
  timeout_ms: z.number().positive().default(15_000),
  /** The `fieldManager` recorded on every write. */
  field_manager: z.string().min(1).max(128).default('afr'),
});

export type IstioActuatorOptions = z.output<typeof IstioActuatorOptionsSchema>;
export type IstioActuatorOptionsInput = z.input<typeof IstioActuatorOptionsSchema>;
