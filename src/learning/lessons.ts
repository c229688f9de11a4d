/**
 * What afr has learned so far, as one incident uses it: the priors for the reasoning engine,
 * the success model for the planner, and the similar past incidents with their evidence.
 * A snapshot: it does not change while the incident is handled.
 */
import type { Finding } from '../core/index.js';
import type { Precedent } from '../reasoning/causal-engine.js';
import type { CausePriors } from '../reasoning/priors.js';
import type { SuccessModel } from '../remediation/success-model.js';
import { fingerprintOf } from './fingerprint.js';
import { countLessons, type LearnedCounts, learnedPriors, learnedSuccessModel } from './learned-counts.js';
import type { LearningRecord } from './learning-record.js';
import {
  findSimilar,
  precedentsFrom,
  type SimilarIncident,
  type SimilarityOptions,
} from './similar-incidents.js';

export interface LessonsOptions {
  /** Dirichlet strength of the priors (default: priorsFromHistory's, 20). */
  priorStrength?: number;
  similarity?: Omit<SimilarityOptions, 'exclude'>;
}

export class Lessons {
  readonly counts: LearnedCounts;
  readonly priors: CausePriors;
  readonly successModel: SuccessModel;

  constructor(
    /** Newest first. */
    readonly records: readonly LearningRecord[],
    private readonly options: LessonsOptions = {},
  ) {
    this.counts = countLessons(records);
    this.priors = learnedPriors(this.counts, options.priorStrength);
    this.successModel = learnedSuccessModel(this.counts);
  }

  /** Past incidents like this one (never `incidentId` itself), best first. */
  similarTo(alertService: string, findings: readonly Finding[], incidentId?: string): SimilarIncident[] {
    return findSimilar(fingerprintOf(alertService, findings), this.records, {
      ...this.options.similarity,
      exclude: incidentId,
    });
  }

  /** Evidence from similar past incidents with a confirmed root cause. */
  precedentsFor(alertService: string, findings: readonly Finding[], incidentId?: string): Precedent[] {
    const now = fingerprintOf(alertService, findings);
    const similar = findSimilar(now, this.records, { ...this.options.similarity, exclude: incidentId });
    return precedentsFrom(similar, now);
  }
}
