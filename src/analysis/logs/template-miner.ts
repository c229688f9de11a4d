import { PrefixTree } from './prefix-tree.js';
import { stableHash } from './stable-hash.js';
import {
  absorbStatistics,
  generalize,
  recordTime,
  refreshTemplate,
  subsumes,
  type TemplateCluster,
} from './template-cluster.js';
import { TimeBuckets } from './time-buckets.js';
import { DEFAULT_MAX_TOKENS, tokenizeMessage } from './tokenize-message.js';

/** Frozen: the miner hands out one object per template version. */
export interface TemplateMatch {
  readonly id: string;
  /** The template, with `<*>` for variables. */
  readonly template: string;
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
/** Lookups remembered while the tree does not change (streams repeat a few token lists). */
const MAX_REMEMBERED = 8192;
/** Token lists longer than this (as a key) are looked up afresh. */
const MAX_REMEMBERED_KEY = 1024;

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
 * Speed: a message is compared only with the templates of its tree leaf that share its
 * rarest tokens (an inverted index per leaf, see `LeafIndex`), and a token list seen before
 * goes straight to its template while that part of the tree is unchanged; the recency
 * order is a linked list. Thousands of live templates cost about as much as a few.
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
  /** Live clusters by id. */
  private readonly clusters = new Map<string, TemplateCluster>();
  private readonly aliases = new Map<string, string>();
  private serial = 0;
  /** Ends of the recency list (a linked list through the clusters: O(1) per line). */
  private oldest: TemplateCluster | null = null;
  private newest: TemplateCluster | null = null;
  /** Masked token list -> the cluster it went to, valid while its tree version stays. */
  private readonly remembered = new Map<string, { cluster: TemplateCluster; version: number }>();

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
    // Tokens hold no spaces, so the joined list identifies them (and equals a template text).
    const key = tokens.join(' ');
    let cluster = this.lookup(tokens, key);
    if (!cluster) {
      cluster = this.create(tokens);
    } else if (cluster.template !== key && generalize(cluster.tokens, tokens)) {
      refreshTemplate(cluster);
      this.tree.update(cluster);
      cluster = this.mergeNearDuplicates(cluster);
    }
    cluster.count++;
    recordTime(cluster, timestamp, this.bucketSeconds);
    this.touch(cluster);
    return cluster.match;
  }

  /** Finds the template a message belongs to without learning anything; null if none fits. */
  match(message: string): TemplateMatch | null {
    const tokens = tokenizeMessage(message, this.maxTokens);
    return this.tree.bestMatch(tokens, false, this.threshold)?.match ?? null;
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
      if (cluster) return cluster.match;
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
    for (let cluster = this.oldest; cluster !== null; cluster = cluster.newer) {
      const windows = new Map<number, number>();
      const buckets = [...cluster.buckets.entries()].sort((a, b) => a[0] - b[0]);
      for (const [start, count] of buckets) {
        const window = Math.floor(start / windowSeconds) * windowSeconds;
        windows.set(window, (windows.get(window) ?? 0) + count);
      }
      result.set(cluster.id, windows);
    }
    return result;
  }

  /**
   * The cluster a message joins, if any: the best fit of its tree leaf, else a covering
   * template elsewhere. The answer depends only on the tokens and the tree, so it is
   * remembered until the tree changes; a stream that repeats its events skips the search.
   */
  private lookup(tokens: readonly string[], key: string): TemplateCluster | null {
    const remember = key.length <= MAX_REMEMBERED_KEY;
    const version = this.tree.versionOf(tokens.length);
    if (remember) {
      const known = this.remembered.get(key);
      if (known !== undefined && known.version === version) return known.cluster;
    }
    const cluster = this.tree.bestMatch(tokens, true, this.threshold) ?? this.findCovering(tokens);
    // The search may have grown the tree (a new path); only an unchanged tree keeps answers.
    if (cluster && remember && version === this.tree.versionOf(tokens.length)) {
      if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
      this.remembered.set(key, { cluster, version });
    }
    return cluster;
  }

  /**
   * A same-length template elsewhere in the tree that already covers the message. The tree
   * routes by leading words, so a template generalized at those positions lives in another
   * branch; reusing it avoids a duplicate. Runs only when the message's own branch failed.
   */
  private findCovering(tokens: readonly string[]): TemplateCluster | null {
    for (const cluster of this.tree.clustersOfLength(tokens.length, MAX_DUPLICATE_SCAN)) {
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
      buckets: new TimeBuckets(this.maxBuckets),
      match: Object.freeze({ id, template }),
      older: null,
      newer: null,
      mark: 0,
    };
    this.clusters.set(id, cluster);
    this.link(cluster);
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
    // The clusters to scan are taken before merging changes the tree.
    for (const other of this.tree.clustersOfLength(cluster.tokens.length, MAX_DUPLICATE_SCAN)) {
      // A cluster merged away earlier in this loop (the one that generalized, when an older
      // template covered it) must not be merged, and counted, a second time.
      if (other === survivor || this.clusters.get(other.id) !== other) continue;
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
    refreshTemplate(keep);
    this.tree.update(keep);
    absorbStatistics(keep, drop);
    this.forget(drop);
    this.aliases.set(drop.id, keep.id);
    // Aliases only help callers holding recent ids; keep them as bounded as the templates.
    if (this.aliases.size > this.maxTemplates) {
      const oldest = this.aliases.keys().next().value;
      if (oldest !== undefined) this.aliases.delete(oldest);
    }
    return keep;
  }

  /** Moves a cluster to the young end of the recency list. */
  private touch(cluster: TemplateCluster): void {
    if (this.newest === cluster) return;
    this.unlink(cluster);
    this.link(cluster);
  }

  private link(cluster: TemplateCluster): void {
    cluster.older = this.newest;
    cluster.newer = null;
    if (this.newest) this.newest.newer = cluster;
    else this.oldest = cluster;
    this.newest = cluster;
  }

  private unlink(cluster: TemplateCluster): void {
    if (cluster.older) cluster.older.newer = cluster.newer;
    else this.oldest = cluster.newer;
    if (cluster.newer) cluster.newer.older = cluster.older;
    else this.newest = cluster.older;
    cluster.older = null;
    cluster.newer = null;
  }

  private evictLeastRecentlyUsed(protectedCluster: TemplateCluster): void {
    for (let cluster = this.oldest; cluster !== null; cluster = cluster.newer) {
      if (cluster === protectedCluster) continue;
      this.forget(cluster);
      return;
    }
  }

  private forget(cluster: TemplateCluster): void {
    this.unlink(cluster);
    this.clusters.delete(cluster.id);
    this.tree.remove(cluster);
  }
}

function clampNumber(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}
