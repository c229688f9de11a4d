/**
 * Change-freeze windows: absolute ones (epoch seconds, start inclusive, end exclusive) and
 * weekly recurring ones in a time zone (`days` 0 = Sunday … 6 = Saturday, `start`/`end`
 * "HH:MM" local time, `timezone` an IANA name, default UTC; an end at or before the start
 * runs past midnight into the next day; an end of "24:00" is midnight at the end of the day).
 */
export interface FreezeWindow {
  start: number;
  end: number;
  reason?: string;
}

export interface WeeklyFreezeWindow {
  days: readonly number[];
  start: string;
  end: string;
  reason?: string;
  /** IANA time zone of `days`, `start` and `end` (default UTC). */
  timezone?: string;
}

/** The freeze in force at `now`, or null. */
export function activeFreeze(
  now: number,
  windows: readonly FreezeWindow[],
  weekly: readonly WeeklyFreezeWindow[] = [],
): { reason: string } | null {
  const absolute = windows.find((w) => now >= w.start && now < w.end);
  if (absolute) return { reason: absolute.reason ?? '' };
  const recurring = weekly.find((w) => inWeekly(now, w));
  if (!recurring) return null;
  // A window afr cannot evaluate is taken as in force: a safety gate fails closed.
  if (recurring.timezone && !isKnownTimeZone(recurring.timezone))
    return { reason: `unknown time zone ${recurring.timezone} in a weekly freeze window` };
  return { reason: recurring.reason ?? '' };
}

/** A freeze that starts within `horizonSeconds` after `now` (checked minute by minute for weekly ones). */
export function freezeStartsWithin(
  now: number,
  horizonSeconds: number,
  windows: readonly FreezeWindow[],
  weekly: readonly WeeklyFreezeWindow[] = [],
): boolean {
  if (windows.some((w) => w.start > now && w.start < now + horizonSeconds)) return true;
  for (let t = now + 60; t < now + horizonSeconds; t += 60) {
    if (weekly.some((w) => inWeekly(t, w))) return true;
  }
  return false;
}

function inWeekly(now: number, w: WeeklyFreezeWindow): boolean {
  const start = minutesOf(w.start);
  const end = minutesOf(w.end);
  if (start === null || end === null) return false;
  const local = localTime(now, w.timezone);
  if (!local) return true;
  const { day, minute } = local;
  if (end > start) return w.days.includes(day) && minute >= start && minute < end;
  // Past midnight: the evening part belongs to `day`, the morning part to the day before.
  return (w.days.includes(day) && minute >= start) || (w.days.includes((day + 6) % 7) && minute < end);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** True for a time zone name this runtime knows (`UTC`, `Europe/Paris`...). */
export function isKnownTimeZone(timezone: string): boolean {
  return formatterFor(timezone) !== null;
}

function formatterFor(timezone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      formatter = null;
    }
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** Day of week (0 = Sunday) and minute of day at `now` in `timezone`; null for an unknown zone. */
function localTime(now: number, timezone = 'UTC'): { day: number; minute: number } | null {
  const date = new Date(now * 1000);
  if (timezone === 'UTC')
    return { day: date.getUTCDay(), minute: date.getUTCHours() * 60 + date.getUTCMinutes() };
  const formatter = formatterFor(timezone);
  if (!formatter) return null;
  const parts = Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    day: WEEKDAYS.indexOf(parts.weekday ?? ''),
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function minutesOf(hhmm: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h === 24 && min === 0) return 24 * 60; // the end of the day
  return h < 24 && min < 60 ? h * 60 + min : null;
}
