/**
 * Similar-incident retrieval: past incidents whose fingerprint is close to this one's, best
 * first, and the evidence they give ("seen before: INC-123, rollback fixed it in 3m").
 * A past incident with a confirmed root cause supports that (service, cause) in the new
 * one; when afr had blamed something else there, that blame is contradicted. The weight is
 * modest and capped: history breaks ties between plausible hypotheses, it does not outvote
 * the evidence of the incident at hand.
 */
import { formatDuration } from '../core/index.js';
import type { Precedent } from '../reasoning/causal-engine.js';
import type { IncidentFingerprint } from './fingerprint.js';
import type { ConfirmedRootCause, LearningRecord } from './learning-record.js';
import { fingerprintSimilarity, weightedJaccard } from './similarity.js';

export interface SimilarIncident {
  record: LearningRecord;
  /** 0..1. */
  similarity: number;
}

export interface SimilarityOptions {
  /** Least similarity to count as "seen before" (default SIMILARITY_THRESHOLD). */
  threshold?: number;
  /** At most this many, best first (default 3). */
  limit?: number;
  /** Leave this incident out (it is the one being investigated). */
  exclude?: string;
}

/**
 * Least similarity to count as "seen before": on 112 simulated incidents, 81% of recurrences
 * (same fault, same service) reach it, and 0.3% of pairs of different faults do.
 */
export const SIMILARITY_THRESHOLD = 0.65;
/**
 * A past root cause counts only if that service misbehaves the same way now: weighted
 * Jaccard of its own metric signature and templates, then and now, at least this. A fault
 * that touches every service alike (a traffic surge) otherwise lends its past root cause
 * to a different service's surge: the gate keeps 92% of right-service precedents and drops
 * half of the wrong-service ones.
 */
export const SIGNATURE_GATE = 0.5;
/**
 * Log-likelihood ratio of one identical past incident, by who confirmed its root cause: a
 * human or the ground truth weighs more than afr's own conclusion borne out by a verified
 * action (which must not simply reinforce itself). Scaled by similarity. Sized so that a
 * human's correction of a recurring incident can overturn a moderately confident error
 * (on the simulator's memory-leak-after-deploy seeds 10 and 30 the wrong cause led by 2.6).
 */
export const PRECEDENT_LOG_LR: Record<ConfirmedRootCause['by'], number> = {
  human_override: 2,
  ground_truth: 2,
  verified_action: 1,
};
/** Cap of the total precedent weight on one (service, cause), either way. */
export const PRECEDENT_CAP = 3;

export function findSimilar(
  fingerprint: IncidentFingerprint,
  records: Iterable<LearningRecord>,
  options: SimilarityOptions = {},
): SimilarIncident[] {
  const threshold = options.threshold ?? SIMILARITY_THRESHOLD;
  const out: SimilarIncident[] = [];
  for (const record of records) {
    if (record.incident_id === options.exclude) continue;
    const similarity = fingerprintSimilarity(fingerprint, record.fingerprint);
    if (similarity >= threshold) out.push({ record, similarity });
  }
  return out
    .sort((a, b) => b.similarity - a.similarity || b.record.created_at - a.record.created_at)
    .slice(0, options.limit ?? 3);
}

/**
 * Evidence for the reasoning engine from similar incidents with a confirmed root cause,
 * for services that misbehave now as they did then (`now`: this incident's fingerprint).
 */
export function precedentsFrom(similar: readonly SimilarIncident[], now: IncidentFingerprint): Precedent[] {
  const out: Precedent[] = [];
  for (const { record, similarity } of similar) {
    const truth = record.confirmed;
    if (!truth || truth === 'false_alarm') continue;
    const recurs = (service: string) =>
      weightedJaccard(signatureOf(record.fingerprint, service), signatureOf(now, service)) >= SIGNATURE_GATE;
    const weight = PRECEDENT_LOG_LR[truth.by] * similarity;
    if (recurs(truth.service)) {
      out.push({
        service: truth.service,
        cause: truth.cause,
        log_lr: weight,
        summary: seenBefore(record, similarity),
      });
    }
    const blamed = record.proposed;
    const wrong = blamed && (blamed.service !== truth.service || blamed.cause !== truth.cause);
    if (blamed && wrong && recurs(blamed.service)) {
      out.push({
        service: blamed.service,
        cause: blamed.cause,
        log_lr: -weight,
        summary: `seen before: ${record.incident_id} (${pct(similarity)} alike) was first blamed on ${words(blamed.cause)} on ${blamed.service}, but the root cause was ${words(truth.cause)} on ${truth.service}`,
      });
    }
  }
  return capped(out);
}

/** "seen before: INC-123 (92% alike): config change on payment; config_revert fixed it in 3m". */
export function seenBefore(record: LearningRecord, similarity: number): string {
  const truth = record.confirmed;
  const what =
    truth && truth !== 'false_alarm' ? `${words(truth.cause)} on ${truth.service}` : 'a false alarm';
  const how = record.fixed_by
    ? `; ${record.fixed_by} fixed it${record.mttr_s !== null ? ` in ${formatDuration(record.mttr_s)}` : ''}`
    : '';
  const source =
    truth && truth !== 'false_alarm' && truth.by !== 'verified_action'
      ? ` (${truth.by === 'human_override' ? 'named by a human' : 'ground truth'})`
      : '';
  return `seen before: ${record.incident_id} (${pct(similarity)} alike): ${what}${source}${how}`;
}

/** A service's own metric signature and templates. */
function signatureOf(fp: IncidentFingerprint, service: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const facet of ['metrics', 'templates'] as const) {
    for (const [key, weight] of Object.entries(fp[facet])) {
      if (key.startsWith(`${service}|`)) out[`${facet}:${key}`] = weight;
    }
  }
  return out;
}

function capped(precedents: Precedent[]): Precedent[] {
  const totals = new Map<string, number>();
  for (const p of precedents) totals.set(keyOf(p), (totals.get(keyOf(p)) ?? 0) + p.log_lr);
  return precedents.map((p) => {
    const total = Math.abs(totals.get(keyOf(p)) ?? 0);
    return total > PRECEDENT_CAP ? { ...p, log_lr: (p.log_lr * PRECEDENT_CAP) / total } : p;
  });
}

function keyOf(p: Precedent): string {
  return `${p.service}|${p.cause}`;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function words(snake: string): string {
  return snake.replace(/_/g, ' ');
}
