import { describe, expect, it } from 'vitest';
import { UnionFind } from './union-find.js';

describe('UnionFind', () => {
  it('joins sets, keeps the larger root, and survives a JSON round trip', () => {
    const uf = new UnionFind();
    expect(uf.find('a')).toBe('a');
    expect(uf.union('a', 'b')).toBe('a');
    expect(uf.union('c', 'a')).toBe('a'); // {a,b} is larger than {c}
    uf.union('d', 'e');
    expect(uf.find('b')).toBe('a');
    expect(uf.find('e')).toBe('d');
    expect(uf.absorb('d', 'c')).toBe('d');
    const copy = UnionFind.fromJSON(JSON.parse(JSON.stringify(uf.toJSON())));
    for (const id of ['a', 'b', 'c', 'd', 'e']) expect(copy.find(id)).toBe('d');
    copy.forget(['a', 'b', 'c', 'd', 'e']);
    expect(copy.find('b')).toBe('b');
    expect(copy.trackedCount).toBe(0);
  });

  it('compresses long chains', () => {
    const uf = new UnionFind();
    for (let i = 1; i < 10_000; i++) uf.absorb(`n${i}`, `n${i - 1}`);
    expect(uf.find('n0')).toBe('n9999');
    expect(uf.toJSON().parent.n0).toBe('n9999');
  });
});
