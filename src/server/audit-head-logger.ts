/**
 * Writes the audit chain head (the newest entry's seq and hash) to the service log: at start,
 * every `intervalSeconds` when it changed, and at shutdown. The log lives outside the store,
 * so a head copied from it lets `afr audit verify --head SEQ:HASH` catch a rewrite of the
 * whole audit table that the hash chain alone cannot show.
 */
import type { AuditHead, Store } from '../store/store.js';

export const AUDIT_HEAD_LOG_MESSAGE = 'audit chain head';

/** Why a head line was written. */
export type AuditHeadLogReason = 'start' | 'changed' | 'shutdown';

export interface AuditHeadLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export class AuditHeadLogger {
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> | undefined;
  private last: AuditHead | undefined;

  /** `intervalSeconds` 0: only at start and shutdown. */
  constructor(
    private readonly store: Pick<Store, 'auditHead'>,
    private readonly log: AuditHeadLog,
    private readonly intervalSeconds: number,
  ) {}

  /** Logs the head now, then checks it every interval (the timer does not keep the process up). */
  async start(): Promise<void> {
    await this.write('start');
    if (this.intervalSeconds > 0 && !this.timer) {
      this.timer = setInterval(() => this.tick(), this.intervalSeconds * 1000);
      this.timer.unref();
    }
  }

  /** One periodic check; skipped while the previous one is still reading the store. */
  tick(): Promise<void> {
    this.pending ??= this.write('changed').finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Stops the timer and logs the final head; call before the store closes. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.pending;
    await this.write('shutdown');
  }

  private async write(reason: AuditHeadLogReason): Promise<void> {
    let head: AuditHead;
    try {
      head = await this.store.auditHead();
    } catch (error) {
      this.log.warn(
        { err: error instanceof Error ? error.message : String(error), reason },
        'audit chain head unreadable',
      );
      return;
    }
    if (reason === 'changed' && this.last?.seq === head.seq && this.last.hash === head.hash) return;
    this.last = head;
    this.log.info({ audit_seq: head.seq, audit_hash: head.hash, reason }, AUDIT_HEAD_LOG_MESSAGE);
  }
}
