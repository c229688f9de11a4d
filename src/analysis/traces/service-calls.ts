/**
 * The cross-service calls inside a trace: every span whose (effective) parent belongs to a
 * different service is one call from the parent's service to the span's service. With
 * OpenTelemetry that is the caller's CLIENT span over the callee's SERVER span, so the
 * child's duration is the latency as the callee served it.
 */
import type { Span } from '../../core/telemetry.js';
import type { SpanTree } from './span-tree.js';

export function forEachServiceCall(tree: SpanTree, visit: (caller: Span, callee: Span) => void): void {
  for (let i = 0; i < tree.spans.length; i++) {
    const p = tree.parent[i];
    if (p < 0) continue;
    const caller = tree.spans[p];
    const callee = tree.spans[i];
    if (caller.service !== callee.service) visit(caller, callee);
  }
}

/** A map key for a caller→callee pair (service names cannot contain NUL). */
export function edgeKey(caller: string, callee: string): string {
  return `${caller}\u0000${callee}`;
}
