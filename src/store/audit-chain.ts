/**
 * The audit log's hash chain, shared by every Store. Each entry's hash covers its own
 * content and its predecessor's hash, so editing, removing or reordering any entry breaks
 * the chain from that entry on. Pure functions, no I/O.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditEntryInput, AuditVerification } from './store.js';

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every depth, so equal data always hashes the same.
 * Values follow JSON.stringify's rules (toJSON, undefined keys dropped, NaN → null).
 *
 * @example canonicalJson({ b: 1, a: { d: 2, c: 3 } }) // '{"a":{"c":3,"d":2},"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(toJsonData(value)));
}

/**
 * Brings a value to the shape it has after a JSON round trip, which is what a store keeps.
 * Throws a TypeError naming the problem for values JSON cannot hold (cycles, BigInt).
 */
export function toJsonData<T>(value: T): T {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`not JSON-serializable: ${error instanceof Error ? error.message : String(error)}`);
  }
  // JSON.stringify(undefined) is undefined: keep "nothing" as nothing rather than inventing null.
  return (text === undefined ? undefined : JSON.parse(text)) as T;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** sha256(prev_hash + canonical JSON of {seq, incident_id, actor, action, detail, at}), hex. */
export function hashAuditEntry(prevHash: string, seq: number, entry: AuditEntryInput): string {
  const content = canonicalJson({
    seq,
    incident_id: entry.incident_id,
    actor: entry.actor,
    action: entry.action,
    detail: entry.detail,
    at: entry.at,
  });
  return createHash('sha256')
    .update(prevHash + content)
    .digest('hex');
}

/**
 * Builds the stored entry that follows `previous` (or starts the chain). The detail is
 * normalised to its JSON form first, so the hash matches what a reader gets back.
 */
export function chainAuditEntry(
  previous: Pick<AuditEntry, 'seq' | 'hash'> | undefined,
  input: AuditEntryInput,
): AuditEntry {
  const entry: AuditEntryInput = {
    incident_id: input.incident_id,
    actor: input.actor,
    action: input.action,
    detail: toJsonData(input.detail),
    at: input.at,
  };
  const seq = previous ? previous.seq + 1 : 1;
  const prev_hash = previous ? previous.hash : GENESIS_HASH;
  return { ...entry, seq, prev_hash, hash: hashAuditEntry(prev_hash, seq, entry) };
}

/**
 * Checks a whole log, given in stored order (by seq). Seqs must run 1, 2, 3... without gaps,
 * each entry must point at its predecessor's hash, and each hash must match the content.
 * Removing the newest entries leaves a valid shorter chain: compare `head` with a copy kept
 * elsewhere to catch that.
 */
export function verifyAuditChain(entries: Iterable<AuditEntry>): AuditVerification {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      const reason = `expected entry ${expectedSeq} here, found entry ${entry.seq} (entries were removed or reordered)`;
      return { ok: false, seq: Math.min(expectedSeq, entry.seq), reason };
    }
    if (entry.prev_hash !== prevHash) {
      return {
        ok: false,
        seq: entry.seq,
        reason: `prev_hash does not match the hash of entry ${entry.seq - 1} (an entry was changed, removed or moved)`,
      };
    }
    if (hashAuditEntry(entry.prev_hash, entry.seq, entry) !== entry.hash) {
      return {
        ok: false,
        seq: entry.seq,
        reason: 'hash does not match the entry content (the entry was edited)',
      };
    }
    prevHash = entry.hash;
    expectedSeq++;
  }
  return { ok: true, entries: expectedSeq - 1, head: prevHash };
}
