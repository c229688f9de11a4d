/**
 * `circuit_breaker` in the mesh: the target host's DestinationRule gets
 * `trafficPolicy.outlierDetection` (eject a backend after consecutive 5xx errors) and
 * `trafficPolicy.connectionPool` limits (cap connections and queued requests), merged
 * into whatever it already sets. Without a DestinationRule for the host, afr creates one
 * (`afr-circuit-breaker-<service>`). Undo restores both fields, or deletes what afr created.
 */
import { applyMergePatch, type JsonObject, jsonEqual } from '../kubernetes/json-diff.js';
import type { CallScope } from '../kubernetes/kube-resources.js';
import { type FieldPath, get, getString, pick } from '../kubernetes/object-fields.js';
import { withPrecondition } from '../kubernetes/prepared-change.js';
import { AlreadyInPlace } from '../shared/actuation-refused.js';
import type { CircuitBreakerSettings } from './istio-actuator-options.js';
import type { IstioResources } from './istio-resources.js';
import { afrObject, afrObjectName, type MeshChange } from './mesh-change.js';
import { findMeshObject, type MeshTarget } from './mesh-target.js';

const OUTLIER: FieldPath = ['spec', 'trafficPolicy', 'outlierDetection'];
const POOL: FieldPath = ['spec', 'trafficPolicy', 'connectionPool'];

export function trafficPolicyOf(settings: CircuitBreakerSettings): JsonObject {
  return {
    outlierDetection: {
      consecutive5xxErrors: settings.consecutive_5xx_errors,
      interval: settings.interval,
      baseEjectionTime: settings.base_ejection_time,
      maxEjectionPercent: settings.max_ejection_percent,
    },
    connectionPool: {
      tcp: { maxConnections: settings.max_connections },
      http: {
        http1MaxPendingRequests: settings.http1_max_pending_requests,
        ...(settings.max_requests_per_connection !== undefined
          ? { maxRequestsPerConnection: settings.max_requests_per_connection }
          : {}),
      },
    },
  };
}

export async function prepareCircuitBreaker(
  resources: IstioResources,
  target: MeshTarget,
  settings: CircuitBreakerSettings,
  domain: string,
  scope: CallScope,
): Promise<MeshChange> {
  const trafficPolicy = trafficPolicyOf(settings);
  const limits =
    `eject a backend after ${settings.consecutive_5xx_errors} consecutive 5xx for ${settings.base_ejection_time}+ ` +
    `(at most ${settings.max_ejection_percent}% of them), at most ${settings.max_connections} connections and ` +
    `${settings.http1_max_pending_requests} pending requests`;
  const rule = await findMeshObject(resources, 'DestinationRule', target, domain, scope);
  if (!rule) {
    const ref = {
      kind: 'DestinationRule' as const,
      namespace: target.namespace,
      name: afrObjectName('circuit_breaker', target.service),
    };
    return {
      strategy: 'circuit_breaker',
      summary: `create DestinationRule ${ref.namespace}/${ref.name} for host ${target.host}: ${limits}`,
      ref,
      action: 'create',
      body: afrObject(resources.apiVersion, 'DestinationRule', ref, target.service, {
        host: target.host,
        trafficPolicy,
      }),
      fields: [['spec']],
      before: {},
      notes: [`no DestinationRule applied to host ${target.host}: afr creates one, and its undo deletes it`],
    };
  }
  const name = getString(rule, ['metadata', 'name']) ?? '';
  const fields = [OUTLIER, POOL];
  const before = pick(rule, fields);
  const after = pick(applyMergePatch(rule, { spec: { trafficPolicy } }), fields);
  if (jsonEqual(before, after)) {
    throw new AlreadyInPlace(
      `DestinationRule ${target.namespace}/${name} already has these circuit-breaker settings`,
    );
  }
  const notes: string[] = [];
  const overriding = subsetsWithOwnPolicy(rule);
  if (overriding.length) {
    notes.push(
      `subsets ${overriding.join(', ')} have their own trafficPolicy, which overrides these limits for their traffic`,
    );
  }
  return {
    strategy: 'circuit_breaker',
    summary: `set circuit breaking on DestinationRule ${target.namespace}/${name} (host ${target.host}): ${limits}`,
    ref: { kind: 'DestinationRule', namespace: target.namespace, name },
    action: 'patch',
    body: withPrecondition({ spec: { trafficPolicy } }, rule),
    fields,
    before,
    notes,
  };
}

function subsetsWithOwnPolicy(rule: JsonObject): string[] {
  const subsets = get(rule, ['spec', 'subsets']);
  if (!Array.isArray(subsets)) return [];
  return subsets
    .filter((s) => get(s, ['trafficPolicy']) !== undefined)
    .map((s) => getString(s, ['name']) ?? '?');
}
