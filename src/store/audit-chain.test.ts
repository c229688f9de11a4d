import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  chainAuditEntry,
  GENESIS_HASH,
  hashAuditEntry,
  toJsonData,
  verifyAuditChain,
} from './audit-chain.js';
import type { AuditEntry, AuditEntryInput } from './store.js';

const input = (n: number): AuditEntryInput => ({
  incident_id: n % 2 ? 'INC-1' : null,
  actor: 'commander',
  action: `a${n}`,
  detail: { n },
  at: 100 + n,
});

function chain(length: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let n = 1; n <= length; n++) out.push(chainAuditEntry(out.at(-1), input(n)));
  return out;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, inside arrays too, and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }, 3], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"x":2,"y":1},3]},"b":1}',
    );
  });

  it('gives equal text for objects that differ only in key order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it('follows JSON rules for undefined, NaN and dates', () => {
    expect(canonicalJson({ u: undefined, n: Number.NaN, d: new Date(0), l: [undefined] })).toBe(
      '{"d":"1970-01-01T00:00:00.000Z","l":[null],"n":null}',
    );
  });

  it('refuses what JSON cannot hold, saying so', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => toJsonData(cyclic)).toThrow(/not JSON-serializable/);
    expect(() => canonicalJson({ big: 1n })).toThrow(/not JSON-serializable/);
  });
});

describe('hashAuditEntry', () => {
  it('is sha256 of prev_hash followed by the canonical JSON of the entry', () => {
    const expected = createHash('sha256')
      .update(
        `${GENESIS_HASH}{"action":"a1","actor":"commander","at":101,"detail":{"n":1},"incident_id":"INC-1","seq":1}`,
      )
      .digest('hex');
    expect(hashAuditEntry(GENESIS_HASH, 1, input(1))).toBe(expected);
  });

  it('changes with the seq, the predecessor and every field', () => {
    const base = hashAuditEntry(GENESIS_HASH, 1, input(1));
    expect(hashAuditEntry(GENESIS_HASH, 2, input(1))).not.toBe(base);
    expect(hashAuditEntry('1'.repeat(64), 1, input(1))).not.toBe(base);
    for (const change of [
      { actor: 'x' },
      { action: 'x' },
      { detail: { n: 2 } },
      { at: 0 },
      { incident_id: null },
    ]) {
      expect(hashAuditEntry(GENESIS_HASH, 1, { ...input(1), ...change })).not.toBe(base);
    }
  });
});

describe('verifyAuditChain', () => {
  it('accepts an intact chain and returns its head', () => {
    const entries = chain(4);
    expect(verifyAuditChain(entries)).toEqual({ ok: true, entries: 4, head: entries[3].hash });
    expect(verifyAuditChain([])).toEqual({ ok: true, entries: 0, head: GENESIS_HASH });
  });

  it('names an edited entry', () => {
    const entries = chain(4);
    entries[2] = { ...entries[2], actor: 'mallory' };
    expect(verifyAuditChain(entries)).toMatchObject({ ok: false, seq: 3 });
  });

  it('names the entry after one whose hash was recomputed', () => {
    const entries = chain(4);
    const forged = { ...entries[1], detail: { n: 99 } };
    entries[1] = { ...forged, hash: hashAuditEntry(forged.prev_hash, 2, forged) };
    expect(verifyAuditChain(entries)).toMatchObject({
      ok: false,
      seq: 3,
      reason: expect.stringMatching(/prev_hash/),
    });
  });

  it('names a missing entry, the first one included', () => {
    expect(verifyAuditChain(chain(4).filter((e) => e.seq !== 2))).toMatchObject({ ok: false, seq: 2 });
    expect(verifyAuditChain(chain(4).slice(1))).toMatchObject({ ok: false, seq: 1 });
  });

  it('names the first place of two swapped entries, renumbered or not', () => {
    const entries = chain(4);
    expect(verifyAuditChain([entries[0], entries[2], entries[1], entries[3]])).toMatchObject({
      ok: false,
      seq: 2,
    });
    const renumbered = [entries[0], { ...entries[2], seq: 2 }, { ...entries[1], seq: 3 }, entries[3]];
    expect(verifyAuditChain(renumbered)).toMatchObject({ ok: false, seq: 2 });
  });

  it('detects a duplicated entry', () => {
    const entries = chain(3);
    expect(verifyAuditChain([entries[0], entries[1], entries[1], entries[2]])).toMatchObject({
      ok: false,
      seq: 2,
    });
  });
});
