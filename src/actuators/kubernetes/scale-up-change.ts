/**
 * `scale_up`: more replicas for the Deployment. The target is `params.replicas`, or the
 * current count times `params.factor` (default: the `scale_factor` option, 1.5) rounded
 * up, and always at least one more; it is capped by the `max_replicas` option and, when an
 * HorizontalPodAutoscaler targets the Deployment, by the HPA's `maxReplicas`.
 * Without an HPA the `scale` subresource's `spec.replicas` is patched (as `kubectl scale`
 * does). With one, the HPA would undo a direct scale, so its `spec.minReplicas` is raised
 * to the target instead: the autoscaler then keeps at least that many. With the
 * `raise_hpa_max` option a target above the HPA's `maxReplicas` raises `maxReplicas` too
 * (in the same patch, up to the `max_replicas` option). Undo restores the previous values
 * (an absent minReplicas is removed again, i.e. back to its default of 1).
 */

import { ActuationRefused } from '../shared/actuation-refused.js';
import type { JsonObject } from './json-diff.js';
import type { CallScope, KubeResources } from './kube-resources.js';
import type { KubernetesActuatorOptions } from './kubernetes-actuator-options.js';
import { type FieldPath, get, getString } from './object-fields.js';
import { type PreparedChange, prepared, withPrecondition } from './prepared-change.js';

const MIN_REPLICAS: FieldPath = ['spec', 'minReplicas'];
const MAX_REPLICAS: FieldPath = ['spec', 'maxReplicas'];

type ScaleOptions = Pick<KubernetesActuatorOptions, 'max_replicas' | 'scale_factor' | 'raise_hpa_max'>;

export async function prepareScaleUp(
  resources: KubeResources,
  deployment: JsonObject,
  params: Record<string, unknown>,
  options: ScaleOptions,
  scope: CallScope,
): Promise<PreparedChange> {
  const namespace = getString(deployment, ['metadata', 'namespace']) ?? '';
  const name = getString(deployment, ['metadata', 'name']) ?? '';
  const scale = await resources.read({ kind: 'scale', namespace, name }, scope);
  const current = Number(get(scale, ['spec', 'replicas']) ?? 0);
  const hpa = await hpaFor(resources, namespace, name, scope);
  const hpaMax = hpa ? Number(get(hpa, ['spec', 'maxReplicas'])) : Number.POSITIVE_INFINITY;
  const raiseMax = hpa !== undefined && options.raise_hpa_max;
  const cap = Math.min(options.max_replicas ?? Number.POSITIVE_INFINITY, raiseMax ? Infinity : hpaMax);
  const wanted = desiredReplicas(current, params, options.scale_factor);
  const target = Math.min(wanted, cap);
  const limits = [
    options.max_replicas !== undefined ? `max_replicas ${options.max_replicas}` : '',
    hpa && !raiseMax ? `HPA maxReplicas ${hpaMax}` : '',
  ].filter(Boolean);
  if (target <= current) {
    throw new ActuationRefused(
      `${namespace}/${name} already runs ${current} replicas, at its limit (${limits.join(', ') || 'none'}); cannot scale up`,
    );
  }
  const capped = target < wanted ? ` (capped from ${wanted} by ${limits.join(', ')})` : '';
  if (!hpa) {
    return prepared(
      {
        strategy: 'scale_up',
        summary: `scale Deployment ${namespace}/${name} from ${current} to ${target} replicas${capped}`,
        request: {
          kind: 'scale',
          namespace,
          name,
          patch_type: 'merge',
          body: withPrecondition({ spec: { replicas: target } }, scale),
        },
        fields: [['spec', 'replicas']],
        restorable: [['spec', 'replicas']],
        reversible: true,
        notes: [],
      },
      scale,
    );
  }
  const hpaName = getString(hpa, ['metadata', 'name']) ?? '';
  const minReplicas = Number(get(hpa, ['spec', 'minReplicas']) ?? 1);
  if (target <= minReplicas) {
    throw new ActuationRefused(
      `HorizontalPodAutoscaler ${namespace}/${hpaName} already keeps at least ${minReplicas} replicas (target ${target})`,
    );
  }
  const newMax = target > hpaMax ? target : undefined;
  const fields: FieldPath[] = newMax ? [MIN_REPLICAS, MAX_REPLICAS] : [MIN_REPLICAS];
  const summary = newMax
    ? `raise HorizontalPodAutoscaler ${namespace}/${hpaName} minReplicas from ${minReplicas} to ${target} and maxReplicas from ${hpaMax} to ${newMax} (Deployment ${name} runs ${current}; raise_hpa_max)${capped}`
    : `raise HorizontalPodAutoscaler ${namespace}/${hpaName} minReplicas from ${minReplicas} to ${target} (Deployment ${name} runs ${current}; HPA maxReplicas ${hpaMax})${capped}`;
  return prepared(
    {
      strategy: 'scale_up',
      summary,
      request: {
        kind: 'hpa',
        namespace,
        name: hpaName,
        patch_type: 'merge',
        body: withPrecondition(
          { spec: { minReplicas: target, ...(newMax ? { maxReplicas: newMax } : {}) } },
          hpa,
        ),
      },
      fields,
      restorable: fields,
      reversible: true,
      notes: [
        `an HPA manages ${namespace}/${name}: its floor is raised instead of scaling the Deployment directly`,
      ],
    },
    hpa,
  );
}

function desiredReplicas(current: number, params: Record<string, unknown>, defaultFactor: number): number {
  if (params.replicas !== undefined) {
    const replicas = params.replicas;
    if (!(typeof replicas === 'number' && Number.isInteger(replicas) && replicas > 0)) {
      throw new ActuationRefused(
        `params.replicas: expected a positive integer, got ${JSON.stringify(replicas)}`,
      );
    }
    return replicas;
  }
  const factor = params.factor ?? defaultFactor;
  if (!(typeof factor === 'number' && factor > 1 && factor <= 10)) {
    throw new ActuationRefused(`params.factor: expected a number in (1, 10], got ${JSON.stringify(factor)}`);
  }
  return Math.max(current + 1, Math.ceil(current * factor));
}

/** The HorizontalPodAutoscaler whose scaleTargetRef is this Deployment, if any. */
export async function hpaFor(
  resources: KubeResources,
  namespace: string,
  deployment: string,
  scope: CallScope,
): Promise<JsonObject | undefined> {
  const hpas = await resources.horizontalPodAutoscalers(namespace, scope);
  return hpas.find((hpa) => {
    const ref = get(hpa, ['spec', 'scaleTargetRef']) as JsonObject | undefined;
    const apiVersion = typeof ref?.apiVersion === 'string' ? ref.apiVersion : 'apps/v1';
    return ref?.kind === 'Deployment' && ref.name === deployment && apiVersion.startsWith('apps/');
  });
}
