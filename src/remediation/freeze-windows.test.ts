import { describe, expect, it } from 'vitest';
import { activeFreeze, freezeStartsWithin, isKnownTimeZone } from './freeze-windows.js';

// 2023-11-14 is a Tuesday (day 2).
const at = (iso: string) => Date.parse(iso) / 1000;

describe('freeze windows', () => {
  it('absolute windows: start inclusive, end exclusive, with their reason', () => {
    const w = [{ start: 100, end: 200, reason: 'release' }];
    expect(activeFreeze(100, w)).toEqual({ reason: 'release' });
    expect(activeFreeze(199, w)).toEqual({ reason: 'release' });
    expect(activeFreeze(200, w)).toBeNull();
    expect(activeFreeze(99, w)).toBeNull();
  });

  it('weekly windows in UTC, on the listed days only', () => {
    const weekly = [{ days: [2], start: '09:00', end: '17:00', reason: 'business hours' }];
    expect(activeFreeze(at('2023-11-14T09:00:00Z'), [], weekly)).toEqual({ reason: 'business hours' });
    expect(activeFreeze(at('2023-11-14T16:59:00Z'), [], weekly)).not.toBeNull();
    expect(activeFreeze(at('2023-11-14T17:00:00Z'), [], weekly)).toBeNull();
    expect(activeFreeze(at('2023-11-15T10:00:00Z'), [], weekly)).toBeNull();
  });

  it('weekly windows past midnight belong to the day they start', () => {
    const weekly = [{ days: [5], start: '22:00', end: '06:00' }]; // Friday night
    expect(activeFreeze(at('2023-11-17T23:00:00Z'), [], weekly)).not.toBeNull();
    expect(activeFreeze(at('2023-11-18T05:59:00Z'), [], weekly)).not.toBeNull();
    expect(activeFreeze(at('2023-11-18T06:00:00Z'), [], weekly)).toBeNull();
    expect(activeFreeze(at('2023-11-17T05:00:00Z'), [], weekly)).toBeNull(); // Thursday night is not frozen
  });

  it('weekly windows in another time zone follow its local time and daylight saving', () => {
    const weekly = [{ days: [5], start: '16:00', end: '23:59', timezone: 'America/New_York' }];
    // Friday 2023-11-17 16:00 in New York (EST, UTC-5) is 21:00 UTC.
    expect(activeFreeze(at('2023-11-17T21:00:00Z'), [], weekly)).not.toBeNull();
    expect(activeFreeze(at('2023-11-17T20:59:00Z'), [], weekly)).toBeNull();
    // Friday 2023-07-14 16:00 in New York (EDT, UTC-4) is 20:00 UTC.
    expect(activeFreeze(at('2023-07-14T20:00:00Z'), [], weekly)).not.toBeNull();
    // Saturday 02:00 UTC is still Friday evening in New York.
    expect(activeFreeze(at('2023-11-18T02:00:00Z'), [], weekly)).not.toBeNull();
    // An end of 24:00 covers the last minute of the day, and not the next day.
    const night = [{ days: [5], start: '16:00', end: '24:00' }];
    expect(activeFreeze(at('2023-11-17T23:59:30Z'), [], night)).not.toBeNull();
    expect(activeFreeze(at('2023-11-18T00:00:00Z'), [], night)).toBeNull();
  });

  it('takes a window in an unknown time zone as in force (the config schema refuses it first)', () => {
    expect(isKnownTimeZone('Europe/Paris')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
    const weekly = [{ days: [1], start: '09:00', end: '10:00', timezone: 'Mars/Olympus' }];
    expect(activeFreeze(at('2023-11-14T12:00:00Z'), [], weekly)).toEqual({
      reason: 'unknown time zone Mars/Olympus in a weekly freeze window',
    });
  });

  it('ignores malformed times', () => {
    expect(
      activeFreeze(at('2023-11-14T10:00:00Z'), [], [{ days: [2], start: '9am', end: '17:00' }]),
    ).toBeNull();
  });

  it('tells when a freeze starts within a horizon', () => {
    expect(freezeStartsWithin(100, 60, [{ start: 150, end: 300 }])).toBe(true);
    expect(freezeStartsWithin(100, 60, [{ start: 170, end: 300 }])).toBe(false);
    const weekly = [{ days: [2], start: '10:00', end: '11:00' }];
    expect(freezeStartsWithin(at('2023-11-14T09:55:00Z'), 600, [], weekly)).toBe(true);
    expect(freezeStartsWithin(at('2023-11-14T09:30:00Z'), 600, [], weekly)).toBe(false);
  });
});
