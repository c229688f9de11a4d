import type { Finding, Topology } from '../core/index.js';

export type EdgeProvenance = 'topology' | 'logs' | 'traces';

export interface GraphEdge {
  from: string;
  to: string;
  provenance: EdgeProvenance[];
  /** 1 for declared topology; lower for edges only the evidence shows. */
  weight: number;
}

const PROVENANCE_WEIGHT: Record<EdgeProvenance, number> = { topology: 1, traces: 0.8, logs: 0.6 };

/**
 * Who calls whom: `from → to` means `from` calls `to`, so a failure of `to` can surface in
 * `from`. Built from the topology and from evidence (log and trace edges); each edge keeps
 * its provenance. Cycles are allowed; traversals visit each node once.
 */
export class DependencyGraph {
  private readonly nodeSet = new Set<string>();
  private readonly out = new Map<string, Map<string, GraphEdge>>();
  private readonly in = new Map<string, Map<string, GraphEdge>>();
  private readonly ancestorCache = new Map<string, Set<string>>();

  static fromEvidence(topology: Topology | undefined, findings: readonly Finding[]): DependencyGraph {
    const graph = new DependencyGraph();
    for (const node of topology?.services ?? []) graph.addNode(node.name);
    for (const dep of topology?.dependencies ?? []) graph.addEdge(dep.from, dep.to, 'topology');
    for (const f of findings) {
      if (f.kind === 'dependency_error' && f.service) graph.addEdge(f.service, f.target, f.via);
    }
    return graph;
  }

  addNode(name: string): void {
    this.nodeSet.add(name);
  }

  addEdge(from: string, to: string, provenance: EdgeProvenance): void {
    if (from === to) return;
    this.addNode(from);
    this.addNode(to);
    this.ancestorCache.clear();
    let edges = this.out.get(from);
    if (!edges) {
      edges = new Map();
      this.out.set(from, edges);
    }
    const existing = edges.get(to);
    if (existing) {
      if (!existing.provenance.includes(provenance)) existing.provenance.push(provenance);
      existing.weight = Math.max(existing.weight, PROVENANCE_WEIGHT[provenance]);
      return;
    }
    const edge: GraphEdge = { from, to, provenance: [provenance], weight: PROVENANCE_WEIGHT[provenance] };
    edges.set(to, edge);
    let incoming = this.in.get(to);
    if (!incoming) {
      incoming = new Map();
      this.in.set(to, incoming);
    }
    incoming.set(from, edge);
  }

  get nodes(): string[] {
    return [...this.nodeSet];
  }

  has(node: string): boolean {
    return this.nodeSet.has(node);
  }

  edges(): GraphEdge[] {
    return [...this.out.values()].flatMap((m) => [...m.values()]);
  }

  /** Calls `visit` for every edge, copying nothing (one pass over a large graph). */
  forEachEdge(visit: (from: string, to: string) => void): void {
    for (const [from, edges] of this.out) for (const to of edges.keys()) visit(from, to);
  }

  callees(node: string): string[] {
    return [...(this.out.get(node)?.keys() ?? [])];
  }

  callers(node: string): string[] {
    return [...(this.in.get(node)?.keys() ?? [])];
  }

  /** Every service that (transitively) calls `node`: where its failure can propagate. */
  ancestors(node: string): Set<string> {
    const cached = this.ancestorCache.get(node);
    if (cached) return cached;
    const seen = new Set<string>();
    const queue = [node];
    while (queue.length) {
      const current = queue.pop()!;
      for (const caller of this.in.get(current)?.keys() ?? []) {
        if (caller !== node && !seen.has(caller)) {
          seen.add(caller);
          queue.push(caller);
        }
      }
    }
    this.ancestorCache.set(node, seen);
    return seen;
  }

  /** Every service `node` (transitively) depends on. */
  descendants(node: string): Set<string> {
    const seen = new Set<string>();
    const queue = [node];
    while (queue.length) {
      const current = queue.pop()!;
      for (const callee of this.out.get(current)?.keys() ?? []) {
        if (callee !== node && !seen.has(callee)) {
          seen.add(callee);
          queue.push(callee);
        }
      }
    }
    return seen;
  }

  /** A shortest call path from `from` down to `to`, or null. */
  path(from: string, to: string): string[] | null {
    const previous = new Map<string, string>();
    const queue = [from];
    const seen = new Set([from]);
    while (queue.length) {
      const current = queue.shift()!;
      if (current === to) {
        const path = [to];
        let node = to;
        while (previous.has(node)) {
          node = previous.get(node)!;
          path.unshift(node);
        }
        return path;
      }
      for (const next of this.out.get(current)?.keys() ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          previous.set(next, current);
          queue.push(next);
        }
      }
    }
    return null;
  }
}
