/**
 * The audit chain head kept outside the store. `afr serve` writes the head to the service log
 * and every notification carries it, as `SEQ:HASH`. A chain rewritten consistently (every hash
 * recomputed after an edit) still verifies on its own, but the entry at a head recorded
 * before the rewrite no longer has the recorded hash: `checkAuditHead` finds that.
 */
import { GENESIS_HASH } from './audit-chain.js';
import type { AuditHead, Store } from './store.js';
import { InvalidStoreInputError } from './store-errors.js';

export type AuditHeadCheck =
  | { ok: true; head: AuditHead }
  | { ok: false; head: AuditHead; seq: number; reason: string };

/** `42:9f86d0…` (the full hash), the form `afr audit verify --head` takes. */
export function formatAuditHead(head: AuditHead): string {
  return `${head.seq}:${head.hash}`;
}

/**
 * Reads `SEQ:HASH` (seq a whole number, hash 64 hex digits), throwing an
 * InvalidStoreInputError that names `field` for anything else.
 *
 * @example parseAuditHead('3:ab12…', '--head') // { seq: 3, hash: 'ab12…' }
 */
export function parseAuditHead(text: string, field = 'audit head'): AuditHead {
  const match = /^\s*(\d+)\s*:\s*([0-9a-fA-F]+)\s*$/.exec(text);
  if (!match) throw new InvalidStoreInputError(field, `expected SEQ:HASH, got ${JSON.stringify(text)}`);
  const seq = Number(match[1]);
  const hash = match[2].toLowerCase();
  if (!Number.isSafeInteger(seq)) throw new InvalidStoreInputError(field, `seq ${match[1]} is too large`);
  if (hash.length !== GENESIS_HASH.length) {
    throw new InvalidStoreInputError(
      field,
      `the hash must be ${GENESIS_HASH.length} hex digits (a SHA-256), got ${hash.length}`,
    );
  }
  return { seq, hash };
}

/** Whether the entry `head.seq` is still in the store's chain with the hash `head.hash`. */
export async function checkAuditHead(store: Store, head: AuditHead): Promise<AuditHeadCheck> {
  if (head.seq === 0) {
    return head.hash === GENESIS_HASH
      ? { ok: true, head }
      : { ok: false, head, seq: 0, reason: 'seq 0 is the empty log, whose only hash is the genesis hash' };
  }
  const [entry] = await store.listAudit({ after_seq: head.seq - 1, limit: 1 });
  if (!entry || entry.seq !== head.seq) {
    const current = await store.auditHead();
    return {
      ok: false,
      head,
      seq: head.seq,
      reason:
        `entry ${head.seq} is missing (the log now ends at entry ${current.seq}): ` +
        'entries were deleted or the log was rewritten',
    };
  }
  if (entry.hash !== head.hash) {
    return {
      ok: false,
      head,
      seq: head.seq,
      reason:
        `entry ${head.seq} was rewritten: its hash is now ${entry.hash}, the recorded head says ${head.hash} ` +
        `(this entry or one before it changed)`,
    };
  }
  return { ok: true, head };
}

/**
 * Given several recorded heads, the range the first changed entry lies in: after the
 * newest head that still matches and at most the oldest one that does not. Undefined when
 * every head matches.
 */
export function rewrittenRange(checks: readonly AuditHeadCheck[]): { from: number; to: number } | undefined {
  // A seq-0 head that fails is a bogus head, not evidence of a rewrite.
  const failed = checks.filter((c) => !c.ok && c.head.seq > 0);
  if (failed.length === 0) return undefined;
  const to = Math.min(...failed.map((c) => c.head.seq));
  const intactBefore = checks.filter((c) => c.ok && c.head.seq < to).map((c) => c.head.seq);
  return { from: Math.max(0, ...intactBefore) + 1, to };
}
