/**
 * How many instances `scale_up` asks for (Nomad task group count, Swarm replicas): the
 * step's `params.replicas` or `params.to_replicas` (the planner's headroom check sets the
 * latter), else the current count times `params.factor` (default: the actuator's
 * `scale_factor`) rounded up and at least one more; then capped by the configured maximum
 * and any maximum the platform declares. `already` is true when an explicit target is
 * already met, so a repeated apply changes nothing.
 */
import { ActuationRefused } from '../shared/actuation-refused.js';

export interface ScaleTarget {
  current: number;
  wanted: number;
  target: number;
  /** Limits that cut `wanted` down, in words. */
  limits: string[];
  already: boolean;
}

export function scaleTarget(
  current: number,
  params: Record<string, unknown>,
  defaultFactor: number,
  caps: { value: number | undefined; name: string }[],
): ScaleTarget {
  const explicitKey =
    params.replicas !== undefined ? 'replicas' : params.to_replicas !== undefined ? 'to_replicas' : null;
  let wanted: number;
  if (explicitKey) {
    const value = params[explicitKey];
    if (!(typeof value === 'number' && Number.isInteger(value) && value > 0)) {
      throw new ActuationRefused(
        `params.${explicitKey}: expected a positive integer, got ${JSON.stringify(value)}`,
      );
    }
    wanted = value;
  } else {
    const factor = params.factor ?? defaultFactor;
    if (!(typeof factor === 'number' && factor > 1 && factor <= 10)) {
      throw new ActuationRefused(
        `params.factor: expected a number in (1, 10], got ${JSON.stringify(factor)}`,
      );
    }
    wanted = Math.max(current + 1, Math.ceil(current * factor));
  }
  let target = wanted;
  const limits: string[] = [];
  for (const cap of caps) {
    if (cap.value !== undefined && cap.value < target) {
      target = cap.value;
      limits.push(`${cap.name} ${cap.value}`);
    }
  }
  return { current, wanted, target, limits, already: explicitKey !== null && current >= wanted };
}
