import { type BestCluster, bestByScan } from './cluster-match.js';
import { WILDCARD } from './mask-variables.js';
import type { TemplateCluster } from './template-cluster.js';

/**
 * The clusters filed under one key: most keys (the words of free text) have one cluster,
 * kept as is; a set is made for the second one. That keeps a table of thousands of free-text
 * templates small.
 */
type Filed = TemplateCluster | Set<TemplateCluster>;

/** The clusters filed under one position of the leaf's templates. */
interface PositionIndex {
  /** Whole tokens (words, and `<*>`, which agrees with a masked `<*>` in the message). */
  exact: Map<string, Filed>;
  /**
   * Partly variable tokens (`user=<*>`, `blk_<*>`), by the first character of the text
   * before their first `<*>` ('' when they start with it): a message token can only fit
   * one if it starts with that character.
   */
  partial: Map<string, Filed>;
}

let lookupSerial = 0;

/**
 * An inverted index over the clusters of one prefix-tree leaf (all of one token count):
 * position -> template token -> clusters. Finding the best template for a message then
 * costs the clusters that share rare tokens with it, not every cluster of the leaf; a leaf
 * where free text piles up thousands of templates stays cheap.
 *
 * The result is exactly the one a full scan gives. A cluster's similarity counts the
 * positions where it agrees with the message: its token equals the message's, or is partly
 * variable and fits it. To reach the threshold a cluster must agree in `needed` of the
 * `length` positions, so it agrees in at least one of any `length - needed + 1` positions:
 * the index scores only the clusters filed under the rarest such positions.
 */
export class LeafIndex {
  private readonly positions: PositionIndex[] = [];
  /** The tokens each cluster is filed under (its tokens change when it generalizes). */
  private readonly filed = new Map<TemplateCluster, string[]>();

  constructor(clusters: Iterable<TemplateCluster>) {
    for (const cluster of clusters) this.add(cluster);
  }

  add(cluster: TemplateCluster): void {
    const tokens = cluster.tokens;
    for (let i = 0; i < tokens.length; i++) {
      let position = this.positions[i];
      if (position === undefined) {
        position = { exact: new Map(), partial: new Map() };
        this.positions[i] = position;
      }
      const [map, key] = fileKey(position, tokens[i]);
      const filed = map.get(key);
      if (filed === undefined) map.set(key, cluster);
      else if (filed instanceof Set) filed.add(cluster);
      else if (filed !== cluster) map.set(key, new Set([filed, cluster]));
    }
    this.filed.set(cluster, [...tokens]);
  }

  remove(cluster: TemplateCluster): void {
    const tokens = this.filed.get(cluster);
    if (tokens === undefined) return;
    this.filed.delete(cluster);
    for (let i = 0; i < tokens.length; i++) {
      const [map, key] = fileKey(this.positions[i], tokens[i]);
      const filed = map.get(key);
      if (filed === cluster) map.delete(key);
      else if (filed instanceof Set && filed.delete(cluster) && filed.size === 1) {
        map.set(key, filed.values().next().value as TemplateCluster);
      }
    }
  }

  /** Re-files a cluster whose tokens changed. */
  update(cluster: TemplateCluster): void {
    this.remove(cluster);
    this.add(cluster);
  }

  /**
   * The best cluster for `tokens` reaching `threshold`, or null (see the class comment).
   * `all` is the leaf's clusters, for the cases where nothing can be skipped.
   *
   * Positions are probed rarest first. Once a cluster agrees in `e` positions, only a
   * cluster agreeing in `e` or more can beat or tie it, and such a cluster shows up within
   * `length - e + 1` probed positions: a message that fits its template well is settled
   * after one or two small sets.
   */
  best(
    tokens: readonly string[],
    threshold: number,
    all: readonly TemplateCluster[],
    best: BestCluster,
  ): TemplateCluster | null {
    const length = tokens.length;
    // With no positive threshold every cluster qualifies, so nothing can be skipped.
    if (length === 0 || !(threshold > 0) || length > this.positions.length) {
      return bestByScan(all, tokens, threshold, best);
    }
    best.start();
    let probes = length - equalPositionsNeeded(length, threshold) + 1;
    // A position where no cluster can agree is probed at no cost.
    let probed = this.gather(tokens);
    const serial = ++lookupSerial;
    const sizes = this.sizes;
    while (probed < probes) {
      let at = -1;
      for (let i = 0; i < length; i++) {
        if (sizes[i] > 0 && (at < 0 || sizes[i] < sizes[at])) at = i;
      }
      if (at < 0) break;
      sizes[at] = 0;
      offerAll(this.exactAt[at], tokens, serial, best);
      offerAll(this.openAt[at], tokens, serial, best);
      offerAll(this.framedAt[at], tokens, serial, best);
      probed++;
      if (best.cluster !== null) probes = Math.min(probes, length - best.equal + 1);
    }
    return best.result(threshold);
  }

  /**
   * Looks up, for every position, the clusters that may agree with the message there (kept
   * in the scratch arrays); returns how many positions have none.
   */
  private gather(tokens: readonly string[]): number {
    let empty = 0;
    for (let i = 0; i < tokens.length; i++) {
      const { exact, partial } = this.positions[i];
      const token = tokens[i];
      const equal = exact.get(token);
      let size = sizeOf(equal);
      let open: Filed | undefined;
      let framed: Filed | undefined;
      if (partial.size > 0) {
        open = partial.get('');
        framed = token.length > 0 ? partial.get(token[0]) : undefined;
        size += sizeOf(open) + sizeOf(framed);
      }
      this.exactAt[i] = equal;
      this.openAt[i] = open;
      this.framedAt[i] = framed;
      this.sizes[i] = size;
      if (size === 0) empty++;
    }
    return empty;
  }

  // Scratch of `best`, per position: clusters that may agree there, and how many.
  private readonly sizes: number[] = [];
  private readonly exactAt: Array<Filed | undefined> = [];
  private readonly openAt: Array<Filed | undefined> = [];
  private readonly framedAt: Array<Filed | undefined> = [];
}

function sizeOf(filed: Filed | undefined): number {
  if (filed === undefined) return 0;
  return filed instanceof Set ? filed.size : 1;
}

/** Scores the filed clusters not scored yet in this lookup. */
function offerAll(
  filed: Filed | undefined,
  tokens: readonly string[],
  serial: number,
  best: BestCluster,
): void {
  if (filed === undefined) return;
  if (!(filed instanceof Set)) {
    offerOnce(filed, tokens, serial, best);
    return;
  }
  for (const cluster of filed) offerOnce(cluster, tokens, serial, best);
}

function offerOnce(
  cluster: TemplateCluster,
  tokens: readonly string[],
  serial: number,
  best: BestCluster,
): void {
  if (cluster.mark === serial) return;
  cluster.mark = serial;
  best.offer(cluster, tokens);
}

/** Where a template token is filed: its map and key. */
function fileKey(position: PositionIndex, token: string): [Map<string, Filed>, string] {
  if (token === WILDCARD || !token.includes(WILDCARD)) return [position.exact, token];
  return [position.partial, token.startsWith(WILDCARD) ? '' : token[0]];
}

/** The fewest agreeing positions giving `equal / length >= threshold` (length + 1 if none). */
function equalPositionsNeeded(length: number, threshold: number): number {
  let needed = Math.max(0, Math.ceil(threshold * length) - 1);
  while (needed <= length && needed / length < threshold) needed++;
  return needed;
}
