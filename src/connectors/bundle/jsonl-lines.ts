import type { TimeRange } from '../../core/index.js';

/**
 * JSON Lines text for the records whose time falls inside `window` (inclusive), one
 * `toJson` object per line; undefined when none does, so the file is left out.
 */
export function formatJsonLines<T>(
  records: readonly T[],
  window: TimeRange,
  timeOf: (record: T) => number,
  toJson: (record: T) => Record<string, unknown>,
): string | undefined {
  const lines: string[] = [];
  for (const record of records) {
    const time = timeOf(record);
    if (time >= window.start && time <= window.end) lines.push(JSON.stringify(toJson(record)));
  }
  return lines.length ? `${lines.join('\n')}\n` : undefined;
}
