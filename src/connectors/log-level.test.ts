// Level numbers follow RFC 5424 §6.2.1 (syslog severities 0–7), bunyan/pino's documented
// levels (10 trace … 60 fatal) and the OpenTelemetry Logs data model's SeverityNumber (1–24).
import { describe, expect, it } from 'vitest';
import { levelFromLine, levelSpellings, normalizeLevel } from './log-level.js';

describe('normalizeLevel', () => {
  it('maps common spellings, any case, with brackets', () => {
    expect(normalizeLevel('WARNING')).toBe('warn');
    expect(normalizeLevel('Err')).toBe('error');
    expect(normalizeLevel('CRITICAL')).toBe('fatal');
    expect(normalizeLevel('FATAL')).toBe('fatal');
    expect(normalizeLevel(' [Info] ')).toBe('info');
    expect(normalizeLevel('notice')).toBe('info');
    expect(normalizeLevel('SEVERE')).toBe('error');
    expect(normalizeLevel('finest')).toBe('trace');
    expect(normalizeLevel('dpanic')).toBe('fatal');
  });

  it('reads syslog severities, bunyan/pino numbers and OpenTelemetry severity numbers', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => normalizeLevel(n))).toEqual([
      'fatal',
      'fatal',
      'fatal',
      'error',
      'warn',
      'info',
      'info',
      'debug',
    ]);
    expect([10, 20, 30, 40, 50, 60, 70].map((n) => normalizeLevel(n))).toEqual([
      'trace',
      'debug',
      'info',
      'warn',
      'error',
      'fatal',
      'fatal',
    ]);
    expect(normalizeLevel('50')).toBe('error');
    expect(normalizeLevel(5, 'bunyan')).toBeUndefined();
    expect(normalizeLevel(30, 'syslog')).toBeUndefined();
    expect([1, 5, 9, 13, 17, 21, 24].map((n) => normalizeLevel(n, 'otel'))).toEqual([
      'trace',
      'debug',
      'info',
      'warn',
      'error',
      'fatal',
      'fatal',
    ]);
  });

  it('rejects words and values that name no level', () => {
    expect(normalizeLevel('banana')).toBeUndefined();
    expect(normalizeLevel('')).toBeUndefined();
    expect(normalizeLevel(8)).toBeUndefined();
    expect(normalizeLevel(-1)).toBeUndefined();
    expect(normalizeLevel(Number.NaN)).toBeUndefined();
    expect(normalizeLevel(null)).toBeUndefined();
    expect(normalizeLevel({ level: 'warn' })).toBeUndefined();
  });
});

describe('levelFromLine', () => {
  it('finds logfmt and JSON keys', () => {
    expect(levelFromLine('ts=1 level=warn msg=x')).toBe('warn');
    expect(levelFromLine('{"msg":"x","level":"ERROR"}')).toBe('error');
    expect(levelFromLine('{"level":50,"msg":"pino"}')).toBe('error');
    expect(levelFromLine('severity=CRITICAL msg=x')).toBe('fatal');
  });

  it('finds a level word at the start, after an optional timestamp', () => {
    expect(levelFromLine('ERROR something broke')).toBe('error');
    expect(levelFromLine('[WARN] disk nearly full')).toBe('warn');
    expect(levelFromLine('2024-01-01T00:00:00Z INFO started')).toBe('info');
    expect(levelFromLine('2024-01-01 00:00:00,123 WARNING slow')).toBe('warn');
  });

  it('finds nothing in a plain sentence', () => {
    expect(levelFromLine('user clicked the error button')).toBeUndefined();
    expect(levelFromLine('level=high pressure')).toBeUndefined();
  });
});

describe('levelSpellings', () => {
  it('lists raw spellings in three cases for exact-match filters', () => {
    const words = levelSpellings(['warn']);
    expect(words).toEqual(expect.arrayContaining(['warn', 'WARN', 'Warn', 'warning', 'WARNING', 'Warning']));
    expect(words).not.toContain('w');
    expect(words).not.toContain('error');
  });
});
