/**
 * What an Istio strategy prepares before anything is sent: either a whole object afr
 * creates (its undo deletes it) or a merge patch of an existing DestinationRule or
 * VirtualService (its undo patches the touched fields back), with the fields it touches,
 * their values now and a one-line summary. `meshDiff` lists changed leaves, walking lists
 * of equal length item by item (`spec.http[0].route[1].weight: 10 → 100`).
 */
import type { Strategy } from '../../core/vocabulary.js';
import { fieldDiff, isObject, type JsonObject } from '../kubernetes/json-diff.js';
import type { FieldPath } from '../kubernetes/object-fields.js';
import type { IstioKind, IstioRef } from './istio-resources.js';

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const AFR_SERVICE = 'afr.dev/service';

export interface MeshChange {
  strategy: Strategy;
  summary: string;
  ref: IstioRef;
  action: 'create' | 'patch';
  /** The whole object to create, or the merge patch to send. */
  body: JsonObject;
  /** The fields the change touches (their values now are what an undo restores). */
  fields: readonly FieldPath[];
  /** `pick(object now, fields)`; `{}` for an object afr creates. */
  before: JsonObject;
  notes: string[];
}

/** `afr-<strategy>-<service>`, a valid object name of at most 63 characters. */
export function afrObjectName(strategy: Strategy, service: string): string {
  const base = `afr-${strategy.replace(/_/g, '-')}-${service.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
  return base.slice(0, 63).replace(/-+$/, '');
}

/** A new Istio object labelled as afr's, so only afr's own objects are ever deleted. */
export function afrObject(
  apiVersion: string,
  kind: IstioKind,
  ref: Pick<IstioRef, 'namespace' | 'name'>,
  service: string,
  spec: JsonObject,
): JsonObject {
  return {
    apiVersion,
    kind,
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      labels: { [MANAGED_BY]: 'afr', [AFR_SERVICE]: service.slice(0, 63) },
    },
    spec,
  };
}

export function meshDiff(before: unknown, after: unknown, path = ''): string[] {
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => meshDiff(item, after[i], `${path}[${i}]`));
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => meshDiff(before[key], after[key], path ? `${path}.${key}` : key));
  }
  return fieldDiff(before, after, path);
}
