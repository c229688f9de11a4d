/**
 * `shed_load` in the mesh: every HTTP route of the target's VirtualService that sends
 * traffic to the target host gets a `fault.abort` (a share of requests answered at once
 * with an HTTP error by the caller's sidecar, never reaching the host). Other faults on the
 * route (a delay) are kept. Without a VirtualService for the host, afr creates one
 * (`afr-shed-load-<service>`) routing to the host as before, plus the abort. Undo restores
 * `spec.http`, or deletes what afr created.
 */
import { isObject, type JsonObject, jsonEqual } from '../kubernetes/json-diff.js';
import type { CallScope } from '../kubernetes/kube-resources.js';
import { ActuationRefused, AlreadyInPlace } from '../shared/actuation-refused.js';
import type { IstioResources } from './istio-resources.js';
import type { MeshChange } from './mesh-change.js';
import { findMeshObject, type MeshTarget } from './mesh-target.js';
import {
  createdVirtualService,
  patchedVirtualService,
  rewriteRoutesToHost,
} from './virtual-service-routes.js';

export interface ShedSettings {
  percent: number;
  httpStatus: number;
}

/** `params.percent` (0 < p ≤ 100) or the configured default. */
export function shedPercent(params: Record<string, unknown>, fallback: number): number {
  const percent = params.percent ?? fallback;
  if (!(typeof percent === 'number' && percent > 0 && percent <= 100)) {
    throw new ActuationRefused(
      `params.percent: expected a number in (0, 100], got ${JSON.stringify(percent)}`,
    );
  }
  return percent;
}

export async function prepareShedLoad(
  resources: IstioResources,
  target: MeshTarget,
  shed: ShedSettings,
  domain: string,
  scope: CallScope,
): Promise<MeshChange> {
  const abort: JsonObject = { percentage: { value: shed.percent }, httpStatus: shed.httpStatus };
  const what = `abort ${shed.percent}% of requests to ${target.host} with HTTP ${shed.httpStatus}`;
  const service = await findMeshObject(resources, 'VirtualService', target, domain, scope);
  const notes = [
    "shed requests fail at once in the callers' sidecars; callers that retry them add load back",
  ];
  if (!service) {
    return createdVirtualService(
      resources,
      target,
      'shed_load',
      { fault: { abort }, route: [{ destination: { host: target.host } }] },
      (ref) => `create VirtualService ${ref.namespace}/${ref.name} to ${what}`,
      notes,
    );
  }
  const rewritten = rewriteRoutesToHost(service, target, domain, (route) => {
    const fault = isObject(route.fault) ? route.fault : {};
    return { ...route, fault: { ...fault, abort } };
  });
  const { name, touched } = rewritten;
  if (touched === 0) {
    throw new ActuationRefused(
      `VirtualService ${target.namespace}/${name} has no HTTP route to host ${target.host}; nothing to shed`,
    );
  }
  if (jsonEqual(rewritten.next, rewritten.routes)) {
    throw new AlreadyInPlace(
      `VirtualService ${target.namespace}/${name} already sheds ${shed.percent}% of requests to ${target.host}`,
    );
  }
  return patchedVirtualService(
    service,
    target,
    'shed_load',
    rewritten,
    `${what} on ${touched} HTTP route${touched === 1 ? '' : 's'} of VirtualService ${target.namespace}/${name}`,
    notes,
  );
}
