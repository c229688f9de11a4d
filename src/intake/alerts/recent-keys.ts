/**
 * An in-memory, bounded memory of intake keys seen recently, for servers without a store
 * of their own: the first delivery of a key is fresh, retries within the TTL are duplicates.
 */

export interface RecentIntakeKeysOptions {
  /** How long a key is remembered, seconds. Default one day. */
  ttl_s?: number;
  /** Most keys remembered; the oldest are forgotten first. Default 10 000. */
  max_keys?: number;
  /** Epoch seconds. */
  now?: () => number;
}

export class RecentIntakeKeys {
  private readonly seen = new Map<string, number>();
  private readonly ttl: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(options: RecentIntakeKeysOptions = {}) {
    this.ttl = options.ttl_s ?? 86_400;
    this.max = options.max_keys ?? 10_000;
    this.now = options.now ?? (() => Date.now() / 1000);
  }

  /** True the first time a key is offered (or once its memory expired); remembers it. */
  claim(key: string): boolean {
    const now = this.now();
    const at = this.seen.get(key);
    if (at !== undefined && now - at < this.ttl) return false;
    this.seen.delete(key);
    this.seen.set(key, now);
    while (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value as string);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
