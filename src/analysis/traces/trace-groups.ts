/**
 * Groups items (spans or log records) by trace id in one pass, keeping at most `maxTraces`
 * traces. With `preferErrors`, traces holding an error are kept before the others, so a cap
 * never hides the failing requests an investigation is looking for.
 */

export interface TraceGroup<T> {
  trace_id: string;
  items: T[];
  has_error: boolean;
}

export interface GroupedTraces<T> {
  groups: TraceGroup<T>[];
  /** Distinct trace ids seen, before the cap. */
  total: number;
  truncated: boolean;
}

export interface GroupOptions<T> {
  traceId: (item: T) => string | undefined;
  isError: (item: T) => boolean;
  maxTraces: number;
  preferErrors?: boolean;
}

/** Groups in first-appearance order; O(n). Items without a trace id are skipped. */
export function groupByTrace<T>(items: readonly T[], options: GroupOptions<T>): GroupedTraces<T> {
  const byId = new Map<string, TraceGroup<T>>();
  for (const item of items) {
    const id = options.traceId(item);
    if (!id) continue;
    let group = byId.get(id);
    if (!group) {
      group = { trace_id: id, items: [], has_error: false };
      byId.set(id, group);
    }
    group.items.push(item);
    if (!group.has_error && options.isError(item)) group.has_error = true;
  }
  const all = [...byId.values()];
  const max = Math.max(0, Math.floor(options.maxTraces));
  if (all.length <= max) return { groups: all, total: all.length, truncated: false };
  const ordered = options.preferErrors
    ? [...all.filter((g) => g.has_error), ...all.filter((g) => !g.has_error)]
    : all;
  return { groups: ordered.slice(0, max), total: all.length, truncated: true };
}
