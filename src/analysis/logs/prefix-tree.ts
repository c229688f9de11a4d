import { WILDCARD } from './mask-variables.js';
import type { TemplateCluster } from './template-cluster.js';

interface TreeNode {
  key: string;
  parent: TreeNode | null;
  children: Map<string, TreeNode>;
  clusters: TemplateCluster[];
}

const HAS_DIGIT_OR_WILDCARD = /[0-9]|<\*>/;

/** Tokens with digits are routed as variables, so ids at the front of a line do not fan out. */
function routeKey(token: string): string {
  return HAS_DIGIT_OR_WILDCARD.test(token) ? WILDCARD : token;
}

function newNode(key: string, parent: TreeNode | null): TreeNode {
  return { key, parent, children: new Map(), clusters: [] };
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

  constructor(
    private readonly levels: number,
    private readonly maxChildren: number,
  ) {}

  /** Clusters that may hold a message with these tokens (learning creates the path). */
  candidates(tokens: readonly string[], create: boolean): TemplateCluster[] {
    return this.leaf(tokens, create)?.clusters ?? [];
  }

  /** Every cluster with this many tokens (for near-duplicate merging). */
  *clustersOfLength(length: number): Generator<TemplateCluster> {
    const root = this.roots.get(length);
    if (!root) return;
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      yield* node.clusters;
      for (const child of node.children.values()) stack.push(child);
    }
  }

  insert(cluster: TemplateCluster): void {
    const leaf = this.leaf(cluster.tokens, true)!;
    leaf.clusters.push(cluster);
    this.leafOf.set(cluster, leaf);
  }

  remove(cluster: TemplateCluster): void {
    const leaf = this.leafOf.get(cluster);
    if (!leaf) return;
    this.leafOf.delete(cluster);
    const at = leaf.clusters.indexOf(cluster);
    if (at >= 0) leaf.clusters.splice(at, 1);
    let node: TreeNode | null = leaf;
    while (node && node.clusters.length === 0 && node.children.size === 0) {
      const parent: TreeNode | null = node.parent;
      if (parent) parent.children.delete(node.key);
      else this.roots.delete(Number(node.key));
      node = parent;
    }
  }

  private leaf(tokens: readonly string[], create: boolean): TreeNode | undefined {
    let root = this.roots.get(tokens.length);
    if (!root) {
      if (!create) return undefined;
      root = newNode(String(tokens.length), null);
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
        child = node.children.get(slot) ?? newNode(slot, node);
        node.children.set(slot, child);
      }
      node = child;
    }
    return node;
  }
}
