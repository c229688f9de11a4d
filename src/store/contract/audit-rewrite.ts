/**
 * What someone with write access to the raw audit log could do to hide an edit: change one
 * entry and recompute every hash from it on, so the whole chain verifies again. Test support
 * for the store contract; pure.
 */
import { hashAuditEntry } from '../audit-chain.js';
import type { AuditEntry } from '../store.js';

/** The log with entry `seq`'s detail replaced and every later link re-hashed (a new array). */
export function forgeConsistentRewrite(
  entries: readonly AuditEntry[],
  seq: number,
  detail: Record<string, unknown>,
): AuditEntry[] {
  if (!entries.some((e) => e.seq === seq)) throw new Error(`no audit entry ${seq} to rewrite`);
  const out: AuditEntry[] = [];
  for (const entry of entries) {
    const previous = out.at(-1);
    if (entry.seq < seq) {
      out.push(entry);
      continue;
    }
    const changed = { ...entry, detail: entry.seq === seq ? detail : entry.detail };
    const prev_hash = previous ? previous.hash : entry.prev_hash;
    out.push({ ...changed, prev_hash, hash: hashAuditEntry(prev_hash, changed.seq, changed) });
  }
  return out;
}
