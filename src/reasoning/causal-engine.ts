import type {
  Alert,
  Cause,
  Finding,
  Hypothesis,
  LogPatternFinding,
  RootCause,
  Topology,
} from '../core/index.js';
import { round } from '../util/stats.js';
import { AnomalousReach } from './anomalous-reach.js';
import { addCauseTerms, CANDIDATE_CAUSES, ownCauseStrength } from './cause-models.js';
import {
  type CalibrationMap,
  type Coverage,
  calibrate,
  rawConfidence,
  shippedCalibration,
} from './confidence.js';
import { DependencyGraph } from './dependency-graph.js';
import { Ledger } from './ledger.js';
import { inferMechanism } from './mechanism.js';
import { type CausePriors, DEFAULT_PRIORS } from './priors.js';
import { addPropagationTerms } from './propagation-model.js';
import type { ReasoningContext } from './reasoning-context.js';
import { blameStrength, buildServiceEvidence, type ServiceEvidence } from './service-evidence.js';

export interface ReasoningInput {
  alert: Alert;
  findings: readonly Finding[];
  topology: Topology | undefined;
  /** Services each source had data for (metrics decides "observed"). */
  observedServices: ReadonlySet<string>;
  coverage: Coverage;
  /** End of the data: used to tell ongoing impact from cleared symptoms. */
  windowEnd: number;
  /** Base rates for this incident (learned from history); default: the engine's priors. */
  priors?: CausePriors;
  /** Evidence from similar past incidents, added to the ledger of the matching (service, cause). */
  precedents?: readonly Precedent[];
}

/** "Seen before": a past incident like this one, confirmed as `cause` on `service`. */
export interface Precedent {
  service: string;
  cause: Cause;
  /** Natural-log likelihood ratio this precedent contributes (negative: it contradicts). */
  log_lr: number;
  summary: string;
}

export interface ReasoningResult {
  hypotheses: Hypothesis[];
  root_cause: RootCause | null;
  /** Posterior of "none of these / false alarm". */
  none_probability: number;
  /** Calibrated confidence in the top hypothesis (0 when there is none). */
  confidence: number;
  raw_confidence: number;
  blast_radius: string[];
  at_risk: string[];
  /** Symptoms still deviate at the end of the data. */
  impact_ongoing: boolean;
  graph: DependencyGraph;
  none_evidence: Ledger;
  /** The strongest deviation is only minutes old: it may still be a transient blip. */
  young: boolean;
  /** The top hypothesis rests on positive evidence of its cause, not only on "nothing else". */
  explained: boolean;
}

export interface CausalReasoningEngineOptions {
  priors?: CausePriors;
  calibration?: CalibrationMap;
  /** Onsets closer than this are simultaneous. */
  toleranceSeconds?: number;
  /** How many hypotheses to report at most. */
  maxHypotheses?: number;
}

/** Ledger kinds that are positive evidence of a cause (not mere absence of others). */
const EXPLAINING = new Set([
  'change_timing',
  'surge_saturation',
  'saturation',
  'external',
  'infra_change',
  'shared_host',
]);

/** A deviation younger than this may still be a transient blip. */
const YOUNG_SECONDS = 600;

interface Scored {
  service: string;
  cause: Cause;
  mechanism: string;
  ledger: Ledger;
  score: number;
  onset: number | null;
  statement: string;
}

/**
 * The causal reasoning engine: builds the dependency graph, scores every (service, cause,
 * mechanism) hypothesis by how well it explains the observed symptoms (propagation from
 * callee to caller, onset order, own evidence), adds a "none of these" hypothesis, and
 * normalises the scores into posteriors. Confidence is calibrated separately.
 */
export class CausalReasoningEngine {
  private readonly priors: CausePriors;
  private readonly calibration: CalibrationMap;
  private readonly toleranceSeconds: number;
  private readonly maxHypotheses: number;

  constructor(options: CausalReasoningEngineOptions = {}) {
    this.priors = options.priors ?? DEFAULT_PRIORS;
    this.calibration = options.calibration ?? shippedCalibration();
    this.toleranceSeconds = options.toleranceSeconds ?? 60;
    this.maxHypotheses = options.maxHypotheses ?? 10;
  }

  analyse(input: ReasoningInput): ReasoningResult {
    const graph = DependencyGraph.fromEvidence(input.topology, input.findings);
    const services = buildServiceEvidence(input.findings, input.topology, input.observedServices);
    for (const name of services.keys()) graph.addNode(name);
    const context = this.context(graph, services, input.alert.timestamp, input.windowEnd);
    const callerPatterns = patternsNaming(input.findings);
    const priors = input.priors ?? this.priors;

    const scored: Scored[] = [];
    for (const evidence of this.candidates(services, context)) {
      const base = new Ledger();
      addPropagationTerms(base, evidence, context, ownCauseStrength(evidence, context));
      const mechanism = inferMechanism(evidence, callerPatterns.get(evidence.service) ?? []);
      for (const cause of CANDIDATE_CAUSES) {
        const ledger = base.clone();
        // A zero prior rules a cause out; a floor keeps the arithmetic finite.
        ledger.add(
          'history',
          Math.log(Math.max(priors.cause[cause], 1e-6) / 0.15),
          `base rate of ${cause}`,
          'prior',
        );
        addCauseTerms(ledger, cause, evidence, context);
        for (const p of input.precedents ?? []) {
          if (p.service === evidence.service && p.cause === cause)
            ledger.add('history', p.log_lr, p.summary, 'precedent');
        }
        scored.push({
          service: evidence.service,
          cause,
          mechanism: mechanism.mechanism,
          ledger,
          score: ledger.total,
          onset: evidence.onset,
          statement: `${cause.replace(/_/g, ' ')} on ${evidence.service}: ${mechanism.reason}`,
        });
      }
    }
    const none = this.noneHypothesis(services, context, priors);
    const max = Math.max(none.total, ...scored.map((s) => s.score));
    let normaliser = Math.exp(none.total - max);
    for (const s of scored) normaliser += Math.exp(s.score - max);
    const noneProbability = Math.exp(none.total - max) / normaliser;

    const bestPerService = new Map<string, Scored>();
    for (const s of scored) {
      const current = bestPerService.get(s.service);
      if (!current || s.score > current.score) bestPerService.set(s.service, s);
    }
    const ranked = [...bestPerService.values()]
      .sort((a, b) => b.score - a.score)
      .slice(0, this.maxHypotheses);
    const top = ranked[0];
    const topProbability = top ? Math.exp(top.score - max) / normaliser : 0;
    const agreeing = top ? agreeingAgents(top.ledger) : 0;
    const raw = top ? rawConfidence(topProbability, input.coverage, agreeing) : 0;
    const confidence = calibrate(raw, this.calibration);

    const hypotheses: Hypothesis[] = ranked.map((s, index) => {
      const probability = Math.exp(s.score - max) / normaliser;
      const relative = topProbability > 0 ? probability / topProbability : 0;
      return {
        rank: index + 1,
        service: s.service,
        cause: s.cause,
        mechanism: s.mechanism,
        probability: round(probability, 4),
        confidence: round(index === 0 ? confidence : confidence * relative, 4),
        evidence: s.ledger.sorted(),
        statement: s.statement,
        onset: s.onset,
      };
    });
    const credible = top !== undefined && topProbability > noneProbability;
    const rootCause: RootCause | null =
      credible && hypotheses[0]
        ? {
            service: hypotheses[0].service,
            cause: hypotheses[0].cause,
            mechanism: hypotheses[0].mechanism,
            probability: hypotheses[0].probability,
            confidence: hypotheses[0].confidence,
          }
        : null;
    const impactOngoing = [...services.values()].some((s) => s.ongoing && s.anomalyScore >= 0.5);
    const blast = rootCause ? blastRadius(rootCause.service, graph, context) : [...context.anomalous.keys()];
    return {
      hypotheses,
      root_cause: rootCause,
      none_probability: round(noneProbability, 4),
      confidence: rootCause ? round(confidence, 4) : 0,
      raw_confidence: round(raw, 4),
      blast_radius: blast,
      at_risk: rootCause ? atRisk(blast, graph, context) : [],
      impact_ongoing: impactOngoing,
      graph,
      none_evidence: none,
      young: none.entries.some((e) => e.kind === 'young_anomaly'),
      explained:
        top?.ledger.entries.some((e) => EXPLAINING.has(e.kind ?? '') && (e.log_lr ?? 0) >= 1) ?? false,
    };
  }

  private context(
    graph: DependencyGraph,
    services: Map<string, ServiceEvidence>,
    alertTime: number,
    windowEnd: number,
  ): ReasoningContext {
    const anomalous = new Map<string, number>();
    let observed = 0;
    let busier = 0;
    for (const s of services.values()) {
      if (s.observed) {
        observed++;
        busier += s.trafficUp;
      }
      const score = s.observed ? Math.max(s.anomalyScore, 0.7 * s.logScore) : blameStrength(s);
      if (score >= 0.5) anomalous.set(s.service, score);
    }
    return {
      graph,
      services,
      anomalous,
      reach: new AnomalousReach(graph, anomalous.keys()),
      toleranceSeconds: this.toleranceSeconds,
      trafficBreadth: observed ? busier / observed : 0,
      alertTime,
      windowEnd,
    };
  }

  /** Anomalous or blamed services, topped up with the next most deviant ones to have five. */
  private candidates(services: Map<string, ServiceEvidence>, context: ReasoningContext): ServiceEvidence[] {
    const all = [...services.values()];
    const weight = (s: ServiceEvidence) =>
      Math.max(s.anomalyScore, s.logScore, blameStrength(s), context.anomalous.get(s.service) ?? 0);
    const chosen = all.filter((s) => weight(s) >= 0.2);
    if (chosen.length < 5) {
      const rest = all.filter((s) => weight(s) < 0.2).sort((a, b) => weight(b) - weight(a));
      chosen.push(...rest.slice(0, 5 - chosen.length));
    }
    return chosen;
  }

  /** "None of these": the data look like noise or a blip that already cleared. */
  private noneHypothesis(
    services: Map<string, ServiceEvidence>,
    context: ReasoningContext,
    priors: CausePriors,
  ): Ledger {
    const ledger = new Ledger();
    ledger.add('history', Math.log(priors.none / 0.15), 'base rate of false alarms', 'prior');
    let intensity = 0;
    let strongest = '';
    let onset: number | null = null;
    for (const s of services.values()) {
      const persistence = s.ongoing ? 1 : 0.4;
      const score =
        (context.anomalous.get(s.service) ?? Math.max(s.anomalyScore, 0.7 * s.logScore)) * persistence;
      if (score > intensity) {
        intensity = score;
        strongest = s.service;
        onset = s.onset;
      }
    }
    ledger.add(
      'metrics',
      3 - 7 * intensity,
      intensity < 0.3
        ? 'no service deviates in a sustained way'
        : `${strongest} deviates (strength ${intensity.toFixed(2)})`,
      'sustained_anomaly',
    );
    const ongoing = [...services.values()].some((s) => s.ongoing && s.anomalyScore >= 0.5);
    if (!ongoing) ledger.add('metrics', 1.5, 'the symptoms have cleared', 'cleared');
    // Blips are short: a deviation only a few minutes old may still clear by itself.
    if (intensity >= 0.3 && onset !== null) {
      const age = context.windowEnd - onset;
      if (age < YOUNG_SECONDS) {
        ledger.add(
          'metrics',
          3 * (1 - Math.max(0, age) / YOUNG_SECONDS),
          `the deviation is only ${Math.round(Math.max(0, age))}s old`,
          'young_anomaly',
        );
      }
    }
    return ledger;
  }
}

function agreeingAgents(ledger: Ledger): number {
  const agents = new Set<string>();
  for (const entry of ledger.entries) {
    if (
      (entry.log_lr ?? 0) >= 0.5 &&
      (entry.agent === 'metrics' || entry.agent === 'logs' || entry.agent === 'deploy')
    ) {
      agents.add(entry.agent);
    }
  }
  return agents.size;
}

function patternsNaming(findings: readonly Finding[]): Map<string, LogPatternFinding[]> {
  const out = new Map<string, LogPatternFinding[]>();
  for (const f of findings) {
    if (f.kind !== 'log_pattern') continue;
    for (const target of f.mentions) {
      const list = out.get(target) ?? [];
      list.push(f);
      out.set(target, list);
    }
  }
  return out;
}

/** The root and every anomalous service its failure reaches. */
function blastRadius(root: string, graph: DependencyGraph, context: ReasoningContext): string[] {
  const reached = graph.ancestors(root);
  const affected = [root, ...[...reached].filter((s) => context.anomalous.has(s))];
  return affected;
}

/**
 * Healthy callers of affected services: where the failure goes next. Those whose own
 * saturation forecast crosses a limit within the hour come first, soonest first.
 */
function atRisk(blast: readonly string[], graph: DependencyGraph, context: ReasoningContext): string[] {
  const affected = new Set(blast);
  const next = new Set<string>();
  for (const service of blast) {
    for (const caller of graph.callers(service)) {
      if (!affected.has(caller) && !context.anomalous.has(caller)) next.add(caller);
    }
  }
  const exhaustion = (service: string): number => {
    let soonest = Number.POSITIVE_INFINITY;
    for (const a of context.services.get(service)?.anomalies ?? []) {
      if (a.seconds_to_exhaustion !== undefined && a.seconds_to_exhaustion <= 3600)
        soonest = Math.min(soonest, a.seconds_to_exhaustion);
    }
    return soonest;
  };
  return [...next].sort((a, b) => exhaustion(a) - exhaustion(b));
}
