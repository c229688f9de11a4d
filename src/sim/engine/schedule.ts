/** A timed mutation of the world (a deploy landing, a pod rolling, a fault starting). */
export interface ScheduledEvent {
  at: number;
  label: string;
  run: () => void;
}

/** Events in time order; ties keep their insertion order, so runs are deterministic. */
export class Schedule {
  private events: (ScheduledEvent & { seq: number })[] = [];
  private seq = 0;

  add(at: number, label: string, run: () => void): void {
    this.events.push({ at, label, run, seq: this.seq++ });
    this.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Runs and removes every event due at or before t. */
  runDue(t: number): void {
    while (this.events.length && this.events[0].at <= t) {
      const event = this.events.shift();
      event?.run();
    }
  }

  pending(): readonly ScheduledEvent[] {
    return this.events;
  }
}
