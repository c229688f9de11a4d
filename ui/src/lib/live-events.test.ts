import { describe, expect, it } from 'vitest';
import { parseIncidentEvent } from './live-events.js';

describe('parseIncidentEvent', () => {
  it('reads the documented payload', () => {
    expect(parseIncidentEvent('{"id":"INC-1","state":"resolved","updated_at":1772413755}')).toEqual({
      id: 'INC-1',
      state: 'resolved',
      updated_at: 1772413755,
    });
  });
  it('ignores anything else', () => {
    expect(parseIncidentEvent('not json')).toBeNull();
    expect(parseIncidentEvent('{"state":"resolved"}')).toBeNull();
    expect(parseIncidentEvent('[]')).toBeNull();
  });
});
