/** Hash routes of the app: `#/incidents?state=…&limit=…`, `#/incidents/<id>`, `#/insights`, `#/settings`. */

/** Rows per page of the incidents list; the first is the default. */
export const PAGE_SIZES = [100, 500, 1000] as const;
export const DEFAULT_PAGE_SIZE = PAGE_SIZES[0];

export interface IncidentFilters {
  state: string;
  service: string;
  severity: string;
}

export type Route =
  | { page: 'incidents'; filters: IncidentFilters; offset: number; limit: number }
  | { page: 'incident'; id: string }
  | { page: 'insights' }
  | { page: 'settings' };

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const [path, search = ''] = text.split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'incidents' && parts[1]) return { page: 'incident', id: parts[1] };
  if (parts[0] === 'insights') return { page: 'insights' };
  if (parts[0] === 'settings') return { page: 'settings' };
  const q = new URLSearchParams(search);
  const offset = Number(q.get('offset') ?? 0);
  const limit = Number(q.get('limit') ?? DEFAULT_PAGE_SIZE);
  return {
    page: 'incidents',
    filters: {
      state: q.get('state') ?? '',
      service: q.get('service') ?? '',
      severity: q.get('severity') ?? '',
    },
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
  };
}

export function routeHash(route: Route): string {
  switch (route.page) {
    case 'incident':
      return `#/incidents/${encodeURIComponent(route.id)}`;
    case 'insights':
      return '#/insights';
    case 'settings':
      return '#/settings';
    case 'incidents': {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(route.filters)) if (v) q.set(k, v);
      if (route.offset > 0) q.set('offset', String(route.offset));
      if (route.limit !== DEFAULT_PAGE_SIZE) q.set('limit', String(route.limit));
      const s = q.toString();
      return s ? `#/incidents?${s}` : '#/incidents';
    }
  }
}
