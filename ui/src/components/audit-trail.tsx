/** The incident's state history and its audit trail (hash-chained entries, oldest first). */
import type { AuditEntry, StateHistoryEntry } from '../api/types.js';
import { formatTimestamp, humanize } from '../lib/format.js';

function detailText(detail: Record<string, unknown>): string {
  const parts = Object.entries(detail).map(
    ([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
  );
  return parts.join(' · ');
}

export function StateHistory(props: { history: readonly StateHistoryEntry[] }) {
  if (props.history.length === 0) return <p class="muted">No state changes recorded.</p>;
  return (
    <ol class="history">
      {props.history.map((h, i) => (
        <li key={i}>
          <span class="muted">{formatTimestamp(h.at)}</span> {h.from ? humanize(h.from) : 'new'} →{' '}
          <strong>{humanize(h.to)}</strong> <span class="muted">— {h.reason}</span>
        </li>
      ))}
    </ol>
  );
}

export function AuditTrail(props: { entries: readonly AuditEntry[] | null; error: string | null }) {
  if (props.error) return <p class="error">{props.error}</p>;
  if (!props.entries) return <p class="muted">Loading…</p>;
  if (props.entries.length === 0) return <p class="muted">No audit entries.</p>;
  return (
    <div class="table-wrap">
      <table class="audit">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr key={e.seq}>
              <td title={`hash ${e.hash}`}>{e.seq}</td>
              <td>{formatTimestamp(e.at)}</td>
              <td>{e.actor}</td>
              <td>{humanize(e.action)}</td>
              <td class="wrap">{detailText(e.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
