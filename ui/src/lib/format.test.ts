import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatDuration,
  formatMs,
  formatNumber,
  formatPercent,
  formatProbability,
  formatTimestamp,
  humanize,
  timeTickFormatter,
} from './format.js';

describe('formatDuration', () => {
  it('picks the unit by size', () => {
    expect(formatDuration(0.42)).toBe('420 ms');
    expect(formatDuration(3.25)).toBe('3.3 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(245)).toBe('4 min 05 s');
    expect(formatDuration(7380)).toBe('2 h 03 min');
    expect(formatDuration(3 * 86400 + 4 * 3600 + 5)).toBe('3 d 4 h');
  });
  it('keeps the sign and shows a dash for missing values', () => {
    expect(formatDuration(-90)).toBe('-1 min 30 s');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatMs(372.29)).toBe('372 ms');
    expect(formatMs(undefined)).toBe('—');
  });
});

describe('number formats', () => {
  it('formats fractions, probabilities and compact numbers', () => {
    expect(formatPercent(0.8734)).toBe('87%');
    expect(formatPercent(0.8734, 1)).toBe('87.3%');
    expect(formatPercent(null)).toBe('—');
    expect(formatProbability(0.98981)).toBe('0.99');
    expect(formatNumber(1234)).toBe('1.23k');
    expect(formatNumber(2_500_000)).toBe('2.50M');
    expect(formatNumber(42.517)).toBe('42.5');
    expect(formatNumber(0.000123)).toBe('1.23e-4');
    expect(formatNumber(0)).toBe('0');
  });
});

describe('time formats', () => {
  it('shows epoch seconds in UTC', () => {
    expect(formatTimestamp(1772413755)).toBe('2026-03-02 01:09:15 UTC');
    expect(formatTimestamp(null)).toBe('—');
  });
  it('labels time axis ticks by the span shown', () => {
    expect(timeTickFormatter(3600)(1772413755)).toBe('01:09');
    expect(timeTickFormatter(3 * 86400)(1772413755)).toBe('03-02 01:09');
    expect(timeTickFormatter(90 * 86400)(1772413755)).toBe('2026-03-02');
  });
  it('says how long ago', () => {
    expect(formatAgo(1000, 1010)).toBe('just now');
    expect(formatAgo(1000, 1000 + 300)).toBe('5 min ago');
    expect(formatAgo(1000, 1000 + 3 * 3600)).toBe('3 h ago');
    expect(formatAgo(1000, 1000 + 2 * 86400)).toBe('2 d ago');
  });
  it('turns snake_case into words', () => {
    expect(humanize('connection_pool_exhaustion')).toBe('connection pool exhaustion');
    expect(humanize(null)).toBe('—');
  });
});
