/**
 * Which Deployment is an afr service. An explicit `services` entry wins: `namespace/name`,
 * or a bare `name` looked up in each configured namespace (`default` when none is
 * configured). Otherwise the Deployment labelled `<service_label>=<service>` in the
 * configured namespaces (or cluster-wide when none): exactly one must match.
 */

import { ActuationRefused } from '../shared/actuation-refused.js';
import type { JsonObject } from './json-diff.js';
import { KubeApiError } from './kube-call.js';
import type { CallScope, KubeResources } from './kube-resources.js';
import type { KubernetesActuatorOptions } from './kubernetes-actuator-options.js';
import { getString } from './object-fields.js';

export interface ResolvedDeployment {
  namespace: string;
  name: string;
  /** The Deployment as read while resolving it. */
  deployment: JsonObject;
}

type ResolverOptions = Pick<KubernetesActuatorOptions, 'namespaces' | 'service_label' | 'services'>;

export async function resolveDeployment(
  resources: KubeResources,
  options: ResolverOptions,
  service: string,
  scope: CallScope,
): Promise<ResolvedDeployment> {
  const explicit = options.services[service];
  if (explicit) return byName(resources, options, explicit, scope);
  const selector = `${options.service_label}=${service}`;
  const scopes = options.namespaces.length ? options.namespaces : [undefined];
  const found: JsonObject[] = [];
  for (const namespace of scopes) found.push(...(await resources.deployments(namespace, selector, scope)));
  const where = options.namespaces.length ? `namespaces ${options.namespaces.join(', ')}` : 'any namespace';
  if (found.length === 0) {
    throw new ActuationRefused(
      `no Deployment labelled ${selector} in ${where}; map the service in the actuator's services option`,
    );
  }
  if (found.length > 1) {
    const names = found.map(
      (d) => `${getString(d, ['metadata', 'namespace'])}/${getString(d, ['metadata', 'name'])}`,
    );
    throw new ActuationRefused(
      `${found.length} Deployments are labelled ${selector} (${names.join(', ')}); map the service explicitly`,
    );
  }
  const deployment = found[0];
  return {
    namespace: getString(deployment, ['metadata', 'namespace']) ?? '',
    name: getString(deployment, ['metadata', 'name']) ?? '',
    deployment,
  };
}

async function byName(
  resources: KubeResources,
  options: ResolverOptions,
  entry: string,
  scope: CallScope,
): Promise<ResolvedDeployment> {
  const slash = entry.indexOf('/');
  const name = slash >= 0 ? entry.slice(slash + 1) : entry;
  const namespaces =
    slash >= 0 ? [entry.slice(0, slash)] : options.namespaces.length ? options.namespaces : ['default'];
  let lastMiss: KubeApiError | undefined;
  for (const namespace of namespaces) {
    try {
      const deployment = await resources.read({ kind: 'deployment', namespace, name }, scope);
      return { namespace, name, deployment };
    } catch (error) {
      if (!(error instanceof KubeApiError && error.status === 404) || namespaces.length === 1) throw error;
      lastMiss = error;
    }
  }
  throw lastMiss ?? new ActuationRefused(`Deployment ${name} not found`);
}
