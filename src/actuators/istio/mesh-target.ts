/**
 * Which mesh host an afr service is, and which DestinationRule and VirtualService govern
 * it. A `services` entry gives the namespace, host and object names; otherwise the host is
 * the service name in the actuator's `namespace`. Objects are read by name when configured,
 * else found in that namespace by host: Istio reads a short host (`checkout`) relative to
 * the object's namespace, so `checkout`, `checkout.shop` and
 * `checkout.shop.svc.cluster.local` are one host. Two objects for one host are ambiguous
 * (Istio would pick one arbitrarily) and refused.
 */
import type { JsonObject } from '../kubernetes/json-diff.js';
import type { CallScope } from '../kubernetes/kube-resources.js';
import { get, getString } from '../kubernetes/object-fields.js';
import { ActuationRefused } from '../shared/actuation-refused.js';
import type { IstioActuatorOptions } from './istio-actuator-options.js';
import type { IstioKind, IstioResources } from './istio-resources.js';

export interface MeshTarget {
  service: string;
  namespace: string;
  /** The host as configured (short form by default). */
  host: string;
  /** The fully qualified host, for comparisons. */
  fqdn: string;
  virtualService?: string;
  destinationRule?: string;
  failoverSubset?: string;
}

type TargetOptions = Pick<IstioActuatorOptions, 'namespace' | 'services' | 'cluster_domain'>;

export function meshTarget(options: TargetOptions, service: string): MeshTarget {
  const entry = options.services[service] ?? {};
  const namespace = entry.namespace ?? options.namespace;
  const host = entry.host ?? service;
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(host)) {
    throw new ActuationRefused(
      `service ${JSON.stringify(service)} is not a valid mesh host; map it in services.<service>.host`,
    );
  }
  return {
    service,
    namespace,
    host,
    fqdn: qualify(host, namespace, options.cluster_domain),
    virtualService: entry.virtual_service,
    destinationRule: entry.destination_rule,
    failoverSubset: entry.failover_subset,
  };
}

/** `host` as Istio reads it in an object of `namespace`: short names are namespace-relative. */
export function qualify(host: string, namespace: string, domain: string): string {
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${namespace}.svc.${domain}`;
  if (parts.length === 2) return `${host}.svc.${domain}`;
  if (parts.length === 3 && parts[2] === 'svc') return `${host}.${domain}`;
  return host;
}

/** The one object of `kind` for the target (by configured name, else by host), or undefined. */
export async function findMeshObject(
  resources: IstioResources,
  kind: IstioKind,
  target: MeshTarget,
  domain: string,
  scope: CallScope,
): Promise<JsonObject | undefined> {
  const named = kind === 'VirtualService' ? target.virtualService : target.destinationRule;
  if (named) return resources.read({ kind, namespace: target.namespace, name: named }, scope);
  const all = await resources.list(kind, target.namespace, scope);
  const found = all.filter((object) =>
    hostsOf(object, kind).some((h) => qualify(h, target.namespace, domain) === target.fqdn),
  );
  if (found.length > 1) {
    const names = found.map((o) => getString(o, ['metadata', 'name'])).join(', ');
    const key = kind === 'VirtualService' ? 'virtual_service' : 'destination_rule';
    throw new ActuationRefused(
      `${found.length} ${kind}s in ${target.namespace} apply to host ${target.host} (${names}); name one in services.${target.service}.${key}`,
    );
  }
  return found[0];
}

/** True when the destination host names the target (relative to `namespace`). */
export function routesTo(destination: unknown, target: MeshTarget, domain: string): boolean {
  const host = getString(destination, ['destination', 'host']);
  return host !== undefined && qualify(host, target.namespace, domain) === target.fqdn;
}

function hostsOf(object: JsonObject, kind: IstioKind): string[] {
  if (kind === 'DestinationRule') {
    const host = getString(object, ['spec', 'host']);
    return host ? [host] : [];
  }
  const hosts = get(object, ['spec', 'hosts']);
  return Array.isArray(hosts) ? hosts.filter((h): h is string => typeof h === 'string') : [];
}
