/**
 * Routes each notification to the notifiers whose route matches it and delivers to them
 * concurrently. Every delivery has its own deadline (on top of the HttpClient's per-attempt
 * timeout and its jittered exponential-backoff retries of transient failures), and a
 * failing, slow or throwing notifier never blocks the others or throws into the caller:
 * the result is one combined Outcome, and each failure is also reported to the injected
 * logger.
 *
 * Delivery mode: synchronous by default (`queue_capacity: 0`): `notify` resolves when
 * every matching notifier has answered or hit its deadline, so the caller learns what
 * failed. With `queue_capacity > 0`, `notify` enqueues and returns at once; one worker
 * delivers queued events in arrival order (so an incident's Slack post precedes its
 * updates), a full queue refuses the event with a retryable error, and `drain()` waits
 * for the queue to empty (for shutdown and tests). Queued deliveries are bounded by the
 * per-notifier deadline only, since the caller's signal ends when `notify` returns.
 */
import { failure, noData, type Outcome, ok, type SourceRef } from '../core/outcome.js';
import type { NotificationEvent, NotificationKind, Notifier, QueryContext } from '../core/ports.js';
import { raceSignal } from '../util/concurrency.js';
import { type NotifierRoute, routeMatches } from './route.js';

export interface RoutedNotifier {
  notifier: Notifier;
  route: NotifierRoute;
}

export interface NotifierLogEntry {
  level: 'debug' | 'warn' | 'error';
  message: string;
  incident_id: string;
  kind: NotificationKind;
  notifier?: string;
  error?: string;
  retryable?: boolean;
}

export type NotifierLogger = (entry: NotifierLogEntry) => void;

export interface NotifierRouterOptions {
  id?: string;
  /** Longest a single notifier may take for one event, retries included. Default 10 s. */
  deadline_ms?: number;
  /** 0 (default): deliver before returning. > 0: queue up to this many events. */
  queue_capacity?: number;
  log?: NotifierLogger;
  /**
   * Reads the audit chain head; each event is stamped with it (`audit_head`) just before
   * delivery. An event that already has one keeps it; a failed read sends the event without.
   */
  auditHead?: () => Promise<{ seq: number; hash: string }>;
}

export class NotifierRouter implements Notifier {
  readonly id: string;
  private readonly deadlineMs: number;
  private readonly capacity: number;
  private readonly queue: NotificationEvent[] = [];
  private worker: Promise<void> | undefined;

  constructor(
    readonly routes: readonly RoutedNotifier[],
    private readonly options: NotifierRouterOptions = {},
  ) {
    this.id = options.id ?? 'notifier-router';
    this.deadlineMs = options.deadline_ms ?? 10_000;
    this.capacity = options.queue_capacity ?? 0;
  }

  /** The notifiers an event goes to. */
  matching(event: NotificationEvent): Notifier[] {
    return this.routes.filter((r) => routeMatches(r.route, event)).map((r) => r.notifier);
  }

  async notify(event: NotificationEvent, ctx: QueryContext): Promise<Outcome<void>> {
    if (this.capacity <= 0) return this.deliverAll(event, ctx.signal);
    const source = this.source(event, 'queued');
    if (this.queue.length >= this.capacity) {
      const message = `notification queue full (${this.capacity} events waiting); event dropped`;
      this.log({
        level: 'error',
        message,
        incident_id: event.incident_id,
        kind: event.kind,
        retryable: true,
      });
      return failure(message, source, true);
    }
    this.queue.push(event);
    this.worker ??= this.work();
    return ok(undefined, source);
  }

  /** Resolves once every queued event has been delivered (or has failed). */
  async drain(): Promise<void> {
    while (this.worker) await this.worker;
  }

  get queued(): number {
    return this.queue.length;
  }

  private async work(): Promise<void> {
    try {
      for (let event = this.queue.shift(); event; event = this.queue.shift()) {
        await this.deliverAll(event, undefined);
      }
    } finally {
      this.worker = undefined;
    }
  }

  private async deliverAll(
    event: NotificationEvent,
    signal: AbortSignal | undefined,
  ): Promise<Outcome<void>> {
    const targets = this.matching(event);
    if (targets.length === 0) return noData(this.source(event, 'no matching route'));
    const stamped = await this.withAuditHead(event);
    const outcomes = await Promise.all(targets.map((notifier) => this.deliverOne(notifier, stamped, signal)));
    const failed = outcomes
      .map((outcome, index) => ({ outcome, id: targets[index].id }))
      .filter((entry) => entry.outcome.kind === 'error');
    const names = targets.map((t) => t.id).join(', ');
    if (failed.length === 0) return ok(undefined, this.source(event, `delivered to ${names}`));
    const message = failed
      .map(({ id, outcome }) => `${id}: ${outcome.kind === 'error' ? outcome.message : outcome.kind}`)
      .join('; ');
    const retryable = failed.some(({ outcome }) => outcome.kind === 'error' && outcome.retryable);
    return failure(
      `${failed.length} of ${targets.length} notifiers failed: ${message}`,
      this.source(event, `delivered to ${names}`),
      retryable,
    );
  }

  private async deliverOne(
    notifier: Notifier,
    event: NotificationEvent,
    callerSignal: AbortSignal | undefined,
  ): Promise<Outcome<void>> {
    const deadline = AbortSignal.timeout(this.deadlineMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
    let outcome: Outcome<void>;
    try {
      outcome = await raceSignal(
        Promise.resolve().then(() => notifier.notify(event, { signal })),
        signal,
      );
    } catch (error) {
      const message = deadline.aborted
        ? `no answer within the ${this.deadlineMs} ms delivery deadline`
        : callerSignal?.aborted
          ? 'the caller deadline passed before delivery finished'
          : `notifier threw: ${error instanceof Error ? error.message : String(error)}`;
      outcome = failure(
        message,
        { connector: notifier.id, query: `${event.kind} ${event.incident_id}` },
        true,
      );
    }
    if (outcome.kind === 'error') {
      this.log({
        level: 'warn',
        message: 'notification delivery failed',
        notifier: notifier.id,
        incident_id: event.incident_id,
        kind: event.kind,
        error: outcome.message,
        retryable: outcome.retryable,
      });
    } else {
      this.log({
        level: 'debug',
        message: outcome.kind === 'ok' ? 'notification delivered' : 'notification not applicable',
        notifier: notifier.id,
        incident_id: event.incident_id,
        kind: event.kind,
      });
    }
    return outcome;
  }

  private async withAuditHead(event: NotificationEvent): Promise<NotificationEvent> {
    const read = this.options.auditHead;
    if (!read || event.audit_head) return event;
    try {
      const head = await raceSignal(Promise.resolve().then(read), AbortSignal.timeout(this.deadlineMs));
      return { ...event, audit_head: { seq: head.seq, hash: head.hash } };
    } catch (error) {
      this.log({
        level: 'warn',
        message: 'audit chain head unreadable; notification sent without it',
        incident_id: event.incident_id,
        kind: event.kind,
        error: error instanceof Error ? error.message : String(error),
      });
      return event;
    }
  }

  private source(event: NotificationEvent, what: string): SourceRef {
    return { connector: this.id, query: `${event.kind} ${event.incident_id}: ${what}` };
  }

  private log(entry: NotifierLogEntry): void {
    try {
      this.options.log?.(entry);
    } catch {
      // A broken logger must not break delivery.
    }
  }
}
