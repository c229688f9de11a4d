/**
 * What `describe()` reports about a service in the mesh: its namespace and host, the
 * DestinationRule (subsets, whether outlier detection and connection-pool limits are set)
 * and the VirtualService (the weighted destinations of its routes to the host, and any
 * fault abort already shedding load). `standby_available` (read by the planner's
 * healthy_standby precondition) says whether the configured failover subset is defined by
 * the DestinationRule; null when no failover subset is configured.
 */
import type { JsonObject } from '../kubernetes/json-diff.js';
import { get, getString } from '../kubernetes/object-fields.js';
import { type MeshTarget, routesTo } from './mesh-target.js';

export function describeMesh(
  target: MeshTarget,
  rule: JsonObject | undefined,
  service: JsonObject | undefined,
  domain: string,
): Record<string, unknown> {
  return {
    service: target.service,
    namespace: target.namespace,
    host: target.host,
    destination_rule: rule
      ? {
          name: getString(rule, ['metadata', 'name']) ?? null,
          subsets: listOf(get(rule, ['spec', 'subsets'])).map((s) => getString(s, ['name']) ?? null),
          outlier_detection: get(rule, ['spec', 'trafficPolicy', 'outlierDetection']) ?? null,
          connection_pool: get(rule, ['spec', 'trafficPolicy', 'connectionPool']) ?? null,
        }
      : null,
    virtual_service: service ? routesOf(service, target, domain) : null,
    failover_subset: target.failoverSubset ?? null,
    standby_available: target.failoverSubset
      ? listOf(get(rule, ['spec', 'subsets'])).some((s) => getString(s, ['name']) === target.failoverSubset)
      : null,
  };
}

function routesOf(service: JsonObject, target: MeshTarget, domain: string): Record<string, unknown> {
  const routes = listOf(get(service, ['spec', 'http'])).filter((route) =>
    listOf(get(route, ['route'])).some((d) => routesTo(d, target, domain)),
  );
  const aborts = routes
    .map((route) => get(route, ['fault', 'abort', 'percentage', 'value']))
    .filter((value) => typeof value === 'number');
  return {
    name: getString(service, ['metadata', 'name']) ?? null,
    routes: routes.map((route) =>
      listOf(get(route, ['route'])).map((d) => ({
        host: getString(d, ['destination', 'host']) ?? null,
        subset: getString(d, ['destination', 'subset']) ?? null,
        weight: get(d, ['weight']) ?? null,
      })),
    ),
    fault_abort_percent: aborts.length ? Math.max(...(aborts as number[])) : null,
  };
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
