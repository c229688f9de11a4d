/**
 * Journals the alerts of every webhook request that arrives in the same turn of the event
 * loop in one store transaction: one disk sync for many alerts instead of one each. Each
 * request still waits until its own alerts are durable before it answers.
 */
import type { Coordination, IntakeAlert, IntakeResult } from '../store/coordination/coordination.js';

interface Waiting {
  alert: IntakeAlert;
  resolve(result: IntakeResult): void;
  reject(error: unknown): void;
}

export class IntakeBatcher {
  private queue: Waiting[] = [];
  private scheduled = false;
  /** Grows with every batch that journaled a new alert. */
  version = 0;

  constructor(
    private readonly coordination: Coordination,
    private readonly maxBatch = 1000,
  ) {}

  /** Journals the alerts; answers per alert, in order, once they are durable. */
  record(alerts: readonly IntakeAlert[]): Promise<IntakeResult[]> {
    const waits = alerts.map(
      (alert) =>
        new Promise<IntakeResult>((resolve, reject) => {
          this.queue.push({ alert, resolve, reject });
        }),
    );
    this.schedule();
    return Promise.all(waits);
  }

  private schedule(): void {
    if (this.scheduled || !this.queue.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    this.schedule();
    if (!batch.length) return;
    try {
      const results = await this.coordination.recordAlerts(batch.map((w) => w.alert));
      if (results.includes('new')) this.version++;
      batch.forEach((w, i) => {
        w.resolve(results[i] ?? 'duplicate');
      });
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
