/**
 * `failover` in the mesh: every HTTP route of the target's VirtualService that sends
 * traffic to the target host gives 100% of it to the healthy subset (the step's
 * `params.subset`, else the service's configured `failover_subset`) and 0% to every other
 * destination, which stays listed so an undo or a human can shift back. The subset must be
 * defined by the host's DestinationRule: a route to an undefined subset fails every request.
 * Without a VirtualService afr creates one (`afr-failover-<service>`). Undo restores
 * `spec.http`, or deletes what afr created.
 */
import { isObject, type Json, type JsonObject, jsonEqual } from '../kubernetes/json-diff.js';
import type { CallScope } from '../kubernetes/kube-resources.js';
import { get, getString } from '../kubernetes/object-fields.js';
import { ActuationRefused, AlreadyInPlace } from '../shared/actuation-refused.js';
import type { IstioResources } from './istio-resources.js';
import type { MeshChange } from './mesh-change.js';
import { findMeshObject, type MeshTarget, routesTo } from './mesh-target.js';
import {
  createdVirtualService,
  patchedVirtualService,
  rewriteRoutesToHost,
} from './virtual-service-routes.js';

const SUBSET = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export async function prepareFailover(
  resources: IstioResources,
  target: MeshTarget,
  params: Record<string, unknown>,
  domain: string,
  scope: CallScope,
): Promise<MeshChange> {
  const subset = healthySubset(params, target);
  const rule = await findMeshObject(resources, 'DestinationRule', target, domain, scope);
  if (!rule) {
    throw new ActuationRefused(
      `no DestinationRule for host ${target.host} in ${target.namespace} defines subset ${subset}; failover needs it`,
    );
  }
  const ruleName = getString(rule, ['metadata', 'name']) ?? '';
  const subsets = subsetNames(rule);
  if (!subsets.includes(subset)) {
    throw new ActuationRefused(
      `subset ${subset} is not defined by DestinationRule ${target.namespace}/${ruleName} (subsets: ${subsets.join(', ') || 'none'})`,
    );
  }
  const notes = [`afr does not probe subset ${subset}; the verification step judges whether it is healthy`];
  const service = await findMeshObject(resources, 'VirtualService', target, domain, scope);
  if (!service) {
    return createdVirtualService(
      resources,
      target,
      'failover',
      { route: [{ destination: { host: target.host, subset }, weight: 100 }] },
      (ref) =>
        `create VirtualService ${ref.namespace}/${ref.name} sending all traffic for ${target.host} to subset ${subset}`,
      notes,
    );
  }
  let was: string | undefined;
  const rewritten = rewriteRoutesToHost(service, target, domain, (route, destinations) => {
    was ??= weights(destinations);
    return { ...route, route: shifted(destinations, subset, target, domain) };
  });
  const { name } = rewritten;
  if (was === undefined) {
    throw new ActuationRefused(
      `VirtualService ${target.namespace}/${name} has no HTTP route to host ${target.host}; nothing to fail over`,
    );
  }
  if (jsonEqual(rewritten.next, rewritten.routes)) {
    throw new AlreadyInPlace(
      `VirtualService ${target.namespace}/${name} already sends all traffic for ${target.host} to subset ${subset}`,
    );
  }
  return patchedVirtualService(
    service,
    target,
    'failover',
    rewritten,
    `shift all traffic for ${target.host} in VirtualService ${target.namespace}/${name} to subset ${subset} (was ${was})`,
    notes,
  );
}

function healthySubset(params: Record<string, unknown>, target: MeshTarget): string {
  const subset = params.subset ?? target.failoverSubset;
  if (subset === undefined) {
    throw new ActuationRefused(
      `failover needs a healthy subset: give params.subset or services.${target.service}.failover_subset`,
    );
  }
  if (typeof subset !== 'string' || !SUBSET.test(subset)) {
    throw new ActuationRefused(`params.subset: expected a subset name, got ${JSON.stringify(subset)}`);
  }
  return subset;
}

function subsetNames(rule: JsonObject): string[] {
  const subsets = get(rule, ['spec', 'subsets']);
  return Array.isArray(subsets)
    ? subsets.map((s) => getString(s, ['name'])).filter((n) => n !== undefined)
    : [];
}

/** The healthy subset's destination gets 100, every other 0 (it is added when missing). */
function shifted(destinations: Json[], subset: string, target: MeshTarget, domain: string): Json[] {
  const healthy = destinations.findIndex(
    (d) => routesTo(d, target, domain) && getString(d, ['destination', 'subset']) === subset,
  );
  const out = destinations.map((d, i): Json => (isObject(d) ? { ...d, weight: i === healthy ? 100 : 0 } : d));
  if (healthy >= 0) return out;
  const template = destinations.find((d) => routesTo(d, target, domain)) as JsonObject;
  const destination = { ...(template.destination as JsonObject), subset };
  return [...out, { destination, weight: 100 }];
}

/** `v1 90%, v2 10%`: the split of a route as Istio applies it (one destination takes all). */
function weights(destinations: Json[]): string {
  return destinations
    .map((d) => {
      const weight = get(d, ['weight']);
      const share = typeof weight === 'number' ? weight : destinations.length === 1 ? 100 : 0;
      const label = getString(d, ['destination', 'subset']) ?? getString(d, ['destination', 'host']) ?? '?';
      return `${label} ${share}%`;
    })
    .join(', ');
}
