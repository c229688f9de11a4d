/**
 * A Store that announces incident changes on the coordination channel `incidents` (ids
 * and states only: LISTEN/NOTIFY payloads are small), so every replica's SSE clients see
 * every change, whoever made it.
 */
import type { IncidentState } from '../core/index.js';
import type { Coordination } from '../store/coordination/coordination.js';
import type { Store } from '../store/store.js';

export const INCIDENT_CHANNEL = 'incidents';

export interface IncidentEvent {
  id: string;
  state: IncidentState;
  updated_at: number;
}

export function publishingStore(
  store: Store,
  coordination: Coordination,
  onError: (e: unknown) => void,
): Store {
  const announce = (event: IncidentEvent) => {
    coordination.publish(INCIDENT_CHANNEL, JSON.stringify(event)).catch(onError);
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'createIncident') {
        return async (record: Parameters<Store['createIncident']>[0]) => {
          await target.createIncident(record);
          announce({ id: record.id, state: record.state, updated_at: record.updated_at });
        };
      }
      if (property === 'transitionIncident') {
        return async (id: string, from: IncidentState, to: IncidentState, reason: string, at: number) => {
          await target.transitionIncident(id, from, to, reason, at);
          announce({ id, state: to, updated_at: at });
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
