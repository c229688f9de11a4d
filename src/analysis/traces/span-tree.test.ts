import { describe, expect, it } from 'vitest';
import type { Span } from '../../core/telemetry.js';
import { buildSpanTree } from './span-tree.js';

function span(span_id: string, parent: string | null, start = 0, service = 'svc'): Span {
  return {
    trace_id: 't',
    span_id,
    parent_span_id: parent,
    service,
    operation: 'op',
    start,
    duration_ms: 1,
    status: 'ok',
  };
}

function parentIds(tree: ReturnType<typeof buildSpanTree>): Record<string, string | null> {
  return Object.fromEntries(
    tree.spans.map((s, i) => [s.span_id, tree.parent[i] < 0 ? null : tree.spans[tree.parent[i]].span_id]),
  );
}

describe('buildSpanTree', () => {
  it('links children to parents and measures depth, whatever the input order', () => {
    const tree = buildSpanTree('t', [span('c', 'b'), span('b', 'a'), span('a', null)]);
    expect(parentIds(tree)).toEqual({ a: null, b: 'a', c: 'b' });
    expect(tree.depth).toEqual([2, 1, 0]);
  });

  it('makes a span with a missing or self-referencing parent a root', () => {
    const tree = buildSpanTree('t', [span('a', 'gone'), span('b', 'b'), span('c', 'a')]);
    expect(parentIds(tree)).toEqual({ a: null, b: null, c: 'a' });
  });

  it('breaks a parent cycle at its earliest span and keeps every span', () => {
    // x -> y -> z -> x, with w hanging below z: no root at all.
    const tree = buildSpanTree('t', [
      span('x', 'z', 5),
      span('y', 'x', 3),
      span('z', 'y', 9),
      span('w', 'z', 1),
    ]);
    expect(parentIds(tree)).toEqual({ y: null, z: 'y', x: 'z', w: 'z' });
    expect(tree.spans).toHaveLength(4);
  });

  it('keeps the first copy of a duplicated span id', () => {
    const tree = buildSpanTree('t', [span('a', null, 1), { ...span('a', null, 2), service: 'other' }]);
    expect(tree.spans).toHaveLength(1);
    expect(tree.spans[0].service).toBe('svc');
  });

  it('ignores start times for structure (clock skew: child before parent)', () => {
    const tree = buildSpanTree('t', [span('p', null, 100), span('c', 'p', 99.5)]);
    expect(parentIds(tree)).toEqual({ p: null, c: 'p' });
  });
});
