import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/random.js';
import { BestCluster, bestByScan } from './cluster-match.js';
import { LeafIndex } from './leaf-index.js';
import type { TemplateCluster } from './template-cluster.js';
import { TimeBuckets } from './time-buckets.js';

const WORDS = [
  'start',
  'stop',
  'read',
  'db=orders',
  'db=<*>',
  '<*>',
  'user=<*>',
  'blk_<*>',
  '<*>.log',
  'a<*>b<*>c',
];
const MESSAGE_WORDS = [
  'start',
  'stop',
  'read',
  'db=orders',
  'db=pay',
  '<*>',
  'user=<*>',
  'user=bob',
  'blk_9',
  'x.log',
  'a1b2c',
  'ab',
];

function cluster(serial: number, tokens: string[]): TemplateCluster {
  const template = tokens.join(' ');
  return {
    id: `c${serial}`,
    serial,
    tokens,
    template,
    count: 0,
    first_seen: null,
    last_seen: null,
    buckets: new TimeBuckets(10),
    match: { id: `c${serial}`, template },
    older: null,
    newer: null,
    mark: 0,
  };
}

describe('LeafIndex', () => {
  it('finds exactly the cluster a full scan finds, partial wildcards and ties included', () => {
    const rng = new Rng(3);
    for (const length of [1, 2, 5, 9]) {
      const clusters = Array.from({ length: 300 }, (_, i) =>
        cluster(
          i,
          Array.from({ length }, () => rng.pick(WORDS)),
        ),
      );
      const index = new LeafIndex(clusters);
      // Generalize some clusters after indexing, as the miner does.
      for (const c of clusters.filter((_, i) => i % 7 === 0)) {
        c.tokens[rng.int(0, length - 1)] = rng.pick(WORDS);
        index.update(c);
      }
      for (let m = 0; m < 2000; m++) {
        const tokens = Array.from({ length }, () => rng.pick(MESSAGE_WORDS));
        for (const threshold of [0, 0.3, 0.5, 0.75, 1]) {
          const expected = bestByScan(clusters, tokens, threshold);
          expect(index.best(tokens, threshold, clusters, new BestCluster())).toBe(expected);
        }
      }
    }
  });

  it('forgets removed clusters', () => {
    const a = cluster(0, ['disk', 'full']);
    const b = cluster(1, ['disk', '<*>']);
    const index = new LeafIndex([a, b]);
    expect(index.best(['disk', 'full'], 0.5, [a, b], new BestCluster())).toBe(a);
    index.remove(a);
    expect(index.best(['disk', 'full'], 0.5, [b], new BestCluster())).toBe(b);
    index.remove(b);
    expect(index.best(['disk', 'full'], 0.5, [], new BestCluster())).toBeNull();
  });
});

describe('TimeBuckets', () => {
  it('counts per bucket, drops the bucket counted first beyond its cap, and merges', () => {
    const buckets = new TimeBuckets(3);
    for (const start of [0, 0, 60, 60, 60, 120, 0, 180, 240]) buckets.add(start);
    // 0 was counted first and went when 180 came; 60 went when 240 came.
    expect([...buckets.entries()]).toEqual([
      [120, 1],
      [180, 1],
      [240, 1],
    ]);
    const other = new TimeBuckets(3);
    other.add(60, 5);
    other.add(300, 2);
    buckets.absorb(other);
    // Over the cap after merging: the latest three by start stay.
    expect([...buckets.entries()]).toEqual([
      [180, 1],
      [240, 1],
      [300, 2],
    ]);
    buckets.add(300);
    expect(buckets.size).toBe(3);
    expect([...buckets.entries()].at(-1)).toEqual([300, 3]);
  });
});
