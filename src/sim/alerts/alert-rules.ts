/**
 * Prometheus-like alert rules evaluated on the emitted metrics each step: a windowed
 * expression that must hold for a duration before the alert fires.
 */

import type { TelemetryStore } from '../../connectors/memory/index.js';
import type { ServiceSnapshot } from '../engine/physics.js';

export interface AlertRule {
  name: string;
  /** How long the expression must hold, seconds (Prometheus `for:`). */
  for_s: number;
  /** The observed value when the expression holds, else null. */
  evaluate(input: RuleInput): number | null;
  summary(service: string, value: number, input: RuleInput): string;
}

export interface RuleInput {
  store: TelemetryStore;
  service: string;
  t: number;
  baseline: ServiceSnapshot | undefined;
}

const WINDOW_S = 120;

function mean(input: RuleInput, metric: string, window = WINDOW_S): number | null {
  const points = input.store.points(metric, input.service, { start: input.t - window + 1e-6, end: input.t });
  if (points.length === 0) return null;
  return points.reduce((sum, p) => sum + p[1], 0) / points.length;
}

function last(input: RuleInput, metric: string): number | null {
  const points = input.store.points(metric, input.service, { start: input.t - 1e-6, end: input.t });
  return points.length ? points[points.length - 1][1] : null;
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

export const ALERT_RULES: AlertRule[] = [
  {
    name: 'HighErrorRate',
    for_s: 60,
    evaluate: (input) => {
      const value = mean(input, 'error_rate');
      return value !== null && value > 0.05 ? value : null;
    },
    summary: (service, value) =>
      `High error rate on ${service}: ${pct(value)} of requests failing (threshold 5%) for 1m`,
  },
  {
    name: 'HighLatencyP99',
    for_s: 60,
    evaluate: (input) => {
      const value = mean(input, 'latency_p99');
      const normal = (input.baseline?.latency.p99 ?? 0) / 1000;
      return value !== null && normal > 0 && value > 3 * normal && value > 0.005 ? value : null;
    },
    summary: (service, value, input) =>
      `p99 latency of ${service} is ${(value * 1000).toFixed(0)}ms, more than 3x its normal ${(input.baseline?.latency.p99 ?? 0).toFixed(0)}ms, for 1m`,
  },
  {
    name: 'DBConnectionPoolExhausted',
    for_s: 120,
    evaluate: (input) => {
      const used = mean(input, 'db_connections_used');
      const max = mean(input, 'db_connections_max');
      return used !== null && max && used / max > 0.95 ? used / max : null;
    },
    summary: (service, value) => `DB connection pool of ${service} at ${pct(value)} of its maximum for 2m`,
  },
  {
    name: 'ContainerMemoryNearLimit',
    for_s: 60,
    evaluate: (input) => {
      const used = last(input, 'memory');
      const limit = last(input, 'memory_limit');
      return used !== null && limit && used / limit > 0.9 ? used / limit : null;
    },
    summary: (service, value) => `Memory of ${service} at ${pct(value)} of its limit for 1m`,
  },
  {
    name: 'CPUSaturation',
    for_s: 180,
    evaluate: (input) => {
      const value = mean(input, 'cpu');
      return value !== null && value > 0.9 ? value : null;
    },
    summary: (service, value) => `CPU of ${service} at ${pct(value)} of its allocation for 3m`,
  },
  {
    // Like kube-prometheus' KubePodCrashLooping: containers restarting repeatedly.
    name: 'ContainerRestarting',
    for_s: 0,
    evaluate: (input) => {
      const points = input.store.points('restarts', input.service, { start: input.t - 900, end: input.t });
      if (points.length < 2) return null;
      const increase = points[points.length - 1][1] - points[0][1];
      return increase >= 2 ? increase : null;
    },
    summary: (service, value) => `Containers of ${service} restarted ${value} times in the last 15m`,
  },
  {
    name: 'DiskAlmostFull',
    for_s: 60,
    evaluate: (input) => {
      const value = last(input, 'disk_used');
      return value !== null && value > 0.9 ? value : null;
    },
    summary: (service, value) => `Disk of ${service} ${pct(value)} full for 1m`,
  },
];

export interface Firing {
  rule: AlertRule;
  service: string;
  value: number;
  /** When the rule started firing (Alertmanager's startsAt). */
  at: number;
  summary: string;
}

/** Tracks pending rules per service and reports the first that fires. */
export class AlertEvaluator {
  private readonly pendingSince = new Map<string, number>();

  constructor(private readonly rules: AlertRule[] = ALERT_RULES) {}

  /** Evaluates every rule on every service at t; returns the firings of this step in rule order. */
  evaluate(
    store: TelemetryStore,
    services: string[],
    t: number,
    baselines: Map<string, ServiceSnapshot>,
  ): Firing[] {
    const firings: Firing[] = [];
    for (const rule of this.rules) {
      for (const service of services) {
        const input = { store, service, t, baseline: baselines.get(service) };
        const value = rule.evaluate(input);
        const key = `${rule.name}/${service}`;
        if (value === null) {
          this.pendingSince.delete(key);
          continue;
        }
        const since = this.pendingSince.get(key) ?? t;
        this.pendingSince.set(key, since);
        if (t - since >= rule.for_s)
          firings.push({ rule, service, value, at: t, summary: rule.summary(service, value, input) });
      }
    }
    return firings;
  }
}
