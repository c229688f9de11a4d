import { PrefixTree } from './prefix-tree.js';
import { stableHash } from './stable-hash.js';
import {
  absorbStatistics,
  generalize,
  recordTime,
  scoreCluster,
  subsumes,
  type TemplateCluster,
} from './template-cluster.js';
import { DEFAULT_MAX_TOKENS, tokenizeMessage } from './tokenize-message.js';

export interface TemplateMatch {
  id: string;
  /** The template, with `<*>` for variables. */
  template: string;
}

export interface TemplateInfo {
  id: string;
  template: string;
  count: number;
  first_seen: number | null;
  last_seen: number | null;
}

export interface TemplateMinerOptions {
  /** Share of equal tokens (0..1) a message needs to join a template. Default 0.5. */
  similarityThreshold?: number;
  /** Live templates kept; the least recently used one is evicted beyond. Default 5000. */
  maxTemplates?: number;
  /** Drain tree depth: root, token-count level, `depth - 3` leading-token levels, leaves. Default 4. */
  depth?: number;
  /** Word children per tree node before further words share the wildcard branch. Default 100. */
  maxChildren?: number;
  /** Tokens of a line that are templated; the rest is ignored. Default 128. */
  maxTokens?: number;
  /** Width in seconds of the time buckets kept per template for `countsByWindow`. Default 60. */
  bucketSeconds?: number;
  /** Buckets kept per template; older ones are dropped. Default 1440 (a day of minutes). */
  maxBucketsPerTemplate?: number;
}

// Scanning for near-duplicates happens only when a template changes; this caps its cost.
const MAX_DUPLICATE_SCAN = 2000;

/**
 * An online log template miner in the style of Drain (He et al., ICWS 2017), with regex
 * pre-masking, near-duplicate merging and bounded memory.
 *
 * Ids: a template's id is the FNV-1a hash of the template it had when it was created (a
 * `-2`, `-3` suffix resolves collisions). It does not change when the template generalizes
 * later, so ids returned earlier stay valid; the same input in the same order always gives
 * the same ids. When two templates merge, the older id survives and the other id stays
 * resolvable as an alias (see `resolve`).
 *
 * @example
 * const miner = new TemplateMiner();
 * miner.add('Connection from 10.0.0.1 closed');
 * miner.add('Connection from 10.0.0.2 closed').template; // 'Connection from <*> closed'
 */
export class TemplateMiner {
  private readonly threshold: number;
  private readonly maxTemplates: number;
  private readonly maxTokens: number;
  private readonly bucketSeconds: number;
  private readonly maxBuckets: number;
  private readonly tree: PrefixTree;
  /** Live clusters by id, least recently used first (Map insertion order). */
  private readonly clusters = new Map<string, TemplateCluster>();
  private readonly aliases = new Map<string, string>();
  private serial = 0;
  private lastTouched: TemplateCluster | null = null;

  constructor(options: TemplateMinerOptions = {}) {
    this.threshold = clampNumber(options.similarityThreshold, 0.5, 0, 1);
    this.maxTemplates = Math.floor(clampNumber(options.maxTemplates, 5000, 1, Number.MAX_SAFE_INTEGER));
    this.maxTokens = Math.floor(clampNumber(options.maxTokens, DEFAULT_MAX_TOKENS, 1, 100_000));
    this.bucketSeconds = clampNumber(options.bucketSeconds, 60, Number.MIN_VALUE, Number.MAX_VALUE);
    this.maxBuckets = Math.floor(
      clampNumber(options.maxBucketsPerTemplate, 1440, 1, Number.MAX_SAFE_INTEGER),
    );
    const depth = Math.floor(clampNumber(options.depth, 4, 4, 64));
    const maxChildren = Math.floor(clampNumber(options.maxChildren, 100, 1, Number.MAX_SAFE_INTEGER));
    this.tree = new PrefixTree(depth - 3, maxChildren);
  }

  /** Number of live templates. */
  get size(): number {
    return this.clusters.size;
  }

  /**
   * Learns one message (only its first line is templated) and returns its template.
   * `timestamp` (epoch seconds) feeds first/last seen and the per-window counts.
   */
  add(message: string, timestamp?: number): TemplateMatch {
    const tokens = tokenizeMessage(message, this.maxTokens);
    let cluster = this.bestMatch(this.tree.candidates(tokens, true), tokens) ?? this.findCovering(tokens);
    if (!cluster) {
      cluster = this.create(tokens);
    } else if (generalize(cluster.tokens, tokens)) {
      cluster.template = cluster.tokens.join(' ');
      cluster = this.mergeNearDuplicates(cluster);
    }
    cluster.count++;
    recordTime(cluster, timestamp, this.bucketSeconds, this.maxBuckets);
    this.touch(cluster);
    return { id: cluster.id, template: cluster.template };
  }

  /** Finds the template a message belongs to without learning anything; null if none fits. */
  match(message: string): TemplateMatch | null {
    const tokens = tokenizeMessage(message, this.maxTokens);
    const cluster = this.bestMatch(this.tree.candidates(tokens, false), tokens);
    return cluster ? { id: cluster.id, template: cluster.template } : null;
  }

  /** Live templates, most frequent first (ties: oldest first). */
  templates(): TemplateInfo[] {
    return [...this.clusters.values()]
      .sort((a, b) => b.count - a.count || a.serial - b.serial)
      .map(({ id, template, count, first_seen, last_seen }) => ({
        id,
        template,
        count,
        first_seen,
        last_seen,
      }));
  }

  /** The live template an id (or the id of a template merged into it) stands for. */
  resolve(id: string): TemplateMatch | null {
    let current = id;
    for (let hops = 0; hops < 64; hops++) {
      const cluster = this.clusters.get(current);
      if (cluster) return { id: cluster.id, template: cluster.template };
      const next = this.aliases.get(current);
      if (next === undefined) return null;
      current = next;
    }
    return null;
  }

  /**
   * Line counts per template per time window: template id -> window start (epoch seconds,
   * a multiple of `windowSeconds`) -> count. Only lines added with a timestamp count.
   * `windowSeconds` must be a whole multiple of the miner's `bucketSeconds`.
   */
  countsByWindow(windowSeconds: number): Map<string, Map<number, number>> {
    const ratio = windowSeconds / this.bucketSeconds;
    if (!Number.isFinite(ratio) || ratio < 1 || Math.abs(ratio - Math.round(ratio)) > 1e-9) {
      throw new RangeError(
        `countsByWindow: windowSeconds (${windowSeconds}) must be a positive multiple of bucketSeconds (${this.bucketSeconds})`,
      );
    }
    const result = new Map<string, Map<number, number>>();
    for (const cluster of this.clusters.values()) {
      const windows = new Map<number, number>();
      const starts = [...cluster.buckets.keys()].sort((a, b) => a - b);
      for (const start of starts) {
        const window = Math.floor(start / windowSeconds) * windowSeconds;
        windows.set(window, (windows.get(window) ?? 0) + cluster.buckets.get(start)!);
      }
      result.set(cluster.id, windows);
    }
    return result;
  }

  private bestMatch(
    candidates: readonly TemplateCluster[],
    tokens: readonly string[],
  ): TemplateCluster | null {
    let best: TemplateCluster | null = null;
    let bestSimilarity = -1;
    let bestWildcards = -1;
    for (const cluster of candidates) {
      const { similarity, wildcards } = scoreCluster(cluster.tokens, tokens);
      if (similarity > bestSimilarity || (similarity === bestSimilarity && wildcards > bestWildcards)) {
        best = cluster;
        bestSimilarity = similarity;
        bestWildcards = wildcards;
      }
    }
    return best && bestSimilarity >= this.threshold ? best : null;
  }

  /**
   * A same-length template elsewhere in the tree that already covers the message. The tree
   * routes by leading words, so a template generalized at those positions lives in another
   * branch; reusing it avoids a duplicate. Runs only when the message's own branch failed.
   */
  private findCovering(tokens: readonly string[]): TemplateCluster | null {
    let scanned = 0;
    for (const cluster of this.tree.clustersOfLength(tokens.length)) {
      if (++scanned > MAX_DUPLICATE_SCAN) break;
      if (subsumes(cluster.tokens, tokens, this.threshold)) return cluster;
    }
    return null;
  }

  private create(tokens: string[]): TemplateCluster {
    const template = tokens.join(' ');
    const base = stableHash(template);
    let id = base;
    for (let n = 2; this.clusters.has(id) || this.aliases.has(id); n++) id = `${base}-${n}`;
    const cluster: TemplateCluster = {
      id,
      serial: this.serial++,
      tokens: [...tokens],
      template,
      count: 0,
      first_seen: null,
      last_seen: null,
      buckets: new Map(),
    };
    this.clusters.set(id, cluster);
    this.tree.insert(cluster);
    while (this.clusters.size > this.maxTemplates) this.evictLeastRecentlyUsed(cluster);
    return cluster;
  }

  /**
   * After `cluster` generalized, folds every same-length template that it now covers (or
   * that covers it) into one; the older id survives. Returns the surviving cluster.
   */
  private mergeNearDuplicates(cluster: TemplateCluster): TemplateCluster {
    let survivor = cluster;
    let scanned = 0;
    for (const other of [...this.tree.clustersOfLength(cluster.tokens.length)]) {
      if (++scanned > MAX_DUPLICATE_SCAN) break;
      if (other === survivor) continue;
      if (subsumes(survivor.tokens, other.tokens, this.threshold))
        survivor = this.merge(survivor, other, survivor.tokens);
      else if (subsumes(other.tokens, survivor.tokens, this.threshold))
        survivor = this.merge(survivor, other, other.tokens);
    }
    return survivor;
  }

  /** Merges two clusters under the general template; the older one survives. */
  private merge(a: TemplateCluster, b: TemplateCluster, general: string[]): TemplateCluster {
    const [keep, drop] = a.serial <= b.serial ? [a, b] : [b, a];
    keep.tokens = [...general];
    keep.template = keep.tokens.join(' ');
    absorbStatistics(keep, drop, this.maxBuckets);
    this.forget(drop);
    this.aliases.set(drop.id, keep.id);
    // Aliases only help callers holding recent ids; keep them as bounded as the templates.
    if (this.aliases.size > this.maxTemplates) {
      const oldest = this.aliases.keys().next().value;
      if (oldest !== undefined) this.aliases.delete(oldest);
    }
    return keep;
  }

  private touch(cluster: TemplateCluster): void {
    // Re-inserting moves the cluster to the young end; streams repeat one template often.
    if (this.lastTouched === cluster) return;
    this.lastTouched = cluster;
    this.clusters.delete(cluster.id);
    this.clusters.set(cluster.id, cluster);
  }

  private evictLeastRecentlyUsed(protectedCluster: TemplateCluster): void {
    for (const cluster of this.clusters.values()) {
      if (cluster === protectedCluster) continue;
      this.forget(cluster);
      return;
    }
  }

  private forget(cluster: TemplateCluster): void {
    if (this.lastTouched === cluster) this.lastTouched = null;
    this.clusters.delete(cluster.id);
    this.tree.remove(cluster);
  }
}

function clampNumber(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}
