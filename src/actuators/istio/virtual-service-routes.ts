/**
 * The two forms of a mesh strategy that rewrites the HTTP routes to the target host
 * (failover, shed_load): without a VirtualService for the host, a new afr-owned one with a
 * single route (its undo deletes it); with one, a patch of its `spec.http` in which each
 * route to the host is rewritten and every other route is kept (its undo restores them).
 */
import type { Strategy } from '../../core/vocabulary.js';
import { isObject, type Json, type JsonObject } from '../kubernetes/json-diff.js';
import { get, getString, pick } from '../kubernetes/object-fields.js';
import { withPrecondition } from '../kubernetes/prepared-change.js';
import type { IstioRef, IstioResources } from './istio-resources.js';
import { afrObject, afrObjectName, type MeshChange } from './mesh-change.js';
import { type MeshTarget, routesTo } from './mesh-target.js';

/** A new VirtualService `afr-<strategy>-<service>` for the host, with this one HTTP route. */
export function createdVirtualService(
  resources: IstioResources,
  target: MeshTarget,
  strategy: Strategy,
  route: JsonObject,
  summaryOf: (ref: IstioRef) => string,
  notes: string[],
): MeshChange {
  const ref = {
    kind: 'VirtualService' as const,
    namespace: target.namespace,
    name: afrObjectName(strategy, target.service),
  };
  return {
    strategy,
    summary: summaryOf(ref),
    ref,
    action: 'create',
    body: afrObject(resources.apiVersion, 'VirtualService', ref, target.service, {
      hosts: [target.host],
      http: [route],
    }),
    fields: [['spec']],
    before: {},
    notes: [
      ...notes,
      `no VirtualService applied to host ${target.host}: afr creates one, and its undo deletes it`,
    ],
  };
}

export interface RewrittenRoutes {
  /** The VirtualService's name. */
  name: string;
  routes: Json[];
  next: Json[];
  /** How many routes to the host were handed to `rewrite`. */
  touched: number;
}

/** The service's `spec.http` with each route to the target host replaced by `rewrite(route, its destinations)`. */
export function rewriteRoutesToHost(
  service: JsonObject,
  target: MeshTarget,
  domain: string,
  rewrite: (route: JsonObject, destinations: Json[]) => Json,
): RewrittenRoutes {
  const name = getString(service, ['metadata', 'name']) ?? '';
  const http = get(service, ['spec', 'http']);
  const routes = Array.isArray(http) ? http : [];
  let touched = 0;
  const next = routes.map((route): Json => {
    const destinations = get(route, ['route']);
    if (!isObject(route) || !Array.isArray(destinations)) return route;
    if (!destinations.some((d) => routesTo(d, target, domain))) return route;
    touched += 1;
    return rewrite(route, destinations);
  });
  return { name, routes, next, touched };
}

/** The patch that puts the rewritten `spec.http` on the service, conditional on its resourceVersion. */
export function patchedVirtualService(
  service: JsonObject,
  target: MeshTarget,
  strategy: Strategy,
  rewritten: RewrittenRoutes,
  summary: string,
  notes: string[],
): MeshChange {
  return {
    strategy,
    summary,
    ref: { kind: 'VirtualService', namespace: target.namespace, name: rewritten.name },
    action: 'patch',
    body: withPrecondition({ spec: { http: rewritten.next } }, service),
    fields: [['spec', 'http']],
    before: pick(service, [['spec', 'http']]),
    notes,
  };
}
