/** Live updates of the incident list. */
import type { IncidentEvent, IncidentList } from '../api/types.js';

/** Applies one live event to the list: the row's state and time change; other rows stay as they are. */
export function applyIncidentEvent(list: IncidentList, event: IncidentEvent): IncidentList {
  let found = false;
  const incidents = list.incidents.map((row) => {
    if (row.id !== event.id) return row;
    found = true;
    return { ...row, state: event.state, updated_at: event.updated_at };
  });
  return found ? { ...list, incidents } : list;
}
