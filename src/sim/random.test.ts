import { describe, expect, it } from 'vitest';
import { Rng } from './random.js';

describe('Rng', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('derives independent streams by label', () => {
    expect(Rng.derive(1, 'logs').next()).toBe(Rng.derive(1, 'logs').next());
    expect(Rng.derive(1, 'logs').next()).not.toBe(Rng.derive(1, 'metrics').next());
  });

  it('keeps values in range', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 1000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const n = rng.int(3, 5);
      expect([3, 4, 5]).toContain(n);
    }
  });

  it('draws Poisson counts around their mean', () => {
    const rng = new Rng(9);
    let sum = 0;
    for (let i = 0; i < 2000; i++) sum += rng.poisson(4);
    expect(sum / 2000).toBeGreaterThan(3.7);
    expect(sum / 2000).toBeLessThan(4.3);
    expect(rng.poisson(0)).toBe(0);
  });

  it('makes hex ids of the asked length', () => {
    const rng = new Rng(1);
    expect(rng.hex(32)).toMatch(/^[0-9a-f]{32}$/);
    expect(rng.hex(16)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses to pick from an empty list', () => {
    expect(() => new Rng(1).pick([])).toThrow(/empty/);
  });
});
