/**
 * One trace's spans as a tree. Real trace data is messy, so the tree is built defensively:
 * a duplicated span id keeps its first copy, a span whose parent is missing (not sampled,
 * still in flight, dropped) becomes a root, a span that names itself as parent is a root,
 * and a parent cycle is broken at its earliest-starting member (spans hanging below the
 * cycle stay below it). Start times are not used
 * for structure, so clock skew (a child "starting" before its parent) changes nothing.
 */
import type { Span } from '../../core/telemetry.js';

export interface SpanTree {
  trace_id: string;
  /** Unique by span id, in input order. */
  spans: Span[];
  /** Index of each span's effective parent in `spans`; -1 for a root. */
  parent: number[];
  /** Tree children of each span (indexes into `spans`). */
  children: number[][];
  /** Distance from the span's root (roots are 0). */
  depth: number[];
}

/** Builds the tree of one trace's spans in O(n) (plus a small sort per parent cycle). */
export function buildSpanTree(traceId: string, input: readonly Span[]): SpanTree {
  const indexOf = new Map<string, number>();
  const spans: Span[] = [];
  for (const span of input) {
    if (indexOf.has(span.span_id)) continue;
    indexOf.set(span.span_id, spans.length);
    spans.push(span);
  }
  const n = spans.length;
  // Declared children as linked lists (first child, next sibling), in input order.
  const declaredParent = new Int32Array(n).fill(-1);
  const firstChild = new Int32Array(n).fill(-1);
  const lastChild = new Int32Array(n).fill(-1);
  const nextSibling = new Int32Array(n).fill(-1);
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const parentId = spans[i].parent_span_id;
    const p = parentId && parentId !== spans[i].span_id ? indexOf.get(parentId) : undefined;
    if (p === undefined) {
      roots.push(i);
      continue;
    }
    declaredParent[i] = p;
    if (lastChild[p] < 0) firstChild[p] = i;
    else nextSibling[lastChild[p]] = i;
    lastChild[p] = i;
  }

  const parent: number[] = new Array(n).fill(-1);
  const depth: number[] = new Array(n).fill(-1);
  const children: number[][] = new Array(n);
  for (let i = 0; i < n; i++) children[i] = [];
  const queue = new Int32Array(n);
  const walk = (root: number) => {
    depth[root] = 0;
    let tail = 0;
    queue[tail++] = root;
    for (let head = 0; head < tail; head++) {
      const at = queue[head];
      for (let child = firstChild[at]; child >= 0; child = nextSibling[child]) {
        if (depth[child] !== -1) continue;
        depth[child] = depth[at] + 1;
        parent[child] = at;
        children[at].push(child);
        queue[tail++] = child;
      }
    }
  };
  for (const root of roots) walk(root);

  // Whatever is still unvisited leads up into a parent cycle: root each cycle at its
  // earliest member, which brings in everything hanging below it.
  for (let i = 0; i < n; i++) {
    if (depth[i] === -1) walk(earliestInCycle(i, declaredParent, spans));
  }

  return { trace_id: traceId, spans, parent, children, depth };
}

/** Follows parents up from `from` (which has no root above it) and picks the cycle's earliest member. */
function earliestInCycle(from: number, declaredParent: Int32Array, spans: Span[]): number {
  const onPath = new Set<number>();
  let at = from;
  while (!onPath.has(at)) {
    onPath.add(at);
    at = declaredParent[at];
  }
  let best = at;
  for (let member = declaredParent[at]; member !== at; member = declaredParent[member]) {
    const a = spans[member];
    const b = spans[best];
    if (a.start < b.start || (a.start === b.start && a.span_id < b.span_id)) best = member;
  }
  return best;
}
