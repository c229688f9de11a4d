/**
 * `config_revert`: put a ConfigMap's `data` back to its previous version.
 *
 * Convention (how afr knows the previous version):
 *  1. the annotation named by the `previous_annotation` option (default `afr/previous-data`)
 *     on the ConfigMap holds its previous `data` as a JSON object of strings. Whoever
 *     changes the ConfigMap (a deploy pipeline, or afr itself) writes it; every revert afr
 *     makes writes it too, with the data it replaced, so a revert can itself be reverted;
 *  2. otherwise a ConfigMap named `<name>-previous` in the same namespace is the previous
 *     version (a copy the pipeline keeps).
 * Which ConfigMap: `params.config_map`, else the one the Deployment's pod template uses
 * (volumes, projected volumes, envFrom, env valueFrom) that has a previous version; if
 * several do, the step must name one. `binaryData` is left as it is.
 * Pods see a mounted ConfigMap change after the kubelet's sync; values read into
 * environment variables change only when the pods restart (add a `restart` step).
 */

import { ActuationRefused } from '../shared/actuation-refused.js';
import { isObject, type Json, type JsonObject, jsonEqual, mergePatchBetween } from './json-diff.js';
import { KubeApiError } from './kube-call.js';
import type { CallScope, KubeResources } from './kube-resources.js';
import { get, getObject, getString, pick, withField } from './object-fields.js';
import { type PreparedChange, prepared, withPrecondition } from './prepared-change.js';

interface Previous {
  data: JsonObject;
  source: string;
}

export async function prepareConfigRevert(
  resources: KubeResources,
  deployment: JsonObject,
  params: Record<string, unknown>,
  annotation: string,
  scope: CallScope,
): Promise<PreparedChange> {
  const namespace = getString(deployment, ['metadata', 'namespace']) ?? '';
  const named = params.config_map;
  if (named !== undefined && (typeof named !== 'string' || !named)) {
    throw new ActuationRefused(`params.config_map: expected a ConfigMap name, got ${JSON.stringify(named)}`);
  }
  const candidates = named ? [named] : configMapsOf(deployment);
  if (candidates.length === 0) {
    throw new ActuationRefused(
      `Deployment ${namespace}/${getString(deployment, ['metadata', 'name'])} uses no ConfigMap; name one with params.config_map`,
    );
  }
  const found: { configMap: JsonObject; previous: Previous }[] = [];
  for (const name of candidates) {
    const configMap = await resources.read({ kind: 'configmap', namespace, name }, scope);
    const previous = await previousOf(resources, configMap, annotation, scope);
    if (previous) found.push({ configMap, previous });
  }
  if (found.length !== 1) {
    const how = `an annotation ${annotation} or a <name>-previous copy`;
    throw new ActuationRefused(
      found.length === 0
        ? `no previous version of ConfigMap ${candidates.map((c) => `${namespace}/${c}`).join(', ')} (${how})`
        : `several ConfigMaps have a previous version (${found.map((f) => getString(f.configMap, ['metadata', 'name'])).join(', ')}); name one with params.config_map`,
    );
  }
  const { configMap, previous } = found[0];
  const name = getString(configMap, ['metadata', 'name']) ?? '';
  const data = getObject(configMap, ['data']);
  if (jsonEqual(data, previous.data)) {
    throw new ActuationRefused(
      `ConfigMap ${namespace}/${name} already holds its previous data; nothing to revert`,
    );
  }
  const fields = [['data'], ['metadata', 'annotations', annotation]] as const;
  const now = pick(configMap, fields);
  const desired = withField(withField(now, ['data'], previous.data), fields[1], JSON.stringify(data));
  const keys = changedKeys(data, previous.data);
  return prepared(
    {
      strategy: 'config_revert',
      summary: `revert ConfigMap ${namespace}/${name} to its previous data (from ${previous.source}); keys changed: ${keys.join(', ')}`,
      request: {
        kind: 'configmap',
        namespace,
        name,
        patch_type: 'merge',
        body: withPrecondition(mergePatchBetween(now, desired), configMap),
      },
      fields,
      restorable: fields,
      reversible: true,
      notes: [
        'pods read environment variables from a ConfigMap only at start: a restart step picks those up',
      ],
    },
    configMap,
  );
}

async function previousOf(
  resources: KubeResources,
  configMap: JsonObject,
  annotation: string,
  scope: CallScope,
): Promise<Previous | undefined> {
  const namespace = getString(configMap, ['metadata', 'namespace']) ?? '';
  const name = getString(configMap, ['metadata', 'name']) ?? '';
  const stored = getString(configMap, ['metadata', 'annotations', annotation]);
  if (stored !== undefined) {
    let data: unknown;
    try {
      data = JSON.parse(stored);
    } catch {
      data = undefined;
    }
    if (!isObject(data) || !Object.values(data).every((v) => typeof v === 'string')) {
      throw new ActuationRefused(
        `ConfigMap ${namespace}/${name}: annotation ${annotation} is not a JSON object of strings`,
      );
    }
    return { data, source: `annotation ${annotation}` };
  }
  try {
    const copy = await resources.read({ kind: 'configmap', namespace, name: `${name}-previous` }, scope);
    return { data: getObject(copy, ['data']), source: `ConfigMap ${name}-previous` };
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** ConfigMap names the pod template refers to, in order of first mention. */
export function configMapsOf(deployment: JsonObject): string[] {
  const spec = getObject(deployment, ['spec', 'template', 'spec']);
  const names: string[] = [];
  const add = (name: Json | undefined) => {
    if (typeof name === 'string' && name && !names.includes(name)) names.push(name);
  };
  for (const volume of list(spec.volumes)) {
    add(get(volume, ['configMap', 'name']));
    for (const source of list(get(volume, ['projected', 'sources']))) add(get(source, ['configMap', 'name']));
  }
  for (const container of [...list(spec.initContainers), ...list(spec.containers)]) {
    for (const from of list(get(container, ['envFrom']))) add(get(from, ['configMapRef', 'name']));
    for (const env of list(get(container, ['env']))) add(get(env, ['valueFrom', 'configMapKeyRef', 'name']));
  }
  return names;
}

function list(value: Json | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function changedKeys(before: JsonObject, after: JsonObject): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => !jsonEqual(before[key], after[key])).sort();
}
