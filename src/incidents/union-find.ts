/**
 * Disjoint sets over string ids (path compression, union by size). The incident manager
 * merges correlated alert clusters with it: indexes may keep an absorbed cluster's id, and
 * `find` leads them to the surviving one. Its state is plain JSON for snapshots.
 */
export interface UnionFindState {
  /** id → parent id; roots are absent. */
  parent: Record<string, string>;
  /** root id → number of ids in its set (only sets larger than one). */
  size: Record<string, number>;
}

export class UnionFind {
  private readonly parent = new Map<string, string>();
  private readonly size = new Map<string, number>();

  /** The representative of `id`'s set (`id` itself when it was never merged). */
  find(id: string): string {
    let root = id;
    for (let next = this.parent.get(root); next !== undefined; next = this.parent.get(root)) root = next;
    let node = id;
    while (node !== root) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  /**
   * Joins the sets of `a` and `b` and returns the new representative: the larger set's root,
   * or `a`'s root on a tie (so the caller can choose by argument order).
   */
  union(a: string, b: string): string {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA === rootB) return rootA;
    const sizeA = this.sizeOf(rootA);
    const sizeB = this.sizeOf(rootB);
    const [root, child] = sizeB > sizeA ? [rootB, rootA] : [rootA, rootB];
    this.parent.set(child, root);
    this.size.set(root, sizeA + sizeB);
    this.size.delete(child);
    return root;
  }

  /** Joins `other`'s set under `root`'s representative, whatever the sizes. */
  absorb(root: string, other: string): string {
    const keep = this.find(root);
    const child = this.find(other);
    if (keep === child) return keep;
    this.parent.set(child, keep);
    this.size.set(keep, this.sizeOf(keep) + this.sizeOf(child));
    this.size.delete(child);
    return keep;
  }

  /** Drops these ids (a whole set being evicted): later `find`s treat them as unknown roots. */
  forget(ids: Iterable<string>): void {
    for (const id of ids) {
      this.parent.delete(id);
      this.size.delete(id);
    }
  }

  /** How many ids are tracked as merged (for memory accounting in tests). */
  get trackedCount(): number {
    return this.parent.size;
  }

  toJSON(): UnionFindState {
    return { parent: Object.fromEntries(this.parent), size: Object.fromEntries(this.size) };
  }

  static fromJSON(state: UnionFindState): UnionFind {
    const uf = new UnionFind();
    for (const [id, parent] of Object.entries(state.parent)) uf.parent.set(id, parent);
    for (const [id, size] of Object.entries(state.size)) uf.size.set(id, size);
    return uf;
  }

  private sizeOf(root: string): number {
    return this.size.get(root) ?? 1;
  }
}
