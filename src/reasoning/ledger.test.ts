import { describe, expect, it } from 'vitest';
import { Ledger } from './ledger.js';

describe('Ledger', () => {
  it('sums log-likelihood ratios and flags support by sign', () => {
    const ledger = new Ledger();
    ledger.add('metrics', 2, 'deviates', 'own_anomaly');
    ledger.add('deploy', -0.5, 'no change', 'no_change');
    expect(ledger.total).toBeCloseTo(1.5, 10);
    expect(ledger.entries.map((e) => e.supports)).toEqual([true, false]);
    expect(ledger.entries[1]).toMatchObject({
      agent: 'deploy',
      log_lr: -0.5,
      weight: 0.125,
      kind: 'no_change',
    });
  });

  it('caps weights at 1 and ignores negligible or non-finite terms', () => {
    const ledger = new Ledger();
    ledger.add('topology', 12, 'huge');
    ledger.add('topology', -9, 'huge the other way');
    ledger.add('logs', 1e-4, 'negligible');
    ledger.add('logs', Number.NaN, 'broken');
    ledger.add('logs', Number.POSITIVE_INFINITY, 'broken');
    expect(ledger.entries).toHaveLength(2);
    expect(ledger.entries.map((e) => e.weight)).toEqual([1, 1]);
    expect(ledger.total).toBe(3);
  });

  it('sorts strongest first without reordering its entries', () => {
    const ledger = new Ledger();
    ledger.add('metrics', 0.5, 'small');
    ledger.add('deploy', -3, 'large against');
    ledger.add('logs', 1.5, 'medium');
    expect(ledger.sorted().map((e) => e.summary)).toEqual(['large against', 'medium', 'small']);
    expect(ledger.entries[0].summary).toBe('small');
  });

  it('clones independently', () => {
    const ledger = new Ledger();
    ledger.add('metrics', 1, 'one');
    const copy = ledger.clone();
    copy.add('logs', 2, 'two');
    copy.entries[0].summary = 'changed';
    expect(ledger.entries).toHaveLength(1);
    expect(ledger.entries[0].summary).toBe('one');
    expect(ledger.total).toBe(1);
    expect(copy.total).toBe(3);
  });
});
