import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from './audit-chain.js';
import {
  type AuditHeadCheck,
  checkAuditHead,
  formatAuditHead,
  parseAuditHead,
  rewrittenRange,
} from './audit-head.js';
import { MemoryStore } from './memory-store.js';
import { InvalidStoreInputError } from './store-errors.js';

const HASH = 'ab'.repeat(32);

describe('formatAuditHead / parseAuditHead', () => {
  it('round-trips SEQ:HASH, lower-casing the hash and ignoring spaces around it', () => {
    expect(formatAuditHead({ seq: 42, hash: HASH })).toBe(`42:${HASH}`);
    expect(parseAuditHead(` 42:${HASH.toUpperCase()} `)).toEqual({ seq: 42, hash: HASH });
  });

  it('refuses malformed heads, naming the field', () => {
    for (const [text, problem] of [
      ['42', /--head: expected SEQ:HASH, got "42"/],
      [`x:${HASH}`, /--head: expected SEQ:HASH/],
      [`-1:${HASH}`, /--head: expected SEQ:HASH/],
      ['42:abc', /--head: the hash must be 64 hex digits \(a SHA-256\), got 3/],
      [`42:${HASH}zz`, /--head: expected SEQ:HASH/],
      [`99999999999999999999:${HASH}`, /--head: seq 99999999999999999999 is too large/],
    ] as const) {
      expect(() => parseAuditHead(text, '--head'), text).toThrow(InvalidStoreInputError);
      expect(() => parseAuditHead(text, '--head'), text).toThrow(problem);
    }
  });
});

describe('checkAuditHead', () => {
  it('accepts the genesis head on any log and refuses seq 0 with another hash', async () => {
    const store = new MemoryStore();
    expect(await checkAuditHead(store, { seq: 0, hash: GENESIS_HASH })).toMatchObject({ ok: true });
    expect(await checkAuditHead(store, { seq: 0, hash: HASH })).toMatchObject({
      ok: false,
      seq: 0,
      reason: expect.stringMatching(/genesis/),
    });
  });

  it('accepts the current head and every earlier one', async () => {
    const store = new MemoryStore();
    const heads = [];
    for (let i = 0; i < 3; i++) {
      await store.appendAudit({ incident_id: null, actor: 'a', action: `x${i}`, detail: {}, at: i });
      heads.push(await store.auditHead());
    }
    for (const head of heads) expect(await checkAuditHead(store, head)).toEqual({ ok: true, head });
    expect(await checkAuditHead(store, { seq: 2, hash: HASH })).toMatchObject({ ok: false, seq: 2 });
    expect(await checkAuditHead(store, { seq: 7, hash: HASH })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^entry 7 is missing \(the log now ends at entry 3\)/),
    });
  });
});

describe('rewrittenRange', () => {
  const ok = (seq: number): AuditHeadCheck => ({ ok: true, head: { seq, hash: HASH } });
  const bad = (seq: number): AuditHeadCheck => ({ ok: false, head: { seq, hash: HASH }, seq, reason: 'x' });

  it('lies after the newest matching head and at most at the oldest failing one', () => {
    expect(rewrittenRange([ok(2), bad(9), ok(5), bad(7)])).toEqual({ from: 6, to: 7 });
    expect(rewrittenRange([bad(4)])).toEqual({ from: 1, to: 4 });
  });

  it('is undefined when every head matches, and ignores a bogus seq-0 head', () => {
    expect(rewrittenRange([ok(1), ok(3)])).toBeUndefined();
    expect(rewrittenRange([bad(0)])).toBeUndefined();
  });
});
