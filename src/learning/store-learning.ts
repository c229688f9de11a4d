/**
 * The learning model, kept in step with the store: afr learns from what the store already
 * persists about each incident (its report, actions and audit entries), so every replica,
 * every restart and every later human decision contributes, with no second copy to keep
 * consistent. Each `lessons()` call costs one listing of the recent window plus three reads
 * per incident that changed since the last call (its summary changed, or a correction was
 * audited): O(window) rows, not O(history).
 */
import type { IncidentSummary, Store } from '../store/store.js';
import { auditHead } from './audit-head.js';
import { CORRECTION_ACTIONS } from './corrections.js';
import { type LearningRecord, learningRecordOf } from './learning-record.js';
import { Lessons, type LessonsOptions } from './lessons.js';

export interface StoreLearningOptions extends LessonsOptions {
  /** Learn from the most recent this many incidents (default 1000). */
  window?: number;
}

export const DEFAULT_LEARNING_WINDOW = 1000;
const AUDIT_PAGE = 500;

interface Cached {
  version: string;
  record: LearningRecord | null;
}

export class StoreLearning {
  private readonly cache = new Map<string, Cached>();
  /** Audit entries up to this seq have been taken into account; undefined before the first sync. */
  private auditCursor: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly store: Store,
    private readonly options: StoreLearningOptions = {},
  ) {
    const window = options.window ?? DEFAULT_LEARNING_WINDOW;
    if (!Number.isInteger(window) || window < 1)
      throw new RangeError(`learning window: expected a positive integer, got ${window}`);
  }

  /** What afr has learned up to now. Calls run one at a time. */
  lessons(): Promise<Lessons> {
    const next = this.queue.catch(() => undefined).then(() => this.sync());
    this.queue = next;
    return next;
  }

  private async sync(): Promise<Lessons> {
    const corrected = new Set<string>();
    if (this.auditCursor === undefined) {
      // Everything is read fresh below: only entries after this point can be missed.
      this.auditCursor = await auditHead(this.store);
    } else {
      this.auditCursor = await this.readCorrections(this.auditCursor, corrected);
    }
    const summaries = await this.store.listIncidents({
      limit: this.options.window ?? DEFAULT_LEARNING_WINDOW,
    });
    const records: LearningRecord[] = [];
    const current = new Set<string>();
    for (const summary of summaries) {
      current.add(summary.id);
      const version = versionOf(summary);
      let cached = this.cache.get(summary.id);
      if (!cached || cached.version !== version || corrected.has(summary.id)) {
        cached = { version, record: await this.derive(summary) };
        this.cache.set(summary.id, cached);
      }
      if (cached.record) records.push(cached.record);
    }
    for (const id of this.cache.keys()) if (!current.has(id)) this.cache.delete(id);
    return new Lessons(records, this.options);
  }

  /** Incidents with a correction audited after `cursor`; returns the new cursor. */
  private async readCorrections(cursor: number, into: Set<string>): Promise<number> {
    let seq = cursor;
    for (;;) {
      const page = await this.store.listAudit({ after_seq: seq, limit: AUDIT_PAGE });
      for (const entry of page) {
        if (entry.incident_id && CORRECTION_ACTIONS.has(entry.action)) into.add(entry.incident_id);
        seq = Math.max(seq, entry.seq);
      }
      if (page.length < AUDIT_PAGE) return seq;
    }
  }

  private async derive(summary: IncidentSummary): Promise<LearningRecord | null> {
    const [report, actions, audit] = await Promise.all([
      this.store.getReport(summary.id),
      this.store.getActions(summary.id),
      this.store.listAudit({ incident_id: summary.id }),
    ]);
    // Still being investigated: learned once its report is saved (the summary changes then).
    if (!report) return null;
    return learningRecordOf({ summary, report, actions, audit });
  }
}

/** Changes whenever the incident's state, decision, outcome or root cause does. */
function versionOf(s: IncidentSummary): string {
  return [s.state, s.updated_at, s.decision, s.mttr_s, s.confidence, s.root_cause_service, s.cause].join('|');
}

const shared = new WeakMap<Store, StoreLearning>();

/** One StoreLearning per store, shared by the Commander, insights and the API. */
export function learningFor(store: Store): StoreLearning {
  let learning = shared.get(store);
  if (!learning) {
    learning = new StoreLearning(store);
    shared.set(store, learning);
  }
  return learning;
}
