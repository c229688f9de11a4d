import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { incidentFixture, T0 } from '../store-fixtures.js';
import type { ContractContext } from './contract-context.js';

/** Listing incidents: order, filters, pagination. */
export function defineListingContract(ctx: ContractContext): void {
  describe('listing', () => {
    beforeEach(async () => {
      const rows: [string, string, 'critical' | 'low', number][] = [
        ['I1', 'checkout', 'critical', T0],
        ['I2', 'payment', 'low', T0 + 20],
        ['I3', 'checkout', 'low', T0 + 10],
        ['I4', 'payment', 'critical', T0 + 20],
        ['I5', 'checkout', 'critical', T0 + 30],
      ];
      for (const [id, service, severity, at] of rows) {
        await ctx
          .store()
          .createIncident(incidentFixture({ id, service, severity, created_at: at, updated_at: at }));
      }
      await ctx.store().transitionIncident('I3', 'detected', 'investigating', 'go', T0 + 40);
    });

    it('lists newest first; equal times newest-created first', async () => {
      expect((await ctx.store().listIncidents()).map((i) => i.id)).toEqual(['I5', 'I4', 'I2', 'I3', 'I1']);
    });

    it('filters by state, service and severity together', async () => {
      const ids = async (filter: Parameters<Store['listIncidents']>[0]) =>
        (await ctx.store().listIncidents(filter)).map((i) => i.id);
      expect(await ids({ state: 'investigating' })).toEqual(['I3']);
      expect(await ids({ service: 'checkout' })).toEqual(['I5', 'I3', 'I1']);
      expect(await ids({ severity: 'critical' })).toEqual(['I5', 'I4', 'I1']);
      expect(await ids({ service: 'checkout', severity: 'critical', state: 'detected' })).toEqual([
        'I5',
        'I1',
      ]);
      expect(await ids({ service: 'nobody' })).toEqual([]);
    });

    it('pages with limit and offset', async () => {
      const page = async (limit?: number, offset?: number) =>
        (await ctx.store().listIncidents({ limit, offset })).map((i) => i.id);
      expect(await page(2)).toEqual(['I5', 'I4']);
      expect(await page(2, 2)).toEqual(['I2', 'I3']);
      expect(await page(2, 4)).toEqual(['I1']);
      expect(await page(undefined, 3)).toEqual(['I3', 'I1']);
      expect(await page(0)).toEqual([]);
      expect(await page(10, 99)).toEqual([]);
    });

    it('refuses a negative or fractional limit, naming it', async () => {
      await expect(ctx.store().listIncidents({ limit: -1 })).rejects.toThrow(
        /filter\.limit: expected a non-negative integer/,
      );
      await expect(ctx.store().listIncidents({ offset: 1.5 })).rejects.toThrow(/filter\.offset/);
    });
  });
}
