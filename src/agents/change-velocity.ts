import type { ChangeEvent, ChangeFinding } from '../core/index.js';
import { formatDuration } from '../core/index.js';
import { round } from '../util/stats.js';
import { nextFindingId } from './agent.js';

export interface ChangeVelocity {
  /** Changes per hour over the lookback before the incident window. */
  baseline_per_hour: number;
  /** Changes per hour inside the incident window. */
  window_per_hour: number;
  /** The densest run of changes inside `burstSeconds`, when it is a risky burst. */
  burst: { changes: ChangeEvent[]; start: number; end: number; services: string[] } | null;
}

export interface ChangeVelocityOptions {
  /** A burst is at least this many changes (default 4)… */
  minBurst?: number;
  /** …within this many seconds (default 900)… */
  burstSeconds?: number;
  /** …and at least this many times the baseline rate (default 3). */
  minRatio?: number;
}

/**
 * How fast things changed: the rate of changes in the incident window against the
 * lookback before it, and the densest burst (many changes on several services within
 * minutes, well above the usual pace), which raises the odds that a change broke something
 * and makes any single change harder to blame.
 */
export function changeVelocity(
  changes: readonly ChangeEvent[],
  lookback: { start: number; end: number },
  window: { start: number; end: number },
  options: ChangeVelocityOptions = {},
): ChangeVelocity {
  const minBurst = options.minBurst ?? 4;
  const burstSeconds = options.burstSeconds ?? 900;
  const minRatio = options.minRatio ?? 3;
  const hours = (r: { start: number; end: number }) => Math.max(1 / 60, (r.end - r.start) / 3600);
  const before = changes.filter((c) => c.timestamp >= lookback.start && c.timestamp < lookback.end);
  const inside = changes
    .filter((c) => c.timestamp >= window.start && c.timestamp <= window.end)
    .sort((a, b) => a.timestamp - b.timestamp);
  const baseline = before.length / hours(lookback);
  let best: ChangeEvent[] = [];
  for (let i = 0, j = 0; j < inside.length; j++) {
    while (inside[j].timestamp - inside[i].timestamp > burstSeconds) i++;
    if (j - i + 1 > best.length) best = inside.slice(i, j + 1);
  }
  const burstRate = best.length / (burstSeconds / 3600);
  const risky = best.length >= minBurst && burstRate >= minRatio * Math.max(baseline, 1);
  return {
    baseline_per_hour: round(baseline, 2),
    window_per_hour: round(inside.length / hours(window), 2),
    burst: risky
      ? {
          changes: best,
          start: best[0].timestamp,
          end: best[best.length - 1].timestamp,
          services: [...new Set(best.map((c) => c.service))],
        }
      : null,
  };
}

/** A risky burst as a finding about no single service (the reasoning weighs changes one by one). */
export function burstFinding(velocity: ChangeVelocity): ChangeFinding | null {
  const burst = velocity.burst;
  if (!burst) return null;
  const span = formatDuration(Math.max(1, burst.end - burst.start));
  return {
    id: nextFindingId('chg'),
    agent: 'deploy',
    kind: 'change',
    service: null,
    summary: `risky change burst: ${burst.changes.length} changes on ${burst.services.length} service(s) (${burst.services.slice(0, 5).join(', ')}) within ${span}; ${velocity.window_per_hour}/h in the window against ${velocity.baseline_per_hour}/h before`,
    strength: Math.min(1, burst.changes.length / 10),
    change_kind: 'burst',
    timestamp: burst.start,
    description: burst.changes
      .slice(0, 8)
      .map((c) => `${c.kind} ${c.service}${c.version ? ` ${c.version}` : ''}`)
      .join('; '),
    seconds_before_onset: null,
    suspicion: 0,
  };
}
