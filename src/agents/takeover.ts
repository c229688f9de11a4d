/**
 * A human took the incident over (`afr takeover`): afr stops acting on it. The state
 * `taken_over` is the persisted flag every replica reads: running executions stop at their
 * next step boundary, and later approvals, overrides, autonomous actions and
 * re-investigations are refused (HTTP 409) and audited as `refused_after_takeover`.
 */
import type { Store } from '../store/store.js';

export const TAKEN_OVER_REASON = 'a human took the incident over';

/** The executor's stop check: a reason once the incident is `taken_over`, else null. */
export function stopWhenTakenOver(store: Store, incidentId: string): () => Promise<string | null> {
  return async () =>
    (await store.getIncident(incidentId))?.state === 'taken_over' ? TAKEN_OVER_REASON : null;
}
