/** Small coloured labels for severity, state and decision, and a confidence meter. */
import { formatPercent, humanize } from '../lib/format.js';

export function SeverityBadge(props: { severity: string }) {
  return <span class={`badge sev-${props.severity}`}>{props.severity}</span>;
}

export function StateBadge(props: { state: string }) {
  return <span class={`badge state-${props.state}`}>{humanize(props.state)}</span>;
}

export function DecisionBadge(props: { decision: string | null }) {
  if (!props.decision) return <span class="muted">—</span>;
  return <span class={`badge decision-${props.decision}`}>{props.decision}</span>;
}

/** A thin bar with the value as text; the text is what screen readers read. */
export function Meter(props: { value: number | null; label: string; tone?: 'good' | 'risk' | 'neutral' }) {
  if (props.value === null) return <span class="muted">—</span>;
  const pct = Math.max(0, Math.min(1, props.value));
  return (
    <span class="meter" title={`${props.label}: ${formatPercent(pct, 1)}`}>
      <span class="meter-track" aria-hidden="true">
        <span class={`meter-fill tone-${props.tone ?? 'neutral'}`} style={{ width: `${pct * 100}%` }} />
      </span>
      <span class="meter-text">{formatPercent(pct)}</span>
    </span>
  );
}

export function Loading() {
  return (
    <p class="muted" role="status">
      Loading…
    </p>
  );
}

export function ErrorNote(props: { message: string; onRetry?: () => void }) {
  return (
    <div class="error" role="alert">
      {props.message}{' '}
      {props.onRetry && (
        <button type="button" class="ghost" onClick={props.onRetry} aria-label="Try loading again">
          Retry
        </button>
      )}
    </div>
  );
}
