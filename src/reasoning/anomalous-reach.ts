import type { DependencyGraph } from './dependency-graph.js';

/**
 * Which anomalous services lie above (transitive callers) and below (transitive callees)
 * every service of the call graph, computed for all services at once: one bit set over the
 * anomalous services per strongly connected component (a cycle is one component), filled in
 * one pass down and one pass up. The propagation model asks this for every candidate root
 * cause against every anomalous service; a graph traversal per candidate costs O(candidates
 * × graph), these passes O(graph × anomalous / 32).
 *
 * It agrees with `DependencyGraph.ancestors` and `descendants` (a service is never its own
 * ancestor or descendant, cycles included). The graph must not change after construction.
 */
export class AnomalousReach {
  private readonly bit = new Map<string, number>();
  private readonly names: string[];
  private readonly words: number;
  private readonly id = new Map<string, number>();
  private readonly componentOf: Int32Array;
  /** Per component, `words` words: anomalous services its members reach downwards. */
  private readonly below: Uint32Array;
  /** Per component, `words` words: anomalous services that reach its members. */
  private readonly above: Uint32Array;

  constructor(graph: DependencyGraph, anomalous: Iterable<string>) {
    this.names = [...anomalous];
    this.names.forEach((name, i) => {
      this.bit.set(name, i);
    });
    this.words = Math.max(1, Math.ceil(this.names.length / 32));
    const nodes = graph.nodes;
    nodes.forEach((node, i) => {
      this.id.set(node, i);
    });
    const anomalousBit = new Int32Array(nodes.length).fill(-1);
    for (const [name, b] of this.bit) {
      const i = this.id.get(name);
      if (i !== undefined) anomalousBit[i] = b;
    }
    const fromList: number[] = [];
    const toList: number[] = [];
    graph.forEachEdge((caller, callee) => {
      fromList.push(this.id.get(caller)!);
      toList.push(this.id.get(callee)!);
    });
    const from = Int32Array.from(fromList);
    const to = Int32Array.from(toList);
    const callees = adjacency(nodes.length, from, to);
    const callers = adjacency(nodes.length, to, from);
    const { componentOf, count } = stronglyConnectedComponents(callees);
    this.componentOf = componentOf;
    const everyNode = new Int32Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) everyNode[i] = i;
    const members = adjacency(count, componentOf, everyNode);
    const spread = new Spread(members, componentOf, anomalousBit, this.words);
    // Components are numbered callees first: everything below a component is done before it.
    this.below = new Uint32Array(count * this.words);
    for (let c = 0; c < count; c++) spread.fill(c, callees, this.below);
    this.above = new Uint32Array(count * this.words);
    for (let c = count - 1; c >= 0; c--) spread.fill(c, callers, this.above);
  }

  /** `service` is anomalous and (transitively) calls `node`: in `graph.ancestors(node)`. */
  isAnomalousAncestor(service: string, node: string): boolean {
    const i = this.id.get(node);
    const b = this.bit.get(service);
    if (i === undefined || b === undefined || service === node) return false;
    return (this.above[this.componentOf[i] * this.words + (b >>> 5)] & (1 << (b & 31))) !== 0;
  }

  /** The anomalous services `node` (transitively) calls, in the order they were given. */
  anomalousDescendants(node: string): string[] {
    const i = this.id.get(node);
    if (i === undefined) return [];
    const base = this.componentOf[i] * this.words;
    const out: string[] = [];
    for (let w = 0; w < this.words; w++) {
      let word = this.below[base + w];
      while (word !== 0) {
        const low = word & -word;
        const name = this.names[w * 32 + (31 - Math.clz32(low))];
        if (name !== node) out.push(name);
        word ^= low;
      }
    }
    return out;
  }
}

/** Lists of integers per source (compressed rows): `targets(s)` is `list[start[s]..start[s+1])`. */
interface Adjacency {
  start: Int32Array;
  list: Int32Array;
}

function adjacency(size: number, sources: Int32Array, targets: Int32Array): Adjacency {
  const start = new Int32Array(size + 1);
  for (const s of sources) start[s + 1]++;
  for (let s = 0; s < size; s++) start[s + 1] += start[s];
  const next = start.slice(0, size);
  const list = new Int32Array(sources.length);
  for (let k = 0; k < sources.length; k++) list[next[sources[k]]++] = targets[k];
  return { start, list };
}

/** Fills one component's bit set from its neighbours' (callees or callers) sets. */
class Spread {
  constructor(
    private readonly members: Adjacency,
    private readonly componentOf: Int32Array,
    private readonly anomalousBit: Int32Array,
    private readonly words: number,
  ) {}

  /**
   * The anomalous neighbours of the component's members outside the component, and all they
   * reach (already filled); a cycle's members reach each other.
   */
  fill(c: number, neighbours: Adjacency, sets: Uint32Array): void {
    const { members, componentOf, words } = this;
    const base = c * words;
    const first = members.start[c];
    const end = members.start[c + 1];
    for (let m = first; m < end; m++) {
      const member = members.list[m];
      if (end - first > 1) this.mark(sets, base, member);
      for (let k = neighbours.start[member]; k < neighbours.start[member + 1]; k++) {
        const next = neighbours.list[k];
        const other = componentOf[next];
        if (other === c) continue;
        this.mark(sets, base, next);
        const from = other * words;
        for (let w = 0; w < words; w++) sets[base + w] |= sets[from + w];
      }
    }
  }

  private mark(sets: Uint32Array, base: number, node: number): void {
    const b = this.anomalousBit[node];
    if (b >= 0) sets[base + (b >>> 5)] |= 1 << (b & 31);
  }
}

/**
 * Tarjan's algorithm, iterative (deep call chains must not overflow the stack): each node's
 * component, numbered in reverse topological order (a component after every component it
 * calls into).
 */
function stronglyConnectedComponents(callees: Adjacency): { componentOf: Int32Array; count: number } {
  const size = callees.start.length - 1;
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const componentOf = new Int32Array(size).fill(-1);
  const stack = new Int32Array(size);
  const frames = new Int32Array(size);
  const nextEdge = new Int32Array(size);
  let stackTop = 0;
  let depth = 0;
  let counter = 0;
  let count = 0;
  const enter = (node: number) => {
    index[node] = low[node] = counter++;
    stack[stackTop++] = node;
    frames[depth++] = node;
    nextEdge[node] = callees.start[node];
  };
  for (let start = 0; start < size; start++) {
    if (index[start] >= 0) continue;
    enter(start);
    while (depth > 0) {
      const node = frames[depth - 1];
      if (nextEdge[node] < callees.start[node + 1]) {
        const callee = callees.list[nextEdge[node]++];
        if (index[callee] < 0) enter(callee);
        // Still on the stack: not yet assigned to a component.
        else if (componentOf[callee] < 0) low[node] = Math.min(low[node], index[callee]);
        continue;
      }
      depth--;
      if (depth > 0) low[frames[depth - 1]] = Math.min(low[frames[depth - 1]], low[node]);
      if (low[node] === index[node]) {
        let member: number;
        do {
          member = stack[--stackTop];
          componentOf[member] = count;
        } while (member !== node);
        count++;
      }
    }
  }
  return { componentOf, count };
}
