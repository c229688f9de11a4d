import { describe, expect, it } from 'vitest';
import { SchemaVersionError, StoreClosedError } from '../store-errors.js';
import { incidentFixture, reportFixture, T0 } from '../store-fixtures.js';
import type { ContractContext } from './contract-context.js';

/** Restarts, closing, and (for versioned stores) schema migrations. */
export function defineLifecycleContract(ctx: ContractContext, versionedSchema: boolean): void {
  describe('lifecycle', () => {
    it('keeps everything across a reopen', async () => {
      await ctx.store().createIncident(incidentFixture());
      await ctx.store().transitionIncident('INC-1', 'detected', 'investigating', 'go', T0 + 1);
      await ctx.store().saveReport(reportFixture());
      await ctx.store().close();
      const again = await ctx.reopen();
      expect((await again.getIncident('INC-1'))?.state).toBe('investigating');
      expect(await again.getStateHistory('INC-1')).toHaveLength(2);
      expect(await again.getReport('INC-1')).toEqual(reportFixture());
    });

    it('rejects calls after close; closing twice is fine', async () => {
      await ctx.store().close();
      await ctx.store().close();
      await expect(ctx.store().getIncident('INC-1')).rejects.toThrow(StoreClosedError);
      await expect(
        ctx.store().appendAudit({ incident_id: null, actor: 'a', action: 'b', detail: {}, at: 0 }),
      ).rejects.toThrow(StoreClosedError);
    });

    if (versionedSchema) {
      it('re-opens an up-to-date database without migrating again', async () => {
        await ctx.store().createIncident(incidentFixture());
        await ctx.store().close();
        const again = await ctx.reopen();
        expect(await again.getIncident('INC-1')).toBeDefined();
        await again.close();
        expect(await (await ctx.reopen()).listIncidents()).toHaveLength(1);
      });

      it('refuses a database written by a newer version', async () => {
        await ctx.store().close();
        const harness = ctx.harness();
        if (!harness.setSchemaVersion) throw new Error('the harness must implement setSchemaVersion');
        await harness.setSchemaVersion(999);
        await expect(ctx.reopen()).rejects.toThrow(SchemaVersionError);
        await expect(ctx.harness().reopen()).rejects.toThrow(/schema version 999.*knows only up to/);
      });
    }
  });
}
