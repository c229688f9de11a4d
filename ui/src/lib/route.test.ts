import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from './route.js';

describe('routes', () => {
  it('parses each page', () => {
    expect(parseRoute('')).toEqual({
      page: 'incidents',
      filters: { state: '', service: '', severity: '' },
      offset: 0,
      limit: 100,
    });
    expect(parseRoute('#/incidents/INC%2F1')).toEqual({ page: 'incident', id: 'INC/1' });
    expect(parseRoute('#/insights')).toEqual({ page: 'insights' });
    expect(parseRoute('#/settings')).toEqual({ page: 'settings' });
    expect(parseRoute('#/incidents?state=resolved&severity=high&offset=50')).toEqual({
      page: 'incidents',
      filters: { state: 'resolved', service: '', severity: 'high' },
      offset: 50,
      limit: 100,
    });
    expect(parseRoute('#/incidents?limit=1000')).toMatchObject({ limit: 1000 });
    // Only the page sizes the list offers: anything else falls back to the default.
    expect(parseRoute('#/incidents?limit=7')).toMatchObject({ limit: 100 });
    expect(parseRoute('#/incidents?limit=abc')).toMatchObject({ limit: 100 });
    expect(
      parseRoute('#/incidents?offset=-3').page === 'incidents' && parseRoute('#/incidents?offset=-3'),
    ).toMatchObject({ offset: 0 });
  });
  it('round-trips through routeHash', () => {
    for (const hash of [
      '#/incidents',
      '#/incidents?service=cart&offset=100',
      '#/incidents?state=resolved&offset=1000&limit=1000',
      '#/incidents/INC%2F1',
      '#/insights',
      '#/settings',
    ]) {
      expect(routeHash(parseRoute(hash))).toBe(hash);
    }
  });
});
