/**
 * `restart`, as `kubectl rollout restart` does it: a strategic merge patch stamping
 * `spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]` with the time
 * (RFC 3339), so the controller replaces every pod with an identical one. It cannot be
 * undone — the old pods are gone — and needs no undo: the template is otherwise the same.
 * A pacing hint (see rollout-pace.ts) also changes `spec.strategy`; that part an undo restores.
 */

import { ActuationRefused } from '../shared/actuation-refused.js';
import { type JsonObject, mergePatchBetween } from './json-diff.js';
import { get, getString, pick, withField } from './object-fields.js';
import { type PreparedChange, prepared, withPrecondition } from './prepared-change.js';
import { pacedStrategy } from './rollout-pace.js';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const ANNOTATION = ['spec', 'template', 'metadata', 'annotations', RESTARTED_AT] as const;
const STRATEGY = ['spec', 'strategy'] as const;

export function prepareRestart(
  deployment: JsonObject,
  params: Record<string, unknown>,
  now: Date,
): PreparedChange {
  const namespace = getString(deployment, ['metadata', 'namespace']) ?? '';
  const name = getString(deployment, ['metadata', 'name']) ?? '';
  if (get(deployment, ['spec', 'paused']) === true) {
    throw new ActuationRefused(
      `Deployment ${namespace}/${name} is paused; a restart would not roll out until it is resumed`,
    );
  }
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const pace = pacedStrategy(deployment, params);
  let body: JsonObject = withField({}, ANNOTATION, stamp);
  if (pace.strategy) {
    const strategyPatch = mergePatchBetween(
      pick(deployment, [STRATEGY]),
      withField({}, STRATEGY, pace.strategy),
    );
    body = { spec: { ...(body.spec as JsonObject), ...(strategyPatch.spec as JsonObject) } };
  }
  return prepared(
    {
      strategy: 'restart',
      summary: `rolling restart of Deployment ${namespace}/${name} (${RESTARTED_AT}=${stamp})`,
      request: {
        kind: 'deployment',
        namespace,
        name,
        patch_type: 'strategic',
        body: withPrecondition(body, deployment),
      },
      fields: [ANNOTATION, STRATEGY],
      restorable: pace.strategy ? [STRATEGY] : [],
      reversible: false,
      notes: [
        'a restart cannot be undone (the old pods are replaced) and needs none: the new pods run the same template',
        ...(pace.note ? [pace.note] : []),
      ],
    },
    deployment,
  );
}
