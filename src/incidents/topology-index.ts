/**
 * What the incident manager needs from the service topology: which services lie within
 * `max_hops` dependency edges of a service (either direction, cycles allowed), and how deep
 * each service sits in the call graph (callers shallow, callees deep), to pick the most
 * upstream alert of a cascade as an incident's primary. Cycles share one depth (strongly
 * connected components are condensed first). Services outside the topology have no
 * neighbours and depth -1.
 */
import type { Topology } from '../core/telemetry.js';

export class TopologyIndex {
  private readonly adjacency = new Map<string, Set<string>>();
  private readonly callees = new Map<string, Set<string>>();
  private readonly neighbourhoods = new Map<string, readonly string[]>();
  private depths?: Map<string, number>;

  constructor(
    topology: Topology | undefined,
    private readonly maxHops: number,
  ) {
    for (const service of topology?.services ?? []) this.node(service.name);
    for (const { from, to } of topology?.dependencies ?? []) {
      this.node(from).add(to);
      this.node(to).add(from);
      if (from !== to) this.callees.get(from)!.add(to);
    }
  }

  has(service: string): boolean {
    return this.adjacency.has(service);
  }

  /** The services within max_hops of `service`, itself included; empty when it is not in the topology. */
  neighbours(service: string): readonly string[] {
    const cached = this.neighbourhoods.get(service);
    if (cached) return cached;
    if (!this.adjacency.has(service)) return [];
    const seen = new Set([service]);
    let frontier = [service];
    for (let hop = 0; hop < this.maxHops && frontier.length > 0; hop++) {
      const next: string[] = [];
      for (const node of frontier) {
        for (const neighbour of this.adjacency.get(node)!) {
          if (seen.has(neighbour)) continue;
          seen.add(neighbour);
          next.push(neighbour);
        }
      }
      frontier = next;
    }
    const result = [...seen];
    this.neighbourhoods.set(service, result);
    return result;
  }

  /** Longest caller chain above the service (0 for entry points); -1 outside the topology. */
  depth(service: string): number {
    this.depths ??= this.computeDepths();
    return this.depths.get(service) ?? -1;
  }

  private node(name: string): Set<string> {
    let set = this.adjacency.get(name);
    if (!set) {
      set = new Set();
      this.adjacency.set(name, set);
      this.callees.set(name, new Set());
    }
    return set;
  }

  /** Tarjan's SCCs (iterative), then longest path over the condensed DAG in topological order. */
  private computeDepths(): Map<string, number> {
    const { component, count } = this.stronglyConnectedComponents();
    const edges = Array.from({ length: count }, () => new Set<number>());
    const indegree = new Array<number>(count).fill(0);
    for (const [from, targets] of this.callees) {
      for (const to of targets) {
        const a = component.get(from)!;
        const b = component.get(to)!;
        if (a !== b && !edges[a].has(b)) {
          edges[a].add(b);
          indegree[b]++;
        }
      }
    }
    const depthOf = new Array<number>(count).fill(0);
    const queue = [...indegree.keys()].filter((c) => indegree[c] === 0);
    for (let head = 0; head < queue.length; head++) {
      const c = queue[head];
      for (const next of edges[c]) {
        depthOf[next] = Math.max(depthOf[next], depthOf[c] + 1);
        if (--indegree[next] === 0) queue.push(next);
      }
    }
    const depths = new Map<string, number>();
    for (const [service, c] of component) depths.set(service, depthOf[c]);
    return depths;
  }

  private stronglyConnectedComponents(): { component: Map<string, number>; count: number } {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const component = new Map<string, number>();
    let counter = 0;
    let components = 0;
    for (const start of this.callees.keys()) {
      if (index.has(start)) continue;
      const work: Array<{ node: string; edges: Iterator<string> }> = [];
      const visit = (node: string) => {
        index.set(node, counter);
        low.set(node, counter++);
        stack.push(node);
        onStack.add(node);
        work.push({ node, edges: this.callees.get(node)!.values() });
      };
      visit(start);
      while (work.length > 0) {
        const frame = work[work.length - 1];
        const step = frame.edges.next();
        if (!step.done) {
          const next = step.value;
          if (!index.has(next)) visit(next);
          else if (onStack.has(next)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(next)!));
          continue;
        }
        work.pop();
        if (work.length > 0) {
          const parent = work[work.length - 1].node;
          low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
        }
        if (low.get(frame.node) === index.get(frame.node)) {
          let member: string;
          do {
            member = stack.pop()!;
            onStack.delete(member);
            component.set(member, components);
          } while (member !== frame.node);
          components++;
        }
      }
    }
    return { component, count: components };
  }
}
