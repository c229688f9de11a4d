/**
 * `shed_load` in the mesh: every HTTP route of the target's VirtualService that sends
 * traffic to the target host gets a `fault.abort` (a share of requests answered at once
 * with an HTTP error by the caller's sidecar, never reaching the host). Other faults on the
 * route (a delay) are kept. Without a VirtualService for the host, afr creates one
 * (`afr-shed-load-<service>`) routing to the host as before, plus the abort. Undo restores
 * `spec.http`, or deletes what afr created.
 */
import { isObject, type Json, type JsonObject, jsonEqual } from '../kubernetes/json-diff.js';
import type { CallScope } from '../kubernetes/kube-resources.js';
import { get, getString, pick } from '../kubernetes/object-fields.js';
import { ActuationRefused, AlreadyInPlace, withPrecondition } from '../kubernetes/prepared-change.js';
import type { IstioResources } from './istio-resources.js';
import { afrObject, afrObjectName, type MeshChange } from './mesh-change.js';
import { findMeshObject, type MeshTarget, routesTo } from './mesh-target.js';

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
    const ref = {
      kind: 'VirtualService' as const,
      namespace: target.namespace,
      name: afrObjectName('shed_load', target.service),
    };
    return {
      strategy: 'shed_load',
      summary: `create VirtualService ${ref.namespace}/${ref.name} to ${what}`,
      ref,
      action: 'create',
      body: afrObject(resources.apiVersion, 'VirtualService', ref, target.service, {
        hosts: [target.host],
        http: [{ fault: { abort }, route: [{ destination: { host: target.host } }] }],
      }),
      fields: [['spec']],
      before: {},
      notes: [
        ...notes,
        `no VirtualService applied to host ${target.host}: afr creates one, and its undo deletes it`,
      ],
    };
  }
  const name = getString(service, ['metadata', 'name']) ?? '';
  const http = get(service, ['spec', 'http']);
  const routes = Array.isArray(http) ? http : [];
  let touched = 0;
  const next = routes.map((route): Json => {
    const destinations = get(route, ['route']);
    if (!isObject(route) || !Array.isArray(destinations)) return route;
    if (!destinations.some((d) => routesTo(d, target, domain))) return route;
    touched += 1;
    const fault = isObject(route.fault) ? route.fault : {};
    return { ...route, fault: { ...fault, abort } };
  });
  if (touched === 0) {
    throw new ActuationRefused(
      `VirtualService ${target.namespace}/${name} has no HTTP route to host ${target.host}; nothing to shed`,
    );
  }
  if (jsonEqual(next, routes)) {
    throw new AlreadyInPlace(
      `VirtualService ${target.namespace}/${name} already sheds ${shed.percent}% of requests to ${target.host}`,
    );
  }
  return {
    strategy: 'shed_load',
    summary: `${what} on ${touched} HTTP route${touched === 1 ? '' : 's'} of VirtualService ${target.namespace}/${name}`,
    ref: { kind: 'VirtualService', namespace: target.namespace, name },
    action: 'patch',
    body: withPrecondition({ spec: { http: next } }, service),
    fields: [['spec', 'http']],
    before: pick(service, [['spec', 'http']]),
    notes,
  };
}
