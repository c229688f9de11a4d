/**
 * `afr audit verify --head` on a SQLite store in a temp data dir. Someone with write access
 * to the database rewrites the whole audit log consistently (edits an entry and recomputes
 * every hash after it, guard triggers dropped first): plain `verify` passes, and a head
 * recorded before the rewrite (as the service log and notifications carry it) names the
 * entry that no longer has its hash.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAuditHead } from '../../store/audit-head.js';
import { forgeConsistentRewrite } from '../../store/contract/audit-rewrite.js';
import { openStore } from '../../store/index.js';
import { type AuditRow, auditFromRow } from '../../store/sqlite/rows.js';
import type { AuditHead } from '../../store/store.js';
import { T0 } from '../../store/store-fixtures.js';
import { cliIn } from '../testing/run-cli-in.js';

const dir = mkdtempSync(join(tmpdir(), 'afr-audit-head-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const afr = cliIn(dir);

/** Rewrites entry `seq` and re-hashes the rest, the way a careful forger would. */
function rewriteWholeLog(seq: number, detail: Record<string, unknown>): void {
  const db = new Database(join(dir, 'afr.db'));
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
    const entries = (db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[]).map(
      auditFromRow,
    );
    const update = db.prepare('UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?');
    for (const entry of forgeConsistentRewrite(entries, seq, detail).filter((e) => e.seq >= seq))
      update.run(JSON.stringify(entry.detail), entry.prev_hash, entry.hash, entry.seq);
  } finally {
    db.close();
  }
}

/** Heads as `afr serve` would have logged them after each append. */
const heads: AuditHead[] = [];

beforeAll(async () => {
  const store = await openStore({ driver: 'sqlite', dataDir: dir });
  for (let i = 1; i <= 6; i++) {
    await store.appendAudit({
      incident_id: 'INC-1',
      actor: 'commander',
      action: i === 4 ? 'action_applied' : `step-${i}`,
      detail: { n: i, ...(i === 4 ? { strategy: 'rollback', target: 'checkout' } : {}) },
      at: T0 + i,
    });
    heads.push(await store.auditHead());
  }
  await store.close();
});

describe('afr audit verify --head', () => {
  it('accepts heads that are still in the chain and prints the head in the same form', async () => {
    const result = await afr(
      'audit',
      'verify',
      '--head',
      formatAuditHead(heads[2]),
      '--head',
      formatAuditHead(heads[5]),
    );
    expect(result.code, result.err).toBe(0);
    expect(result.out).toBe(
      [
        `audit log intact: 6 entries, head ${formatAuditHead(heads[5])}`,
        `recorded head ${formatAuditHead(heads[2])}: still in the chain`,
        `recorded head ${formatAuditHead(heads[5])}: still in the chain`,
        '',
      ].join('\n'),
    );
  });

  it('catches a consistent rewrite of the whole log that plain verify cannot see', async () => {
    rewriteWholeLog(4, { n: 4, strategy: 'restart', target: 'checkout' });

    const plain = await afr('audit', 'verify');
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/^audit log intact: 6 entries, head 6:[0-9a-f]{64}\n$/);
    expect(plain.out).not.toContain(heads[5].hash);

    const latest = await afr('audit', 'verify', '--head', formatAuditHead(heads[5]));
    expect(latest.code).toBe(1);
    expect(latest.out).toContain(
      `recorded head ${formatAuditHead(heads[5])}: REWRITTEN at entry 6: entry 6 was rewritten: its hash is now `,
    );

    // Heads from before and at the forged entry bound the rewrite to the exact entry.
    const bounded = await afr(
      'audit',
      'verify',
      '--head',
      formatAuditHead(heads[2]),
      '--head',
      formatAuditHead(heads[3]),
      '--head',
      formatAuditHead(heads[5]),
    );
    expect(bounded.code).toBe(1);
    expect(bounded.out).toContain(`recorded head ${formatAuditHead(heads[2])}: still in the chain\n`);
    expect(bounded.out).toMatch(new RegExp(`recorded head 4:${heads[3].hash}: REWRITTEN at entry 4: `));
    expect(bounded.out).toMatch(/\nthe first changed entry is entry 4\n$/);
  });

  it('refuses a malformed head as bad input, naming the option', async () => {
    const result = await afr('audit', 'verify', '--head', '4:not-a-hash');
    expect(result.code).toBe(2);
    expect(result.err).toBe('afr: --head: expected SEQ:HASH, got "4:not-a-hash"\n');
    const short = await afr('audit', 'verify', '--head', '4:abcd');
    expect(short.err).toMatch(/--head: the hash must be 64 hex digits/);
  });
});
