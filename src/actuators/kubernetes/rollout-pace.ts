/**
 * Progressive execution for `restart` and `rollback`. A step may ask for a careful rollout
 * with `params.canary: true` or `params.max_unavailable` (a count or a percentage). The
 * Deployment's RollingUpdate settings then become, for this rollout and until an undo:
 *   maxSurge: 1                    (one new pod at a time)
 *   maxUnavailable: the smaller of what it is now and the hint (canary: 0)
 * so the hint never makes a rollout faster or less available than it already was. A
 * Deployment with the Recreate strategy is left alone (it has no rolling update to pace).
 */

import { ActuationRefused } from '../shared/actuation-refused.js';
import type { Json, JsonObject } from './json-diff.js';
import { getObject, getString } from './object-fields.js';

export interface PacedStrategy {
  /** The new `spec.strategy`, or undefined to leave it as it is. */
  strategy?: JsonObject;
  note?: string;
}

export function pacedStrategy(deployment: JsonObject, params: Record<string, unknown>): PacedStrategy {
  const canary = params.canary === true;
  const hint = params.max_unavailable;
  if (!canary && hint === undefined) return {};
  const requested = canary ? 0 : parseHint(hint);
  const strategy = getObject(deployment, ['spec', 'strategy']);
  if (getString(strategy, ['type']) === 'Recreate') {
    return { note: 'the Deployment uses the Recreate strategy; the rollout pacing hint is ignored' };
  }
  const replicas = Number(getObject(deployment, ['spec']).replicas ?? 1);
  const rolling = getObject(strategy, ['rollingUpdate']);
  // The API defaults an absent maxUnavailable to 25%.
  const now = (rolling.maxUnavailable as Json | undefined) ?? '25%';
  const stricter = resolve(requested, replicas) <= resolve(now, replicas) ? requested : now;
  return {
    strategy: {
      ...strategy,
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: stricter },
    },
    note: `paced rollout: maxSurge 1, maxUnavailable ${String(stricter)}`,
  };
}

function parseHint(value: unknown): number | string {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^(100|[1-9]?[0-9])%$/.test(value)) return value;
  throw new ActuationRefused(
    `params.max_unavailable: expected a non-negative integer or a percentage like "10%", got ${JSON.stringify(value)}`,
  );
}

/** Pods a maxUnavailable value allows down (percentages round down, as the controller does). */
function resolve(value: Json, replicas: number): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(String(value));
  return match ? Math.floor((Number(match[1]) * replicas) / 100) : Number(value) || 0;
}
