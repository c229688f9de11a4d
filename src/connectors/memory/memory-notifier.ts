import type { NotificationEvent, Notifier, Outcome, QueryContext } from '../../core/index.js';
import { ok } from '../../core/index.js';

/** A Notifier that keeps every event in memory, for tests and the demo. */
export class MemoryNotifier implements Notifier {
  readonly events: NotificationEvent[] = [];

  constructor(readonly id = 'memory-notifier') {}

  async notify(event: NotificationEvent, _ctx: QueryContext): Promise<Outcome<void>> {
    this.events.push(event);
    return ok(undefined, { connector: this.id, query: event.kind });
  }
}
