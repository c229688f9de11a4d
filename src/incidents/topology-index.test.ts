import { describe, expect, it } from 'vitest';
import { TopologyIndex } from './topology-index.js';

const deps = (edges: Array<[string, string]>) => ({
  services: [],
  dependencies: edges.map(([from, to]) => ({ from, to })),
});

describe('TopologyIndex', () => {
  it('finds services within max_hops along edges in either direction', () => {
    const index = new TopologyIndex(
      deps([
        ['web', 'api'],
        ['mobile', 'api'],
        ['api', 'db'],
        ['db', 'disk'],
      ]),
      2,
    );
    expect([...index.neighbours('web')].sort()).toEqual(['api', 'db', 'mobile', 'web']);
    expect([...index.neighbours('disk')].sort()).toEqual(['api', 'db', 'disk']);
    expect(index.neighbours('unknown')).toEqual([]);
    expect(new TopologyIndex(deps([['a', 'b']]), 0).neighbours('a')).toEqual(['a']);
  });

  it('ranks callees deeper than callers, cycles sharing a depth', () => {
    const index = new TopologyIndex(
      deps([
        ['edge', 'a'],
        ['a', 'b'],
        ['b', 'a'],
        ['b', 'store'],
        ['edge', 'store'],
        ['self', 'self'],
      ]),
      2,
    );
    expect(index.depth('edge')).toBe(0);
    expect(index.depth('a')).toBe(1);
    expect(index.depth('b')).toBe(1);
    expect(index.depth('store')).toBe(2);
    expect(index.depth('self')).toBe(0);
    expect(index.depth('nowhere')).toBe(-1);
  });

  it('handles a long chain without recursion limits', () => {
    const edges = Array.from({ length: 20_000 }, (_, i) => [`s${i}`, `s${i + 1}`] as [string, string]);
    const index = new TopologyIndex(deps(edges), 2);
    expect(index.depth('s20000')).toBe(20_000);
  });
});
