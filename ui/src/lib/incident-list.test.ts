import { describe, expect, it } from 'vitest';
import type { IncidentList, IncidentSummary } from '../api/types.js';
import { applyIncidentEvent } from './incident-list.js';

const row = (id: string): IncidentSummary => ({
  id,
  alert: {
    id: `A-${id}`,
    timestamp: 100,
    service: 'checkout',
    severity: 'high',
    message: '',
    labels: {},
    annotations: {},
    status: 'firing',
    source: 'api',
  },
  service: 'checkout',
  severity: 'high',
  priority: 2,
  state: 'awaiting_approval',
  created_at: 100,
  updated_at: 100,
  root_cause_service: 'orders',
  cause: 'config_change',
  confidence: 0.9,
  decision: 'approve',
  mttr_s: null,
});

describe('applyIncidentEvent', () => {
  const list: IncidentList = { incidents: [row('INC-1'), row('INC-2')], total: 2 };

  it('changes the affected row only', () => {
    const next = applyIncidentEvent(list, { id: 'INC-2', state: 'remediating', updated_at: 200 });
    expect(next.incidents[1]).toMatchObject({
      id: 'INC-2',
      state: 'remediating',
      updated_at: 200,
      cause: 'config_change',
    });
    expect(next.incidents[0]).toBe(list.incidents[0]);
    expect(list.incidents[1].state).toBe('awaiting_approval');
  });
  it('returns the same list for an unknown incident', () => {
    expect(applyIncidentEvent(list, { id: 'INC-9', state: 'resolved', updated_at: 1 })).toBe(list);
  });
});
