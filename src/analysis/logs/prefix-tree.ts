import { BestCluster, bestByScan } from './cluster-match.js';
import { LeafIndex } from './leaf-index.js';
import { WILDCARD } from './mask-variables.js';
import type { TemplateCluster } from './template-cluster.js';

interface TreeNode {
  key: string;
  parent: TreeNode | null;
  children: Map<string, TreeNode>;
  /** In creation order. */
  clusters: TemplateCluster[];
  /** Built once the node holds `INDEX_FROM` clusters; below that a scan is cheaper. */
  index: LeafIndex | null;
}

const INDEX_FROM = 12;

const HAS_DIGIT_OR_WILDCARD = /[0-9]|<\*>/;

/** Tokens with digits are routed as variables, so ids at the front of a line do not fan out. */
function routeKey(token: string): string {
  return HAS_DIGIT_OR_WILDCARD.test(token) ? WILDCARD : token;
}

function newNode(key: string, parent: TreeNode | null): TreeNode {
  return { key, parent, children: new Map(), clusters: [], index: null };
}

/**
 * Drain's fixed-depth prefix tree: the first level splits by token count, the next
 * `levels` levels by the leading tokens. A node has at most `maxChildren` word children;
 * further words share the wildcard child, so a variable first word cannot grow the tree
 * without bound. Empty branches are pruned when their last cluster leaves.
 */
export class PrefixTree {
  private readonly roots = new Map<number, TreeNode>();
  private readonly leafOf = new Map<TemplateCluster, TreeNode>();
  private readonly best = new BestCluster();
  /**
   * Per token count, bumped by every change that can alter a lookup of that many tokens: a
   * node, cluster or template added, changed or removed. A lookup only ever sees clusters of
   * its own token count, so equal tokens and an equal version give equal answers.
   */
  private readonly versions: number[] = [];

  constructor(
    private readonly levels: number,
    private readonly maxChildren: number,
  ) {}

  /** The version of the lookups of messages with `length` tokens. */
  versionOf(length: number): number {
    return this.versions[length] ?? 0;
  }

  /**
   * The cluster of the message's leaf that fits it best, if it reaches `threshold`
   * (learning creates the path). Ties go to the older cluster.
   */
  bestMatch(tokens: readonly string[], create: boolean, threshold: number): TemplateCluster | null {
    const leaf = this.leaf(tokens, create);
    if (!leaf) return null;
    return leaf.index
      ? leaf.index.best(tokens, threshold, leaf.clusters, this.best)
      : bestByScan(leaf.clusters, tokens, threshold, this.best);
  }

  /** Up to `max` clusters with this many tokens, in a fixed order (for near-duplicate merging). */
  clustersOfLength(length: number, max: number): TemplateCluster[] {
    const found: TemplateCluster[] = [];
    const root = this.roots.get(length);
    if (!root) return found;
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const cluster of node.clusters) {
        if (found.push(cluster) >= max) return found;
      }
      for (const child of node.children.values()) stack.push(child);
    }
    return found;
  }

  insert(cluster: TemplateCluster): void {
    this.changed(cluster.tokens.length);
    const leaf = this.leaf(cluster.tokens, true)!;
    leaf.clusters.push(cluster);
    this.leafOf.set(cluster, leaf);
    if (leaf.index) leaf.index.add(cluster);
    else if (leaf.clusters.length >= INDEX_FROM) leaf.index = new LeafIndex(leaf.clusters);
  }

  /** Call after a cluster's tokens changed (it stays in the leaf of its first tokens). */
  update(cluster: TemplateCluster): void {
    this.changed(cluster.tokens.length);
    this.leafOf.get(cluster)?.index?.update(cluster);
  }

  remove(cluster: TemplateCluster): void {
    this.changed(cluster.tokens.length);
    const leaf = this.leafOf.get(cluster);
    if (!leaf) return;
    this.leafOf.delete(cluster);
    const at = leaf.clusters.indexOf(cluster);
    if (at >= 0) leaf.clusters.splice(at, 1);
    leaf.index?.remove(cluster);
    let node: TreeNode | null = leaf;
    while (node && node.clusters.length === 0 && node.children.size === 0) {
      const parent: TreeNode | null = node.parent;
      if (parent) parent.children.delete(node.key);
      else this.roots.delete(Number(node.key));
      node = parent;
    }
  }

  private changed(length: number): void {
    this.versions[length] = (this.versions[length] ?? 0) + 1;
  }

  private leaf(tokens: readonly string[], create: boolean): TreeNode | undefined {
    let root = this.roots.get(tokens.length);
    if (!root) {
      if (!create) return undefined;
      root = newNode(String(tokens.length), null);
      this.changed(tokens.length);
      this.roots.set(tokens.length, root);
    }
    let node: TreeNode = root;
    const depth = Math.min(this.levels, tokens.length);
    for (let level = 0; level < depth; level++) {
      const key = routeKey(tokens[level]);
      let child: TreeNode | undefined = node.children.get(key) ?? node.children.get(WILDCARD);
      if (!create) {
        if (!child) return undefined;
      } else if (!child || (child.key !== key && node.children.size < this.maxChildren)) {
        const slot = node.children.size < this.maxChildren ? key : WILDCARD;
        child = node.children.get(slot);
        if (!child) {
          child = newNode(slot, node);
          node.children.set(slot, child);
          this.changed(tokens.length);
        }
      }
      node = child;
    }
    return node;
  }
}
