import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../audit-chain.js';
import { checkAuditHead, rewrittenRange } from '../audit-head.js';
import type { AuditEntry } from '../store.js';
import { T0 } from '../store-fixtures.js';
import type { ContractContext } from './contract-context.js';

/** The audit log: numbering, chaining, listing, and tamper detection. */
export function defineAuditContract(ctx: ContractContext): void {
  describe('audit log', () => {
    async function appendFive(): Promise<AuditEntry[]> {
      const out: AuditEntry[] = [];
      for (let i = 1; i <= 5; i++) {
        out.push(
          await ctx.store().appendAudit({
            incident_id: i % 2 ? 'INC-1' : null,
            actor: i === 3 ? 'human:alice' : 'commander',
            action: `step-${i}`,
            detail: { n: i, nested: { b: [i, { z: 1, a: 2 }], a: 'x' } },
            at: T0 + i,
          }),
        );
      }
      return out;
    }

    it('numbers entries from 1 and chains them from the genesis hash', async () => {
      const entries = await appendFive();
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(entries[0].prev_hash).toBe(GENESIS_HASH);
      for (let i = 1; i < entries.length; i++) expect(entries[i].prev_hash).toBe(entries[i - 1].hash);
      expect(new Set(entries.map((e) => e.hash)).size).toBe(5);
      expect(await ctx.store().verifyAudit()).toEqual({ ok: true, entries: 5, head: entries[4].hash });
    });

    it('verifies an empty log', async () => {
      expect(await ctx.store().verifyAudit()).toEqual({ ok: true, entries: 0, head: GENESIS_HASH });
    });

    it('lists entries by incident, after a seq, with a limit', async () => {
      const entries = await appendFive();
      expect(await ctx.store().listAudit()).toEqual(entries);
      expect((await ctx.store().listAudit({ incident_id: 'INC-1' })).map((e) => e.seq)).toEqual([1, 3, 5]);
      expect((await ctx.store().listAudit({ after_seq: 2, limit: 2 })).map((e) => e.seq)).toEqual([3, 4]);
      expect((await ctx.store().listAudit({ incident_id: 'INC-1', after_seq: 3 })).map((e) => e.seq)).toEqual(
        [5],
      );
    });

    it('refuses an entry without an actor', async () => {
      await expect(
        ctx.store().appendAudit({ incident_id: null, actor: '', action: 'x', detail: {}, at: T0 }),
      ).rejects.toThrow(/audit\.actor/);
      expect(await ctx.store().listAudit()).toEqual([]);
    });

    it('keeps what JSON keeps of the detail, so the hash still verifies', async () => {
      const entry = await ctx.store().appendAudit({
        incident_id: null,
        actor: 'config',
        action: 'loaded',
        detail: { dropped: undefined, when: new Date(0), kept: [1, undefined] },
        at: T0,
      });
      expect(entry.detail).toEqual({ when: '1970-01-01T00:00:00.000Z', kept: [1, null] });
      expect((await ctx.store().listAudit())[0]).toEqual(entry);
      expect((await ctx.store().verifyAudit()).ok).toBe(true);
    });

    it('names the seq of an edited entry', async () => {
      await appendFive();
      await ctx.harness().tamper.editDetail(3, { n: 3, nested: { a: 'forged' } });
      const result = await ctx.store().verifyAudit();
      expect(result).toMatchObject({ ok: false, seq: 3 });
      expect(!result.ok && result.reason).toMatch(/hash/);
    });

    it('names the seq of a deleted entry', async () => {
      await appendFive();
      await ctx.harness().tamper.remove(2);
      expect(await ctx.store().verifyAudit()).toMatchObject({ ok: false, seq: 2 });
    });

    it('names the first seq of reordered entries', async () => {
      await appendFive();
      await ctx.harness().tamper.swap(3, 4);
      expect(await ctx.store().verifyAudit()).toMatchObject({ ok: false, seq: 3 });
    });

    it('shows a truncated tail only as a different head', async () => {
      const entries = await appendFive();
      await ctx.harness().tamper.remove(5);
      expect(await ctx.store().verifyAudit()).toEqual({ ok: true, entries: 4, head: entries[3].hash });
    });

    it('reads the head: the newest seq and hash, or seq 0 and the genesis hash when empty', async () => {
      expect(await ctx.store().auditHead()).toEqual({ seq: 0, hash: GENESIS_HASH });
      const entries = await appendFive();
      expect(await ctx.store().auditHead()).toEqual({ seq: 5, hash: entries[4].hash });
      expect(await (await ctx.reopen()).auditHead()).toEqual({ seq: 5, hash: entries[4].hash });
    });

    it('catches a consistent rewrite of the whole log with a head recorded before it', async () => {
      const entries = await appendFive();
      const recorded = [2, 4, 5].map((seq) => ({ seq, hash: entries[seq - 1].hash }));
      await ctx.harness().tamper.rewrite(3, { n: 3, nested: { a: 'forged' } });
      // The rewrite is real, and the chain alone no longer shows it.
      expect((await ctx.store().listAudit({ after_seq: 2, limit: 1 }))[0].detail).toEqual({
        n: 3,
        nested: { a: 'forged' },
      });
      const verdict = await ctx.store().verifyAudit();
      expect(verdict).toMatchObject({ ok: true, entries: 5 });
      expect(verdict.ok && verdict.head).not.toBe(entries[4].hash);

      const checks = await Promise.all(recorded.map((head) => checkAuditHead(ctx.store(), head)));
      expect(checks[0]).toEqual({ ok: true, head: recorded[0] });
      expect(checks[1]).toMatchObject({ ok: false, seq: 4 });
      expect(!checks[1].ok && checks[1].reason).toMatch(
        new RegExp(
          `^entry 4 was rewritten: its hash is now [0-9a-f]{64}, the recorded head says ${entries[3].hash}`,
        ),
      );
      expect(checks[2]).toMatchObject({ ok: false, seq: 5 });
      expect(rewrittenRange(checks)).toEqual({ from: 3, to: 4 });
    });

    it('reports a recorded head past the end of a truncated log as missing', async () => {
      const entries = await appendFive();
      await ctx.harness().tamper.remove(5);
      const check = await checkAuditHead(ctx.store(), { seq: 5, hash: entries[4].hash });
      expect(check).toMatchObject({ ok: false, seq: 5 });
      expect(!check.ok && check.reason).toMatch(/^entry 5 is missing \(the log now ends at entry 4\)/);
      expect(await checkAuditHead(ctx.store(), { seq: 4, hash: entries[3].hash })).toMatchObject({
        ok: true,
      });
    });

    it('continues the chain after a restart', async () => {
      const entries = await appendFive();
      const again = await ctx.reopen();
      const next = await again.appendAudit({
        incident_id: null,
        actor: 'a',
        action: 'b',
        detail: {},
        at: T0 + 9,
      });
      expect(next.seq).toBe(6);
      expect(next.prev_hash).toBe(entries[4].hash);
      expect(await again.verifyAudit()).toMatchObject({ ok: true, entries: 6 });
    });
  });
}
