/**
 * The incidents page: a filtered, paged list that updates live from the server-sent
 * `incident` events (the affected row changes at once; the list is then re-read for the
 * report's headline).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { IncidentList } from '../api/types.js';
import { DecisionBadge, ErrorNote, Loading, Meter, SeverityBadge, StateBadge } from '../components/badges.js';
import { formatAgo, formatDuration, humanize } from '../lib/format.js';
import { applyIncidentEvent } from '../lib/incident-list.js';
import { type LiveState, subscribeIncidents } from '../lib/live-events.js';
import { type IncidentFilters, PAGE_SIZES, routeHash } from '../lib/route.js';
import { INCIDENT_STATES, SEVERITIES } from '../lib/vocabulary.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

function go(filters: IncidentFilters, offset: number, limit: number) {
  location.hash = routeHash({ page: 'incidents', filters, offset, limit });
}

export function IncidentsPage(props: { filters: IncidentFilters; offset: number; limit: number }) {
  const { client } = useSession();
  const { filters, offset, limit } = props;
  const loaded = useLoad(
    () => client.incidents({ ...filters, limit, offset }),
    [client, filters.state, filters.service, filters.severity, offset, limit],
  );
  const [list, setList] = useState<IncidentList | null>(null);
  const [live, setLive] = useState<LiveState>('connecting');
  const [flash, setFlash] = useState<Set<string>>(new Set());
  const [serviceInput, setServiceInput] = useState(filters.service);
  const refresh = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reload = loaded.reload;

  useEffect(() => setList(loaded.data), [loaded.data]);
  useEffect(() => setServiceInput(filters.service), [filters.service]);

  useEffect(() => {
    const stop = subscribeIncidents(
      client.eventsUrl(),
      (event) => {
        setList((current) => (current ? applyIncidentEvent(current, event) : current));
        setFlash((current) => new Set(current).add(event.id));
        setTimeout(
          () =>
            setFlash((current) => {
              const next = new Set(current);
              next.delete(event.id);
              return next;
            }),
          2500,
        );
        if (refresh.current) clearTimeout(refresh.current);
        refresh.current = setTimeout(reload, 800);
      },
      setLive,
    );
    return () => {
      stop();
      if (refresh.current) clearTimeout(refresh.current);
    };
  }, [client, reload]);

  const set = (key: keyof IncidentFilters, value: string) => go({ ...filters, [key]: value }, 0, limit);
  const now = Date.now() / 1000;
  const total = list?.total ?? 0;

  return (
    <section aria-labelledby="incidents-title">
      <div class="page-head">
        <h1 id="incidents-title">Incidents</h1>
        <span class={`live live-${live}`} role="status" aria-live="polite">
          {live === 'live' ? '● live' : live === 'connecting' ? '○ connecting' : '○ reconnecting'}
        </span>
      </div>
      <form
        class="filters"
        aria-label="Filter incidents"
        onSubmit={(e) => {
          e.preventDefault();
          set('service', serviceInput.trim());
        }}
      >
        <label>
          State
          <select value={filters.state} onChange={(e) => set('state', (e.target as HTMLSelectElement).value)}>
            <option value="">any</option>
            {INCIDENT_STATES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select
            value={filters.severity}
            onChange={(e) => set('severity', (e.target as HTMLSelectElement).value)}
          >
            <option value="">any</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Service
          <input
            type="search"
            value={serviceInput}
            placeholder="e.g. checkout"
            onInput={(e) => setServiceInput((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" aria-label="Apply the service filter">
          Filter
        </button>
        {(filters.state || filters.severity || filters.service) && (
          <button
            type="button"
            class="ghost"
            onClick={() => go({ state: '', service: '', severity: '' }, 0, limit)}
            aria-label="Clear all filters"
          >
            Clear
          </button>
        )}
      </form>
      {loaded.error && <ErrorNote message={loaded.error} onRetry={reload} />}
      {!list && !loaded.error && <Loading />}
      {list && (
        <>
          <div class="table-wrap">
            <table class="incidents" aria-label="Incidents">
              <thead>
                <tr>
                  <th scope="col">Incident</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Service</th>
                  <th scope="col">State</th>
                  <th scope="col">Root cause</th>
                  <th scope="col">Confidence</th>
                  <th scope="col">Decision</th>
                  <th scope="col">MTTR</th>
                  <th scope="col">Opened</th>
                </tr>
              </thead>
              <tbody>
                {list.incidents.map((row) => (
                  <tr key={row.id} class={flash.has(row.id) ? 'flash' : ''} data-incident={row.id}>
                    <td>
                      <a href={routeHash({ page: 'incident', id: row.id })} title={row.alert.message}>
                        {row.id}
                      </a>
                    </td>
                    <td>
                      <SeverityBadge severity={row.severity} />
                    </td>
                    <td>{row.service}</td>
                    <td>
                      <StateBadge state={row.state} />
                    </td>
                    <td>
                      {row.root_cause_service ? (
                        <>
                          <strong>{row.root_cause_service}</strong>{' '}
                          <span class="muted">{humanize(row.cause)}</span>
                        </>
                      ) : (
                        <span class="muted">—</span>
                      )}
                    </td>
                    <td>
                      <Meter value={row.confidence} label="Confidence" />
                    </td>
                    <td>
                      <DecisionBadge decision={row.decision} />
                    </td>
                    <td>{formatDuration(row.mttr_s)}</td>
                    <td title={new Date(row.created_at * 1000).toISOString()}>
                      {formatAgo(row.created_at, now)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.incidents.length === 0 && <p class="muted">No incidents match.</p>}
          <nav class="pager" aria-label="Pages">
            <span class="muted">
              {total === 0 ? 0 : offset + 1}–{offset + list.incidents.length} of {total}
            </span>
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => go(filters, Math.max(0, offset - limit), limit)}
              aria-label="Previous page"
            >
              ‹ Previous
            </button>
            <button
              type="button"
              disabled={offset + limit >= total}
              onClick={() => go(filters, offset + limit, limit)}
              aria-label="Next page"
            >
              Next ›
            </button>
            <label>
              Rows{' '}
              <select
                value={String(limit)}
                onChange={(e) => go(filters, 0, Number((e.target as HTMLSelectElement).value))}
              >
                {PAGE_SIZES.map((size) => (
                  <option key={size} value={String(size)}>
                    {size}
                  </option>
                ))}
              </select>
            </label>
          </nav>
        </>
      )}
    </section>
  );
}
