import { type ClusterScore, scoreClusterInto, type TemplateCluster } from './template-cluster.js';

/**
 * The running best of a search for the template that fits a message best. One instance is
 * reused across searches (`start` resets it), so scoring allocates nothing.
 */
export class BestCluster {
  cluster: TemplateCluster | null = null;
  /** Positions where the best cluster agrees with the message. */
  equal = 0;
  private similarity = -1;
  private wildcards = -1;
  private readonly score: ClusterScore = { similarity: 0, wildcards: 0, equal: 0 };

  start(): this {
    this.cluster = null;
    this.equal = 0;
    this.similarity = -1;
    this.wildcards = -1;
    return this;
  }

  /**
   * Scores `cluster` and keeps it when it fits better: a higher similarity, then more
   * wildcards, then the older cluster (lower serial), so the order of offering does not
   * matter and the result is the one a scan in creation order would give.
   */
  offer(cluster: TemplateCluster, tokens: readonly string[]): void {
    const { similarity, wildcards, equal } = scoreClusterInto(cluster.tokens, tokens, this.score);
    const best = this.cluster;
    if (
      best === null ||
      similarity > this.similarity ||
      (similarity === this.similarity &&
        (wildcards > this.wildcards || (wildcards === this.wildcards && cluster.serial < best.serial)))
    ) {
      this.cluster = cluster;
      this.equal = equal;
      this.similarity = similarity;
      this.wildcards = wildcards;
    }
  }

  /** The best cluster if it reaches the similarity threshold, else null. */
  result(threshold: number): TemplateCluster | null {
    return this.cluster !== null && this.similarity >= threshold ? this.cluster : null;
  }
}

/** Scores every candidate: the best one reaching the threshold, or null. */
export function bestByScan(
  candidates: readonly TemplateCluster[],
  tokens: readonly string[],
  threshold: number,
  best: BestCluster = new BestCluster(),
): TemplateCluster | null {
  best.start();
  for (let i = 0; i < candidates.length; i++) best.offer(candidates[i], tokens);
  return best.result(threshold);
}
