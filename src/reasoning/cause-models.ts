import type { Cause } from '../core/index.js';
import { formatDuration } from '../core/index.js';
import { clamp } from '../util/stats.js';
import { anyChangeKernel, suspectChange } from './change-suspicion.js';
import type { Ledger } from './ledger.js';
import { onsetOf, type ReasoningContext } from './reasoning-context.js';
import { isExternal, type ServiceEvidence, strongest } from './service-evidence.js';

/** The causes afr weighs for every candidate (the spec's vocabulary, less `unknown`). */
export const CANDIDATE_CAUSES: readonly Cause[] = [
  'deployment_regression',
  'config_change',
  'traffic_surge',
  'resource_exhaustion',
  'dependency_failure',
  'infrastructure_failure',
];

/** 0..1: how close the service is to a hard limit, or leaking towards one. */
export function saturation(evidence: ServiceEvidence): { level: number; what: string } {
  const u = evidence.utilization;
  const levels: [number, string][] = [
    [ramp(u.cpu, 0.8), `CPU ${pct(u.cpu)}`],
    [ramp(u.memory, 0.85), `memory ${pct(u.memory)} of limit`],
    [ramp(u.connection_pool, 0.85), `connection pool ${pct(u.connection_pool)} used`],
    [ramp(u.disk, 0.85), `disk ${pct(u.disk)} full`],
  ];
  // CPU rising with latency on the same service above half its allocation: queueing.
  const cpu = strongest(evidence, 'cpu');
  const latency = strongest(evidence, 'latency');
  if (cpu && latency && (u.cpu ?? 0) >= 0.5 && cpu.direction === 'up') {
    levels.push([
      0.5 + 0.5 * clamp(((u.cpu ?? 0) - 0.5) / 0.5) * cpu.strength,
      `CPU ${pct(u.cpu)} with latency rising`,
    ]);
  }
  const memory = strongest(evidence, 'memory');
  if (memory?.shape === 'trend') levels.push([0.6 + 0.4 * memory.strength, 'memory rising steadily']);
  const restarts = strongest(evidence, 'restarts');
  if (restarts) levels.push([0.5 * restarts.strength, 'container restarts']);
  const best = levels.sort((a, b) => b[0] - a[0])[0];
  return { level: clamp(best[0]), what: best[1] };
}

function ramp(value: number | undefined, threshold: number): number {
  if (value === undefined || value < threshold) return 0;
  return 0.5 + 0.5 * clamp((value - threshold) / (1 - threshold));
}

function pct(value: number | undefined): string {
  return `${Math.round((value ?? 0) * 100)}%`;
}

/** How much the candidate's own evidence explains its symptoms, whatever the cause (0..1). */
export function ownCauseStrength(evidence: ServiceEvidence, context: ReasoningContext): number {
  const onset = onsetOf(context, evidence.service);
  const change = anyChangeKernel(evidence, onset, context.toleranceSeconds);
  const novel = evidence.logPatterns.some((p) => p.novel && p.strength >= 0.5 && p.level !== 'warn')
    ? 0.5
    : 0;
  return Math.max(change * evidence.anomalyScore, saturation(evidence).level, novel);
}

/** Adds the cause-specific likelihood terms for (candidate, cause). */
export function addCauseTerms(
  ledger: Ledger,
  cause: Cause,
  evidence: ServiceEvidence,
  context: ReasoningContext,
): void {
  const name = evidence.service;
  const onset = onsetOf(context, name);
  const tol = context.toleranceSeconds;
  const deviation = Math.max(evidence.anomalyScore, evidence.logScore);
  switch (cause) {
    case 'deployment_regression':
    case 'config_change': {
      const suspect = suspectChange(evidence, cause, onset, tol);
      const label = cause === 'deployment_regression' ? 'deploy' : 'config change';
      if (!suspect) {
        ledger.add('deploy', -2.5, `no ${label} on ${name} before its onset`, 'no_change');
        return;
      }
      const { change, kernel, secondsBeforeOnset } = suspect;
      const what = change.description ?? change.version ?? change.change_kind;
      ledger.add(
        'deploy',
        5 * kernel * deviation - 2.5,
        `${change.change_kind} ${what} on ${name}, ${secondsBeforeOnset >= 0 ? `${formatDuration(secondsBeforeOnset)} before` : 'at'} its onset`,
        'change_timing',
      );
      const novel = evidence.logPatterns.filter(
        (p) => p.novel && p.level !== 'warn' && p.first_seen >= change.timestamp - tol,
      );
      if (novel.length) {
        ledger.add('logs', 1, `${novel.length} error template(s) new since the change`, 'novel_after_change');
      }
      const surge = coincidentTrafficRise(evidence, onset, context);
      if (surge > 0) {
        ledger.add(
          'metrics',
          -3 * surge,
          `a traffic rise on ${name} at the same time explains its deviation as well`,
          'traffic_explains',
        );
      }
      if (cause === 'config_change') {
        const poolCut = evidence.anomalies.find(
          (a) =>
            a.signal === 'connection_pool' &&
            a.direction === 'down' &&
            Math.abs(a.onset - change.timestamp) < 900,
        );
        if (poolCut)
          ledger.add('metrics', 1.5, `${poolCut.metric} fell when the config changed`, 'limit_cut');
      }
      return;
    }
    case 'traffic_surge': {
      const traffic = Math.max(evidence.trafficUp, context.trafficBreadth);
      const sat = saturation(evidence);
      if (traffic < 0.2) {
        ledger.add('metrics', -3, 'no rise in traffic', 'no_traffic');
        return;
      }
      ledger.add(
        'metrics',
        4 * traffic * sat.level - 2,
        `traffic rose (${Math.round(context.trafficBreadth * 100)}% of services busier); ${sat.level > 0 ? sat.what : 'no saturation'} on ${name}`,
        'surge_saturation',
      );
      return;
    }
    case 'resource_exhaustion': {
      const sat = saturation(evidence);
      const change = anyChangeKernel(evidence, onset, tol);
      ledger.add(
        'metrics',
        4 * sat.level - 2,
        sat.level > 0 ? `${sat.what} on ${name}` : `no resource near its limit on ${name}`,
        'saturation',
      );
      if (change > 0.2)
        ledger.add('deploy', -3 * change, 'a recent change explains it better', 'change_explains');
      if (context.trafficBreadth > 0.3) {
        ledger.add(
          'metrics',
          -2 * context.trafficBreadth,
          'a traffic rise explains it better',
          'traffic_explains',
        );
      }
      return;
    }
    case 'dependency_failure': {
      if (isExternal(evidence)) {
        ledger.add('topology', 2, `${name} is an external dependency`, 'external');
      } else {
        ledger.add(
          'topology',
          -2,
          `${name} is an internal service: its failure needs a cause of its own`,
          'internal',
        );
      }
      return;
    }
    case 'infrastructure_failure': {
      if (isExternal(evidence) || !evidence.observed) {
        ledger.add('topology', -3, `no infrastructure of ${name} is observed`, 'external');
        return;
      }
      const change = anyChangeKernel(evidence, onset, tol);
      const sat = saturation(evidence).level;
      const traffic = Math.max(evidence.trafficUp, context.trafficBreadth);
      const quiet = (1 - change) * (1 - sat) * (1 - clamp(traffic));
      // "Nothing else explains it" supports a transient blip as much as a failing host,
      // so it weighs little; positive infrastructure evidence (infra changes, co-located
      // failures) is what makes this cause credible.
      ledger.add(
        'metrics',
        1.2 * quiet * evidence.anomalyScore - 1,
        quiet > 0.5
          ? `${name} degraded with no change, no traffic rise and no saturation`
          : `a change, traffic or saturation explains ${name} better`,
        'unexplained_degradation',
      );
      const infra = evidence.changes.filter(
        (c) => c.change_kind === 'infra' && c.timestamp <= onset + tol && onset - c.timestamp < 3600,
      );
      if (infra.length) {
        ledger.add(
          'deploy',
          2.5,
          `infrastructure event on ${name}: ${infra[0].description ?? infra[0].summary}`,
          'infra_change',
        );
      }
      const neighbours = servicesOnHost(context, evidence.host).filter(
        (s) =>
          s.service !== name &&
          context.anomalous.has(s.service) &&
          s.onset !== null &&
          Math.abs(s.onset - onset) <= 2 * tol &&
          !context.reach.isAnomalousAncestor(s.service, name),
      );
      if (neighbours.length) {
        ledger.add(
          'topology',
          Math.min(1.5, 0.75 * neighbours.length),
          `same host as ${neighbours.map((s) => s.service).join(', ')}, anomalous at the same time`,
          'shared_host',
        );
      }
      return;
    }
    default:
      return;
  }
}

const hostIndexes = new WeakMap<ReasoningContext, Map<string, ServiceEvidence[]>>();

/** The services on `host`, in the order of `context.services`; none without a host. */
function servicesOnHost(context: ReasoningContext, host: string | undefined): readonly ServiceEvidence[] {
  if (!host) return [];
  let index = hostIndexes.get(context);
  if (!index) {
    index = new Map();
    for (const s of context.services.values()) {
      if (!s.host) continue;
      const list = index.get(s.host);
      if (list) list.push(s);
      else index.set(s.host, [s]);
    }
    hostIndexes.set(context, index);
  }
  return index.get(host) ?? [];
}

/**
 * 0..1: how much a broad traffic rise that started with this service's own deviation
 * (within five minutes) could explain it instead of a change.
 */
function coincidentTrafficRise(evidence: ServiceEvidence, onset: number, context: ReasoningContext): number {
  if (context.trafficBreadth < 0.3) return 0;
  const rise = evidence.anomalies.find(
    (a) => a.signal === 'traffic' && a.direction === 'up' && Math.abs(a.onset - onset) <= 300,
  );
  return rise ? rise.strength * context.trafficBreadth : 0;
}
