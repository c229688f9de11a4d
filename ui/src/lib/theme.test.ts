import { describe, expect, it } from 'vitest';
import { nextThemeChoice, parseThemeChoice, resolveTheme } from './theme.js';

describe('theme', () => {
  it('follows the system preference on auto and the choice otherwise', () => {
    expect(resolveTheme('auto', true)).toBe('dark');
    expect(resolveTheme('auto', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
  it('cycles and parses stored choices', () => {
    expect([nextThemeChoice('auto'), nextThemeChoice('light'), nextThemeChoice('dark')]).toEqual([
      'light',
      'dark',
      'auto',
    ]);
    expect(parseThemeChoice('dark')).toBe('dark');
    expect(parseThemeChoice('purple')).toBe('auto');
    expect(parseThemeChoice(null)).toBe('auto');
  });
});
