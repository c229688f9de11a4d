import type {
  ChangeFinding,
  DependencyErrorFinding,
  Finding,
  LogPatternFinding,
  MetricAnomalyFinding,
  SignalKind,
  Topology,
} from '../core/index.js';

/** Signals that show a service is hurting (not merely busier). */
const SYMPTOM_SIGNALS = new Set<SignalKind>([
  'errors',
  'latency',
  'cpu',
  'memory',
  'connection_pool',
  'disk',
  'gc',
  'restarts',
]);

/** Everything the agents said about one service, condensed for the reasoning. */
export interface ServiceEvidence {
  service: string;
  tier: string | undefined;
  criticality: string | undefined;
  host: string | undefined;
  /** The metrics agent had data for it. */
  observed: boolean;
  anomalies: MetricAnomalyFinding[];
  logPatterns: LogPatternFinding[];
  changes: ChangeFinding[];
  /** Callers whose errors name this service. */
  blamedBy: DependencyErrorFinding[];
  /** Services this one's errors name. */
  blames: DependencyErrorFinding[];
  /** Noisy-or of symptom anomaly strengths, 0..1. */
  anomalyScore: number;
  /** Noisy-or of error-log pattern strengths, 0..1. */
  logScore: number;
  /** Earliest onset of a credible symptom, or null. */
  onset: number | null;
  /** Some symptom still deviates at the end of the window. */
  ongoing: boolean;
  /** Strength of the traffic increase on this service, 0..1. */
  trafficUp: number;
  /** Highest utilization of a hard limit by signal (cpu, memory, connection_pool, disk). */
  utilization: Partial<Record<SignalKind, number>>;
}

const CREDIBLE = 0.3;

export function buildServiceEvidence(
  findings: readonly Finding[],
  topology: Topology | undefined,
  observedServices: ReadonlySet<string>,
): Map<string, ServiceEvidence> {
  const byService = new Map<string, ServiceEvidence>();
  const nodeInfo = new Map((topology?.services ?? []).map((s) => [s.name, s]));
  const get = (service: string): ServiceEvidence => {
    let evidence = byService.get(service);
    if (!evidence) {
      const node = nodeInfo.get(service);
      evidence = {
        service,
        tier: node?.tier,
        criticality: node?.criticality,
        host: node?.host,
        observed: observedServices.has(service),
        anomalies: [],
        logPatterns: [],
        changes: [],
        blamedBy: [],
        blames: [],
        anomalyScore: 0,
        logScore: 0,
        onset: null,
        ongoing: false,
        trafficUp: 0,
        utilization: {},
      };
      byService.set(service, evidence);
    }
    return evidence;
  };
  for (const node of topology?.services ?? []) get(node.name);
  for (const service of observedServices) get(service);
  for (const f of findings) {
    if (!f.service) continue;
    switch (f.kind) {
      case 'metric_anomaly':
        get(f.service).anomalies.push(f);
        break;
      case 'log_pattern':
        get(f.service).logPatterns.push(f);
        break;
      case 'change':
        get(f.service).changes.push(f);
        break;
      case 'dependency_error':
        get(f.service).blames.push(f);
        get(f.target).blamedBy.push(f);
        break;
      default:
        break;
    }
  }
  for (const evidence of byService.values()) summarise(evidence);
  return byService;
}

function summarise(evidence: ServiceEvidence): void {
  // Percentiles of one signal are one witness, not three: take the strongest per signal,
  // then combine signals. A spike that already cleared is weak evidence of a fault.
  const perSignal = new Map<SignalKind, number>();
  let onset = Number.POSITIVE_INFINITY;
  for (const a of evidence.anomalies) {
    if (a.signal === 'traffic') {
      if (a.direction === 'up') evidence.trafficUp = Math.max(evidence.trafficUp, a.strength);
      continue;
    }
    if (a.utilization !== undefined) {
      const current = evidence.utilization[a.signal] ?? 0;
      evidence.utilization[a.signal] = Math.max(current, a.utilization);
    }
    if (!SYMPTOM_SIGNALS.has(a.signal)) continue;
    // A pool whose maximum fell is a cause marker, not a symptom of load.
    if (a.signal === 'connection_pool' && a.direction === 'down') continue;
    // More CPU for more traffic, well below the allocation and with healthy latency and
    // errors, is a busier service, not a hurting one.
    if (a.signal === 'cpu' && (a.utilization ?? 0) < 0.75 && !hurting(evidence)) continue;
    const transient = a.shape === 'spike' && !a.ongoing;
    const weight = a.strength * (transient ? 0.4 : 1);
    perSignal.set(a.signal, Math.max(perSignal.get(a.signal) ?? 0, weight));
    if (weight >= CREDIBLE) {
      onset = Math.min(onset, a.onset);
      if (a.ongoing) evidence.ongoing = true;
    }
  }
  let healthy = 1;
  for (const weight of perSignal.values()) healthy *= 1 - weight;
  evidence.anomalyScore = 1 - healthy;
  let quiet = 1;
  for (const p of evidence.logPatterns) {
    if (p.level === 'error' || p.level === 'fatal') quiet *= 1 - p.strength;
    else quiet *= 1 - 0.5 * p.strength;
  }
  evidence.logScore = 1 - quiet;
  evidence.onset = Number.isFinite(onset) ? onset : null;
  if (!evidence.observed && evidence.blamedBy.length) {
    // A dependency without telemetry: its callers' errors are its symptoms.
    evidence.onset = Math.min(...evidence.blamedBy.map((b) => b.first_seen));
  }
}

/** Strongest anomaly of a service on one signal, or undefined. */
export function strongest(evidence: ServiceEvidence, signal: SignalKind): MetricAnomalyFinding | undefined {
  let best: MetricAnomalyFinding | undefined;
  for (const a of evidence.anomalies) {
    if (a.signal === signal && (!best || a.strength > best.strength)) best = a;
  }
  return best;
}

/** How strongly callers blame this service (0..1), from the share and count of their errors. */
export function blameStrength(evidence: ServiceEvidence): number {
  let quiet = 1;
  for (const b of evidence.blamedBy) quiet *= 1 - b.strength;
  return 1 - quiet;
}

export function isExternal(evidence: ServiceEvidence): boolean {
  return evidence.tier === 'external' || (!evidence.observed && evidence.blamedBy.length > 0);
}

/** Errors or latency deviate in a sustained way. */
function hurting(evidence: ServiceEvidence): boolean {
  return evidence.anomalies.some(
    (a) =>
      (a.signal === 'errors' || a.signal === 'latency') &&
      a.strength >= CREDIBLE &&
      !(a.shape === 'spike' && !a.ongoing),
  );
}
