import { describe, expect, it } from 'vitest';
import { truncateLine } from './truncate-line.js';

describe('truncateLine', () => {
  it('keeps short text and cuts long text with an ellipsis', () => {
    expect(truncateLine('disk full', 9)).toBe('disk full');
    expect(truncateLine('disk full', 5)).toBe('disk…');
    expect(truncateLine('x'.repeat(1_000_000), 300)).toHaveLength(300);
  });

  it('never splits a surrogate pair', () => {
    const text = `ab${'😀'.repeat(5)}`;
    const cut = truncateLine(text, 4);
    expect(cut).toBe('ab…');
    expect(() => encodeURIComponent(cut)).not.toThrow();
    expect(truncateLine(text, 5)).toBe('ab😀…');
  });
});
