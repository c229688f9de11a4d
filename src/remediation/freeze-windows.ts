/**
 * Change-freeze windows: absolute ones (epoch seconds, start inclusive, end exclusive) and
 * weekly recurring ones in UTC (`days` 0 = Sunday … 6 = Saturday, `start`/`end` "HH:MM";
 * an end at or before the start runs past midnight into the next day).
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
  return recurring ? { reason: recurring.reason ?? '' } : null;
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
  const date = new Date(now * 1000);
  const day = date.getUTCDay();
  const minute = date.getUTCHours() * 60 + date.getUTCMinutes();
  if (end > start) return w.days.includes(day) && minute >= start && minute < end;
  // Past midnight: the evening part belongs to `day`, the morning part to the day before.
  return (w.days.includes(day) && minute >= start) || (w.days.includes((day + 6) % 7) && minute < end);
}

function minutesOf(hhmm: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}
