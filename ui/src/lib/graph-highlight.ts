/**
 * The dependency graph of an incident as nodes and edges with highlight classes: the root
 * cause, the blast radius, services at risk, the alerting service, and the propagation path
 * (the calls from the alerting service down to the root cause, along which the failure
 * travelled back up). Edges point from caller to callee, as in the topology.
 */
import type { Finding, Topology } from '../api/types.js';

export type NodeClass = 'root' | 'blast' | 'at-risk' | 'alerting' | 'path';
export type EdgeClass = 'path' | 'error';

export interface GraphNode {
  id: string;
  label: string;
  classes: NodeClass[];
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  classes: EdgeClass[];
}

export interface IncidentGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Service names from the alerting service to the root cause; empty when unknown. */
  path: string[];
}

export interface IncidentGraphInput {
  topology: Topology | null;
  findings: readonly Finding[];
  rootService: string | null;
  alertService: string | null;
  blastRadius: readonly string[];
  atRisk: readonly string[];
}

/**
 * The shortest chain of calls from `from` to `to` (both included) over `edges`, using only
 * services `allowed` accepts; empty when there is none.
 */
export function callPath(
  edges: readonly { source: string; target: string }[],
  from: string,
  to: string,
  allowed: (service: string) => boolean = () => true,
): string[] {
  if (from === to) return [from];
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.source) ?? [];
    list.push(e.target);
    next.set(e.source, list);
  }
  const previous = new Map<string, string>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length) {
    const current = queue.shift()!;
    for (const n of next.get(current) ?? []) {
      if (seen.has(n) || !(n === to || allowed(n))) continue;
      seen.add(n);
      previous.set(n, current);
      if (n === to) {
        const path = [to];
        while (path[0] !== from) path.unshift(previous.get(path[0])!);
        return path;
      }
      queue.push(n);
    }
  }
  return [];
}

export function incidentGraph(input: IncidentGraphInput): IncidentGraph {
  const names = new Set<string>();
  const edges = new Map<string, GraphEdge>();
  const addEdge = (source: string, target: string, cls?: EdgeClass) => {
    if (source === target) return;
    names.add(source);
    names.add(target);
    const id = `${source}->${target}`;
    const edge = edges.get(id) ?? { id, source, target, classes: [] };
    if (cls && !edge.classes.includes(cls)) edge.classes.push(cls);
    edges.set(id, edge);
  };
  for (const s of input.topology?.services ?? []) names.add(s.name);
  for (const d of input.topology?.dependencies ?? []) addEdge(d.from, d.to);
  // Errors seen in one service that name another: an edge even when the topology lacks it.
  for (const f of input.findings) {
    if (f.kind === 'dependency_error' && f.service) addEdge(f.service, f.target, 'error');
  }
  for (const s of [input.rootService, input.alertService, ...input.blastRadius, ...input.atRisk]) {
    if (s) names.add(s);
  }

  const blast = new Set(input.blastRadius);
  let path: string[] = [];
  if (input.rootService && input.alertService) {
    const list = [...edges.values()];
    path = callPath(list, input.alertService, input.rootService, (s) => blast.has(s));
    if (path.length === 0) path = callPath(list, input.alertService, input.rootService);
  }
  for (let i = 1; i < path.length; i++) edges.get(`${path[i - 1]}->${path[i]}`)?.classes.push('path');

  const onPath = new Set(path);
  const atRisk = new Set(input.atRisk);
  const nodes = [...names].sort().map((id): GraphNode => {
    const classes: NodeClass[] = [];
    if (id === input.rootService) classes.push('root');
    if (blast.has(id)) classes.push('blast');
    if (atRisk.has(id)) classes.push('at-risk');
    if (id === input.alertService) classes.push('alerting');
    if (onPath.has(id)) classes.push('path');
    return { id, label: id, classes };
  });
  return { nodes, edges: [...edges.values()], path };
}
