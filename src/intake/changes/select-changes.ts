/**
 * The one rule every ChangeSource applies to its answer: keep the changes inside the query's
 * time range (both ends included) and, when the query names services, only theirs; return
 * them in time order.
 */
import type { ChangeQuery } from '../../core/ports.js';
import type { ChangeEvent } from '../../core/telemetry.js';

export function selectChanges(changes: Iterable<ChangeEvent>, query: ChangeQuery): ChangeEvent[] {
  const services = query.services ? new Set(query.services) : undefined;
  const out: ChangeEvent[] = [];
  for (const change of changes) {
    if (change.timestamp < query.range.start || change.timestamp > query.range.end) continue;
    if (services && !services.has(change.service)) continue;
    out.push(change);
  }
  return out.sort((a, b) => a.timestamp - b.timestamp);
}

/** How a change query reads in an Outcome's SourceRef. */
export function describeChangeQuery(query: ChangeQuery): string {
  const range = `${query.range.start}..${query.range.end}`;
  return query.services ? `${range} services=${query.services.join(',')}` : range;
}
