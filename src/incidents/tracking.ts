/**
 * Bounded memory for what the manager remembers per alert: a map kept in least-recently
 * touched order, so forgetting the oldest entries (past retention, or over the cap) walks
 * from the front and stops at the first one still needed.
 */
export class TouchOrderedMap<V extends { touched: number }> {
  private readonly entries = new Map<string, V>();

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Stores `value` as the most recently touched entry. */
  set(key: string, value: V, now: number): void {
    value.touched = now;
    this.entries.delete(key);
    this.entries.set(key, value);
  }

  touch(key: string, now: number): void {
    const value = this.entries.get(key);
    if (value) this.set(key, value, now);
  }

  /**
   * Forgets entries untouched since `before`, and the oldest ones beyond `cap`. `keep` may
   * spare an expired entry (it is touched at `now` instead); entries over the cap always go.
   * `onForget` sees each forgotten entry.
   */
  prune(
    before: number,
    cap: number,
    now: number,
    keep: (value: V) => boolean,
    onForget: (key: string, value: V) => void,
  ): void {
    let spared = 0;
    for (const [key, value] of this.entries) {
      const overCap = this.entries.size > cap;
      const expired = value.touched < before;
      if (!overCap && !expired) break;
      if (!overCap && keep(value)) {
        this.set(key, value, now);
        if (++spared >= this.entries.size) break;
        continue;
      }
      this.entries.delete(key);
      onForget(key, value);
    }
  }

  toJSON(): Array<[string, V]> {
    return [...this.entries];
  }

  static fromJSON<V extends { touched: number }>(entries: Array<[string, V]>): TouchOrderedMap<V> {
    const map = new TouchOrderedMap<V>();
    for (const [key, value] of entries) map.entries.set(key, value);
    return map;
  }

  values(): IterableIterator<V> {
    return this.entries.values();
  }
}
