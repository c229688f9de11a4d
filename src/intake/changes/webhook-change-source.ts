/**
 * A ChangeSource fed by the changes webhook: it keeps the changes posted to it in memory,
 * in time order, at most `maxChanges` of them (the oldest go first). Every change has an id
 * (the payload parser derives one when the sender gave none); posting a change whose id is
 * already held replaces it, so retries and corrections never duplicate a change.
 */
import { failure, noData, type Outcome, ok } from '../../core/outcome.js';
import type { ChangeQuery, ChangeSource, QueryContext } from '../../core/ports.js';
import type { ChangeEvent } from '../../core/telemetry.js';
import { describeChangeQuery, selectChanges } from './select-changes.js';

export interface WebhookChangeSourceOptions {
  id?: string;
  /** Changes kept; default 10 000. */
  maxChanges?: number;
}

export interface RecordResult {
  added: number;
  replaced: number;
  evicted: number;
}

export class WebhookChangeSource implements ChangeSource {
  readonly id: string;
  private readonly maxChanges: number;
  /** Sorted by timestamp, oldest first. */
  private readonly timeline: ChangeEvent[] = [];
  private readonly byId = new Map<string, ChangeEvent>();
  private received = false;

  constructor(options: WebhookChangeSourceOptions = {}) {
    this.id = options.id ?? 'webhook-changes';
    this.maxChanges = Math.max(1, Math.floor(options.maxChanges ?? 10_000));
  }

  get size(): number {
    return this.timeline.length;
  }

  /** Stores posted changes; a change without an id is stored as is, never deduplicated. */
  record(changes: readonly ChangeEvent[]): RecordResult {
    const result: RecordResult = { added: 0, replaced: 0, evicted: 0 };
    for (const change of changes) {
      this.received = true;
      const previous = change.id === undefined ? undefined : this.byId.get(change.id);
      if (previous) {
        this.remove(previous);
        result.replaced += 1;
      } else {
        result.added += 1;
      }
      this.insert(change);
    }
    while (this.timeline.length > this.maxChanges) {
      const oldest = this.timeline.shift()!;
      if (oldest.id !== undefined && this.byId.get(oldest.id) === oldest) this.byId.delete(oldest.id);
      result.evicted += 1;
    }
    return result;
  }

  async changes(query: ChangeQuery, ctx: QueryContext): Promise<Outcome<ChangeEvent[]>> {
    const source = { connector: this.id, query: describeChangeQuery(query) };
    if (ctx.signal.aborted) return failure('deadline exceeded before the query ran', source, true);
    // Nothing posted yet says nothing about the world; after that, an empty window is an answer.
    if (!this.received) return noData(source);
    return ok(selectChanges(this.timeline, query), source);
  }

  private insert(change: ChangeEvent): void {
    const at = upperBound(this.timeline, change.timestamp);
    this.timeline.splice(at, 0, change);
    if (change.id !== undefined) this.byId.set(change.id, change);
  }

  private remove(change: ChangeEvent): void {
    const index = this.timeline.indexOf(change);
    if (index >= 0) this.timeline.splice(index, 1);
    if (change.id !== undefined) this.byId.delete(change.id);
  }
}

/** The first index whose timestamp is after `timestamp` (keeps arrival order among equals). */
function upperBound(timeline: readonly ChangeEvent[], timestamp: number): number {
  let low = 0;
  let high = timeline.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (timeline[mid].timestamp <= timestamp) low = mid + 1;
    else high = mid;
  }
  return low;
}
