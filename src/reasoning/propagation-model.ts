import { formatDuration } from '../core/index.js';
import { clamp } from '../util/stats.js';
import type { Ledger } from './ledger.js';
import { onsetOf, type ReasoningContext } from './reasoning-context.js';
import { blameStrength, isExternal, type ServiceEvidence } from './service-evidence.js';

/**
 * Terms shared by every cause: does the candidate itself deviate, and does a failure of it
 * explain the other anomalies through the call graph (callee → caller), in time order?
 * `ownCause` (0..1) is how well the candidate's own evidence explains its symptoms; it
 * softens the "victim" penalty when a callee is also anomalous.
 */
export function addPropagationTerms(
  ledger: Ledger,
  candidate: ServiceEvidence,
  context: ReasoningContext,
  ownCause: number,
): void {
  const name = candidate.service;
  const external = isExternal(candidate);
  const blame = blameStrength(candidate);
  if (candidate.observed) {
    ledger.add(
      'metrics',
      3 * candidate.anomalyScore - 1.5,
      candidate.anomalyScore >= 0.5
        ? `${name} deviates from its own baseline (strength ${candidate.anomalyScore.toFixed(2)})`
        : `${name} shows little deviation of its own`,
      'own_anomaly',
    );
  } else if (external) {
    ledger.add(
      'logs',
      3 * blame - 1.5,
      `${name} has no telemetry; callers' errors point at it (strength ${blame.toFixed(2)})`,
      'inferred_anomaly',
    );
  } else {
    ledger.add('metrics', -1, `no telemetry for ${name}`, 'no_data');
  }
  if (candidate.logScore > 0.05) {
    ledger.add('logs', 1.5 * candidate.logScore, `${name} logs new or increased errors`, 'own_logs');
  }
  if (candidate.observed && blame > 0.05) {
    ledger.add(
      'logs',
      2 * blame * (0.3 + 0.7 * candidate.anomalyScore),
      `callers' errors name ${name} (${[...new Set(candidate.blamedBy.map((b) => b.service))].join(', ')})`,
      'blamed_by_callers',
    );
  }

  let total = 0;
  let explained = 0;
  let violations = 0;
  // The ledger names the first few only: keep those, count the rest.
  const early: string[] = [];
  const unexplained: string[] = [];
  let unexplainedCount = 0;
  const onset = onsetOf(context, name);
  for (const [service, score] of context.anomalous) {
    total += score;
    if (service === name) {
      explained += score;
      continue;
    }
    if (!context.reach.isAnomalousAncestor(service, name)) {
      if (++unexplainedCount <= 5) unexplained.push(service);
      continue;
    }
    explained += score;
    const other = context.services.get(service)?.onset;
    if (other !== null && other !== undefined && other < onset - context.toleranceSeconds) {
      violations += score;
      if (early.length < 3) early.push(`${service} (${formatDuration(onset - other)} earlier)`);
    }
  }
  if (total > 0) {
    const coverage = explained / total;
    ledger.add(
      'topology',
      4 * (coverage - 1) + (coverage > 0.99 && context.anomalous.size > 1 ? 0.5 : 0),
      unexplainedCount
        ? `cannot explain anomalies in ${unexplained.join(', ')}${unexplainedCount > 5 ? '…' : ''}`
        : `its failure reaches every anomalous service (${context.anomalous.size})`,
      'coverage',
    );
  }
  if (violations > 0) {
    ledger.add(
      'metrics',
      -1.5 * Math.min(violations, 3),
      `services it would explain started earlier: ${early.join(', ')}`,
      'onset_order',
    );
  }

  const victimOf = victimTest(name, onset, context);
  if (victimOf) {
    ledger.add(
      'topology',
      -2.5 * victimOf.score * (1 - clamp(ownCause)),
      `its dependency ${victimOf.service} is anomalous too, starting no later`,
      'anomalous_dependency',
    );
  }
  let blamesOthers = 0;
  for (const edge of candidate.blames) blamesOthers = Math.max(blamesOthers, edge.share);
  if (blamesOthers > 0.2) {
    ledger.add(
      'logs',
      -2 * blamesOthers * (1 - clamp(ownCause)),
      `its own errors name ${[...new Set(candidate.blames.map((b) => b.target))].join(', ')}`,
      'blames_dependency',
    );
  }
}

/**
 * The victim test: an anomalous dependency that started no later is a better explanation.
 * The strongest such dependency; among equally strong ones, the first a traversal of the
 * call graph meets (as `DependencyGraph.descendants` orders them).
 */
function victimTest(
  name: string,
  onset: number,
  context: ReasoningContext,
): { service: string; score: number } | undefined {
  let victimOf: { service: string; score: number } | undefined;
  let tied = false;
  for (const callee of context.reach.anomalousDescendants(name)) {
    const score = context.anomalous.get(callee);
    if (!score) continue;
    if (onsetOf(context, callee) > onset + context.toleranceSeconds) continue;
    if (!victimOf || score > victimOf.score) {
      victimOf = { service: callee, score };
      tied = false;
    } else if (score === victimOf.score) {
      tied = true;
    }
  }
  if (!tied) return victimOf;
  victimOf = undefined;
  for (const callee of context.graph.descendants(name)) {
    const score = context.anomalous.get(callee);
    if (!score) continue;
    if (onsetOf(context, callee) > onset + context.toleranceSeconds) continue;
    if (!victimOf || score > victimOf.score) victimOf = { service: callee, score };
  }
  return victimOf;
}
