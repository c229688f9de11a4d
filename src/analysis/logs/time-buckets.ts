/**
 * Line counts per time bucket of one template, at most `max` buckets: beyond that the bucket
 * counted first is dropped (the oldest, for streams in time order).
 *
 * Lines of a stream mostly fall into the bucket of the line before, so counts are gathered
 * in a pending bucket and written to the map when another bucket comes or the counts are
 * read: one comparison per line instead of two map operations. The first-counted order
 * lives in a queue beside the map, so dropping the oldest costs O(1) (a map's first key
 * after many deletions is not).
 */
export class TimeBuckets {
  private counts = new Map<number, number>();
  /** Bucket starts in first-counted order (the map's order), from `head` on. */
  private order: number[] = [];
  private head = 0;
  private pendingStart = 0;
  private pendingCount = 0;

  constructor(private readonly max: number) {}

  add(start: number, count = 1): void {
    if (this.pendingCount > 0) {
      if (start === this.pendingStart) {
        this.pendingCount += count;
        return;
      }
      this.flush();
    }
    this.pendingStart = start;
    this.pendingCount = count;
  }

  get size(): number {
    this.flush();
    return this.counts.size;
  }

  /** [bucket start, count] in first-counted order. */
  entries(): IterableIterator<[number, number]> {
    this.flush();
    return this.counts.entries();
  }

  /** Adds another template's buckets; beyond `max`, keeps the latest buckets by start. */
  absorb(from: TimeBuckets): void {
    this.flush();
    for (const [start, count] of from.entries()) this.put(start, count, false);
    if (this.counts.size > this.max) {
      const kept = [...this.counts.entries()].sort((a, b) => a[0] - b[0]).slice(-this.max);
      this.counts = new Map(kept);
      this.order = kept.map(([start]) => start);
      this.head = 0;
    }
  }

  private flush(): void {
    if (this.pendingCount === 0) return;
    const count = this.pendingCount;
    this.pendingCount = 0;
    this.put(this.pendingStart, count, true);
  }

  private put(start: number, count: number, dropOldest: boolean): void {
    const known = this.counts.get(start);
    this.counts.set(start, (known ?? 0) + count);
    if (known !== undefined) return;
    this.order.push(start);
    if (!dropOldest || this.counts.size <= this.max) return;
    this.counts.delete(this.order[this.head++]);
    if (this.head >= 64 && this.head * 2 >= this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }
}
