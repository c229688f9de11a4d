/**
 * The audit_log table on PostgreSQL: the same hash chain as every store. Appends from any
 * number of replicas take a table lock that only appenders conflict on (readers go on), read
 * the head and insert after it, so sequence numbers never fork. Triggers refuse UPDATE,
 * DELETE and TRUNCATE; the hash chain catches whoever disables them first.
 */
import type pg from 'pg';
import { chainAuditEntry, GENESIS_HASH, verifyAuditChain } from '../audit-chain.js';
import type { AuditEntry, AuditEntryInput, AuditFilter, AuditHead, AuditVerification } from '../store.js';
import { checkAuditFilter, checkAuditInput } from '../store-input.js';
import { type AuditRow, auditFromRow, bigintColumn } from './rows.js';
import { inputError, inTransaction, json } from './sql.js';

/** Rows read per round trip while verifying. */
const VERIFY_PAGE = 5000;

export class PostgresAuditLog {
  constructor(private readonly pool: pg.Pool) {}

  async append(input: AuditEntryInput): Promise<AuditEntry> {
    checkAuditInput(input);
    return inTransaction(this.pool, async (client) => {
      // SHARE ROW EXCLUSIVE conflicts with itself, not with plain reads: one appender at a time.
      await client.query('LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE');
      const head = await client.query<{ seq: string; hash: string }>(
        'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
      );
      const previous = head.rows[0]
        ? { seq: bigintColumn('audit_log head', head.rows[0].seq), hash: head.rows[0].hash }
        : undefined;
      const entry = chainAuditEntry(previous, input);
      await client
        .query(
          `INSERT INTO audit_log (seq, incident_id, actor, action, detail, at, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)`,
          [
            entry.seq,
            entry.incident_id,
            entry.actor,
            entry.action,
            json(entry.detail),
            entry.at,
            entry.prev_hash,
            entry.hash,
          ],
        )
        .catch((error) => inputError('audit.detail', error));
      return entry;
    });
  }

  async list(filter?: AuditFilter): Promise<AuditEntry[]> {
    const { incident_id, limit, after_seq } = checkAuditFilter(filter);
    // LIMIT NULL is "no limit"; a NULL incident filter matches every entry.
    const result = await this.pool.query<AuditRow>(
      `SELECT * FROM audit_log WHERE seq > $1 AND ($2::text IS NULL OR incident_id = $2)
       ORDER BY seq LIMIT $3`,
      [after_seq ?? 0, incident_id ?? null, limit ?? null],
    );
    return result.rows.map(auditFromRow);
  }

  /** The newest entry's seq and hash; seq 0 and the genesis hash for an empty log. */
  async head(): Promise<AuditHead> {
    const result = await this.pool.query<{ seq: string; hash: string }>(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    const newest = result.rows[0];
    return newest
      ? { seq: bigintColumn('audit_log head', newest.seq), hash: newest.hash }
      : { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Checks the whole log in one consistent snapshot, read in pages; a row that cannot be
   * read is the bad seq. Holds the log in memory while checking (about 1 KB per entry).
   */
  async verify(): Promise<AuditVerification> {
    const entries: AuditEntry[] = [];
    let unreadable: { seq: number; reason: string } | undefined;
    await inTransaction(
      this.pool,
      async (client) => {
        let after = '0';
        for (;;) {
          const page = await client.query<AuditRow>(
            'SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2',
            [after, VERIFY_PAGE],
          );
          for (const row of page.rows) {
            try {
              entries.push(auditFromRow(row));
            } catch (error) {
              unreadable = {
                seq: Number(row.seq),
                reason: error instanceof Error ? error.message : String(error),
              };
              return;
            }
          }
          if (page.rows.length < VERIFY_PAGE) return;
          after = page.rows[page.rows.length - 1].seq;
        }
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
    const result = verifyAuditChain(entries);
    return !result.ok || !unreadable ? result : { ok: false, ...unreadable };
  }
}
