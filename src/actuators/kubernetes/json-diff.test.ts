/** The merge patches and previews follow RFC 7386 (JSON Merge Patch). */
import { describe, expect, it } from 'vitest';
import { fieldDiff, mergePatchBetween } from './json-diff.js';
import { applyMergePatch } from './kube-fake-cluster.js';

describe('mergePatchBetween', () => {
  it('removes absent keys with null, replaces arrays whole and recurses into objects', () => {
    const from = { a: { b: 1, c: 2 }, list: [1, 2], gone: 'x', same: { k: 'v' } };
    const to = { a: { b: 1, c: 3, d: 4 }, list: [2], same: { k: 'v' } };
    const patch = mergePatchBetween(from, to);
    expect(patch).toEqual({ gone: null, a: { c: 3, d: 4 }, list: [2] });
    expect(applyMergePatch(from, patch)).toEqual(to);
  });

  it('is empty between equal objects', () => {
    expect(mergePatchBetween({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual({});
  });
});

describe('fieldDiff', () => {
  it('lists changed leaves, containers by name, absent sides as (none)', () => {
    const before = {
      spec: {
        containers: [
          { name: 'app', image: 'a:1' },
          { name: 'proxy', image: 'p:1' },
        ],
      },
    };
    const after = {
      spec: {
        containers: [
          { name: 'app', image: 'a:2' },
          { name: 'proxy', image: 'p:1' },
        ],
      },
      x: 1,
    };
    expect(fieldDiff(before, after)).toEqual(['spec.containers[app].image: a:1 → a:2', 'x: (none) → 1']);
  });
});
