/**
 * The live incident feed: subscribes to the server-sent `incident` events and reports the
 * connection state. EventSource reconnects by itself after a drop.
 */
import type { IncidentEvent } from '../api/types.js';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/** Parses an `incident` event's data; null when it is not the documented shape. */
export function parseIncidentEvent(data: string): IncidentEvent | null {
  try {
    const value = JSON.parse(data) as Partial<IncidentEvent>;
    if (typeof value.id !== 'string' || typeof value.state !== 'string') return null;
    return { id: value.id, state: value.state, updated_at: Number(value.updated_at) || 0 };
  } catch {
    return null;
  }
}

export function subscribeIncidents(
  url: string,
  onEvent: (event: IncidentEvent) => void,
  onState: (state: LiveState) => void,
): () => void {
  const source = new EventSource(url);
  onState('connecting');
  source.addEventListener('open', () => onState('live'));
  source.addEventListener('error', () => onState('reconnecting'));
  source.addEventListener('incident', (message) => {
    const event = parseIncidentEvent((message as MessageEvent<string>).data);
    if (event) onEvent(event);
  });
  return () => source.close();
}
