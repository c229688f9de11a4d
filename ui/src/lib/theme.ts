/**
 * Light/dark theme: the user's choice (auto follows `prefers-color-scheme`), kept in
 * localStorage and applied as `data-theme` on <html>; charts read the resolved palette.
 */

export type ThemeChoice = 'auto' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'afr.theme';

export function resolveTheme(choice: ThemeChoice, prefersDark: boolean): Theme {
  if (choice === 'auto') return prefersDark ? 'dark' : 'light';
  return choice;
}

/** auto → light → dark → auto. */
export function nextThemeChoice(choice: ThemeChoice): ThemeChoice {
  return choice === 'auto' ? 'light' : choice === 'light' ? 'dark' : 'auto';
}

export function parseThemeChoice(value: string | null): ThemeChoice {
  return value === 'light' || value === 'dark' ? value : 'auto';
}

/** Colours the canvas/SVG renderers need, per theme (CSS variables cover the rest). */
export interface Palette {
  text: string;
  muted: string;
  grid: string;
  surface: string;
  line: string;
  anomaly: string;
  change: string;
  root: string;
  blast: string;
  atRisk: string;
  path: string;
  node: string;
  edge: string;
  good: string;
}

export const PALETTES: Record<Theme, Palette> = {
  light: {
    text: '#1f2430',
    muted: '#5b6475',
    grid: 'rgba(31,36,48,0.10)',
    surface: '#ffffff',
    line: '#2563eb',
    anomaly: 'rgba(220,38,38,0.14)',
    change: '#b45309',
    root: '#dc2626',
    blast: '#f59e0b',
    atRisk: '#a855f7',
    path: '#dc2626',
    node: '#94a3b8',
    edge: '#cbd5e1',
    good: '#16a34a',
  },
  dark: {
    text: '#e6e9ef',
    muted: '#9aa4b5',
    grid: 'rgba(230,233,239,0.10)',
    surface: '#171b24',
    line: '#60a5fa',
    anomaly: 'rgba(248,113,113,0.20)',
    change: '#fbbf24',
    root: '#f87171',
    blast: '#fbbf24',
    atRisk: '#c084fc',
    path: '#f87171',
    node: '#64748b',
    edge: '#475569',
    good: '#4ade80',
  },
};
