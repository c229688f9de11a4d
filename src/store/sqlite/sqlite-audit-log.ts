import type Database from 'better-sqlite3';
import { chainAuditEntry, GENESIS_HASH, verifyAuditChain } from '../audit-chain.js';
import type { AuditEntry, AuditEntryInput, AuditFilter, AuditHead, AuditVerification } from '../store.js';
import { checkAuditFilter, checkAuditInput } from '../store-input.js';
import { type AuditRow, auditFromRow } from './rows.js';
import type { StatementCache } from './statement-cache.js';

/**
 * The audit_log table: appends chain each entry to the newest one; triggers refuse UPDATE
 * and DELETE, and the hash chain catches whoever drops the triggers first.
 */
export class SqliteAuditLog {
  constructor(
    private readonly db: Database.Database,
    private readonly sql: StatementCache,
  ) {}

  append(input: AuditEntryInput): AuditEntry {
    checkAuditInput(input);
    // IMMEDIATE takes the write lock before reading the head, so two writers cannot both chain to it.
    return this.db
      .transaction(() => {
        const head = this.sql('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
          | { seq: number; hash: string }
          | undefined;
        const entry = chainAuditEntry(head, input);
        this.sql(
          `INSERT INTO audit_log (seq, incident_id, actor, action, detail, at, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          entry.seq,
          entry.incident_id,
          entry.actor,
          entry.action,
          JSON.stringify(entry.detail),
          entry.at,
          entry.prev_hash,
          entry.hash,
        );
        return entry;
      })
      .immediate();
  }

  list(filter?: AuditFilter): AuditEntry[] {
    const { incident_id, limit, after_seq } = checkAuditFilter(filter);
    // LIMIT -1 is SQLite for "no limit".
    const rows = (
      incident_id === undefined
        ? this.sql('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(
            after_seq ?? 0,
            limit ?? -1,
          )
        : this.sql('SELECT * FROM audit_log WHERE seq > ? AND incident_id = ? ORDER BY seq LIMIT ?').all(
            after_seq ?? 0,
            incident_id,
            limit ?? -1,
          )
    ) as AuditRow[];
    return rows.map(auditFromRow);
  }

  /** The newest entry's seq and hash; seq 0 and the genesis hash for an empty log. */
  head(): AuditHead {
    const newest = this.sql('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      | AuditHead
      | undefined;
    return newest ? { seq: newest.seq, hash: newest.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /** Streams the log through the chain check; a row that cannot be read is the bad seq. */
  verify(): AuditVerification {
    let unreadable: { seq: number; reason: string } | undefined;
    const rows = this.sql('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>;
    function* entries(): Generator<AuditEntry> {
      for (const row of rows) {
        try {
          yield auditFromRow(row);
        } catch (error) {
          unreadable = { seq: row.seq, reason: error instanceof Error ? error.message : String(error) };
          return;
        }
      }
    }
    const result = verifyAuditChain(entries());
    return !result.ok || !unreadable ? result : { ok: false, ...unreadable };
  }
}
